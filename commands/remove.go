package commands

import (
	"context"
	"strconv"
	"time"
)

// This file holds /remove and /confirm. Removing someone cannot be undone,
// so /remove only asks: the same person confirms with /confirm in the same
// chat within confirmWindow. On the card, a second press of the row's
// Remove button (after the double-click second) is the confirmation.
// Nobody removes the host, and nobody removes themselves.

// confirmWindow is how long a /remove waits for its /confirm.
const confirmWindow = 60 * time.Second

// Text for /remove and /confirm.
var (
	msgRemoveAsk     = Text{"Remove %s from %s%s? Send `/confirm` within 60 seconds to go ahead.", "确定将%s移出%s%s吗？请在 60 秒内发送 `/确认`。"}
	msgRemoveAskCard = Text{"Press “Remove” on %s's row again within 60 seconds to remove them%s.", "请在 60 秒内再次点击%s一行的“移出会议”%s。"}
	msgRemoveBan     = Text{" for good (they can't rejoin)", "（禁止再次入会）"}
	msgRemoved       = Text{"Removed %s from the meeting.", "已将%s移出会议。"}
	msgRemovedBan    = Text{"Removed %s from the meeting; they can't rejoin.", "已将%s移出会议，且禁止再次入会。"}
	msgRemoveSelf    = Text{"You can't remove yourself — leave the meeting in DingTalk, or end it for everyone with `/meeting end`.", "不能将自己移出会议：请在钉钉中离开会议，或发送 `/结束会议` 为所有人结束会议。"}
	msgRemoveHost    = Text{"%s is the host of %s: nobody can remove the host.", "%s是%s的主持人，主持人不能被移出会议。"}
	msgConfirmNone   = Text{"There is nothing to confirm — `/confirm` carries out a `/remove` you sent here in the last 60 seconds.", "没有需要确认的操作：`/确认` 用于执行你 60 秒内在本群发送的 `/移出会议`。"}
	msgConfirmOther  = Text{"Only %s, who asked to remove %s, can confirm it.", "只有发起移出%[2]s的%[1]s可以确认。"}
	msgConfirmLate   = Text{"Removing %s was not confirmed within 60 seconds, so nothing was done — send `/remove` again.", "移出%s未在 60 秒内确认，已取消。如仍需移出，请重新发送 `/移出会议`。"}
	msgConfirmTaken  = Text{"That removal is already being carried out.", "该移出操作已在执行中。"}
)

// pendingRemoval is a /remove waiting for its /confirm, one per chat.
type pendingRemoval struct {
	ID        string    `json:"id"`
	MeetingID string    `json:"meetingId"`
	By        Person    `json:"by"`
	Targets   []Person  `json:"targets"`
	Ban       bool      `json:"ban,omitempty"`
	At        time.Time `json:"at"`
}

func confirmKey(corp, chat string) string { return "confirm:" + corp + ":" + chat }

// removeCmd is /remove @a [@b …] [ban]: it checks who can be removed and
// asks the sender to confirm. A card press that repeats a pending removal
// of the same person by the same clicker is the confirmation.
func removeCmd(ctx context.Context, c *Call) (Reply, error) {
	ban := c.takeWord("ban", "禁止再入", "禁止再次入会")
	sender, b, people, err := c.controlTargets(ctx, maxTargets)
	if err != nil {
		return Reply{}, err
	}
	corp := c.Request.CorpID
	for _, p := range people {
		if samePerson(p, sender) {
			return Reply{}, c.reject(msgRemoveSelf)
		}
	}
	call, pp := c.reg.sortPeople(ctx, corp, b.MeetingID, sender, people, true)
	if len(pp.skipped) > 0 {
		return Reply{}, c.refuse(msgRemoveHost, c.names(pp.skipped), meetingName(c.Lang, b.Title))
	}
	if len(call) == 0 {
		return Reply{}, c.notJoined(len(pp.absent), c.names(pp.absent))
	}
	key := confirmKey(corp, c.Request.ChatID)
	if c.Request.Action != nil {
		var prev pendingRemoval
		if ok, err := c.reg.st.getJSON(ctx, key, &prev); err == nil && ok && prev.MeetingID == b.MeetingID &&
			samePerson(prev.By, sender) && sameTargets(prev.Targets, call) && c.reg.now().Sub(prev.At) < confirmWindow {
			return c.carryOut(ctx, b, prev)
		}
	}
	now := c.reg.now()
	pending := pendingRemoval{ID: strconv.FormatInt(now.UnixNano(), 36), MeetingID: b.MeetingID, By: sender,
		Targets: call, Ban: ban, At: now}
	if err := c.reg.st.setJSON(ctx, key, pending, 2*confirmWindow); err != nil {
		return Reply{}, err
	}
	how := ""
	if ban {
		how = msgRemoveBan.In(c.Lang)
	}
	var rep Reply
	if c.Request.Action != nil {
		rep, err = c.ok(msgRemoveAskCard, c.names(call), how)
	} else {
		rep, err = c.ok(msgRemoveAsk, c.names(call), meetingName(c.Lang, b.Title), how)
	}
	if rest := pp.text(c, Text{}); rest != "" {
		rep.Text += sepOf(c.Lang) + rest
	}
	return rep, err
}

// confirmCmd is /confirm: it carries out the chat's pending removal, when
// the sender asked for it less than confirmWindow ago and may still.
func confirmCmd(ctx context.Context, c *Call) (Reply, error) {
	sender, b, err := c.senderMeeting(ctx)
	if err != nil {
		return Reply{}, err
	}
	var p pendingRemoval
	ok, err := c.reg.st.getJSON(ctx, confirmKey(c.Request.CorpID, c.Request.ChatID), &p)
	switch {
	case err != nil:
		return Reply{}, err
	case !ok || p.MeetingID != b.MeetingID:
		return Reply{}, c.reject(msgConfirmNone)
	case !samePerson(p.By, sender):
		return Reply{}, c.refuse(msgConfirmOther, bold(c.displayName(p.By)), c.names(p.Targets))
	case c.reg.now().Sub(p.At) >= confirmWindow:
		_ = c.reg.st.kv.Delete(ctx, confirmKey(c.Request.CorpID, c.Request.ChatID))
		return Reply{}, c.reject(msgConfirmLate, c.names(p.Targets))
	}
	verb, err := c.verb()
	if err != nil {
		return Reply{}, err
	}
	if err := c.authorize(ctx, b, sender, verb); err != nil {
		return Reply{}, err
	}
	return c.carryOut(ctx, b, p)
}

// carryOut removes the people of a confirmed removal, once: the first
// replica to claim it does it.
func (c *Call) carryOut(ctx context.Context, b binding, p pendingRemoval) (Reply, error) {
	corp := c.Request.CorpID
	fresh, err := c.reg.st.kv.SetNX(ctx, "confirmed:"+corp+":"+p.ID, []byte{1}, 2*confirmWindow)
	switch {
	case err != nil:
		return Reply{}, err
	case !fresh:
		return Reply{}, c.reject(msgConfirmTaken)
	}
	_ = c.reg.st.kv.Delete(ctx, confirmKey(corp, c.Request.ChatID))
	pp := c.reg.kick(ctx, corp, b.MeetingID, p.By, p.Targets, p.Ban)
	did := msgRemoved
	if p.Ban {
		did = msgRemovedBan
	}
	return pp.reply(ctx, c, b, did)
}

// kick removes people from a meeting, one call each. Nothing undoes it.
func (r *Registry) kick(ctx context.Context, corp, meetingID string, by Person, people []Person, ban bool) perPerson {
	pp := r.eachPerson(ctx, corp, meetingID, by, actRemove, people, perPerson{}, func(ctx context.Context, p Person) error {
		return r.conf.Kick(ctx, meetingID, p.UnionID, ban)
	})
	r.st.setRemoved(corp, meetingID, pp.done)
	return pp
}

// sameTargets reports whether a and b name the same people.
func sameTargets(a, b []Person) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].UnionID != b[i].UnionID {
			return false
		}
	}
	return true
}
