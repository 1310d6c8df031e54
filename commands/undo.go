package commands

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// undoWindow is how long after an action its author may /undo it.
const undoWindow = 10 * time.Minute

// undoScan is how many audit records /undo looks through.
const undoScan = 200

// Text for /undo.
var (
	msgUndone      = Text{"Undone: your last action in %s (%s at %s). Now %s.", "已撤销你在 %s 的上一步操作（%s，%s）。现在%s。"}
	msgUndoNothing = Text{"You have nothing to undo in %s — `/undo` takes back your own control actions of the last 10 minutes.", "你在 %s 中没有可撤销的操作 —— `/撤销` 只能撤销你自己 10 分钟内的控制操作。"}
	msgUndoOthers  = Text{"You have nothing to undo in %s. The last action was %s's (%s) — `/undo` only takes back your own actions; ask them to undo it.", "你在 %s 中没有可撤销的操作。最近一次操作来自 %s（%s）——`/撤销` 只能撤销自己的操作，请让对方撤销。"}
	msgUndoTooOld  = Text{"Your last action in %s (%s at %s) is more than 10 minutes old, so it can't be undone — change it back with a command instead.", "你在 %s 的上一步操作（%s，%s）已超过 10 分钟，无法撤销，请直接用命令改回。"}
	msgUndoCant    = Text{"Your last action in %s (%s at %s) changed nothing I can restore, so there is nothing to undo.", "你在 %s 的上一步操作（%s，%s）没有可恢复的内容，无需撤销。"}
	verbUndoMute   = Text{"mute or unmute everyone", "全员静音或解除静音"}
)

// msgUndoneAlready answers an /undo that found the meeting already as the
// undo would leave it.
var msgUndoneAlready = Text{"Your last action in %s (%s at %s) was already changed back, so I changed nothing. Now %s.", "你在 %s 的上一步操作（%s，%s）已被改回，无需更改。现在%s。"}

// What an undo step leaves the meeting like: "**Bob** is spotlighted again".
var undoneText = map[action]Text{
	actFocus:         {"%s is spotlighted again", "已恢复聚焦 %s"},
	actUnfocus:       {"the spotlight on %s is off", "已取消 %s 的全员聚焦"},
	actAddCoHosts:    {"%s can co-host again", "已恢复 %s 的联席主持人"},
	actRemoveCoHosts: {"%s can no longer co-host", "已取消 %s 的联席主持人"},
	actMuteAll:       {"everyone is muted again", "已恢复全员静音"},
	actUnmuteAll:     {"everyone is unmuted", "已解除全员静音"},
}

// undo is /undo: it reverts the sender's own last control action in this
// chat's meeting, if it is less than undoWindow old, with the
// authorization the action itself needs. Repeated, it walks further back.
func undo(ctx context.Context, c *Call) (Reply, error) {
	sender, b, err := c.senderMeeting(ctx)
	if err != nil {
		return Reply{}, err
	}
	last, err := c.lastOwnAction(ctx, b, sender)
	if err != nil {
		return Reply{}, err
	}
	if err := c.authorize(ctx, b, sender, undoVerb(last.Undo.Action)); err != nil {
		return Reply{}, err
	}
	s := *last.Undo
	done, err := c.reg.apply(withReverts(ctx, last.ID), c.Request.CorpID, b.MeetingID, sender, s)
	if errors.Is(err, errUnfocusWhom) {
		return Reply{}, c.reject(msgUnfocusWhom, meetingName(c.Lang, b.Title))
	}
	if err != nil {
		return Reply{}, c.actionError(ctx, b, s.Targets, err)
	}
	now := undoneText[done.Action].In(c.Lang)
	if len(s.Targets) > 0 {
		now = undoneText[done.Action].In(c.Lang, c.names(s.Targets))
	}
	msg := msgUndone
	if done.Outcome == auditUnchanged {
		msg = msgUndoneAlready
	}
	return c.ok(msg, meetingName(c.Lang, b.Title), c.describe(last), c.clock(last.At), now)
}

// lastOwnAction finds the record /undo reverts: the sender's newest
// successful action not yet undone (undos themselves are skipped). It
// returns a user error when there is none, it is too old, or it has no
// inverse.
func (c *Call) lastOwnAction(ctx context.Context, b binding, sender Person) (result, error) {
	trail, err := c.reg.auditTrail(ctx, c.Request.CorpID, b.MeetingID, undoScan)
	if err != nil {
		return result{}, err
	}
	name := meetingName(c.Lang, b.Title)
	reverted := map[string]bool{}
	var other *result
	for i := range trail {
		res := trail[i]
		outcome := firstNonEmpty(res.Outcome, auditOK)
		if res.Reverts != "" && (outcome == auditOK || outcome == auditUnchanged) {
			reverted[res.Reverts] = true // a failed undo leaves its action undoable
		}
		if res.Reverts != "" || reverted[res.ID] || outcome != auditOK {
			continue
		}
		if !samePerson(res.By, sender) {
			if other == nil && c.reg.now().Sub(res.At) < undoWindow {
				other = &trail[i]
			}
			continue
		}
		switch {
		case c.reg.now().Sub(res.At) >= undoWindow:
			return result{}, c.refuse(msgUndoTooOld, name, c.describe(res), c.clock(res.At))
		case res.Undo == nil:
			return result{}, c.reject(msgUndoCant, name, c.describe(res), c.clock(res.At))
		}
		return res, nil
	}
	if other != nil {
		return result{}, c.refuse(msgUndoOthers, name, bold(c.displayName(other.By)), c.describe(*other))
	}
	return result{}, c.reject(msgUndoNothing, name)
}

// samePerson reports whether a record's author is p.
func samePerson(by, p Person) bool {
	if by.UnionID != "" && p.UnionID != "" {
		return by.UnionID == p.UnionID
	}
	return by.UserID != "" && by.UserID == p.UserID
}

// undoVerb is the refusal verb of the authorization an undo step needs:
// the same as the action it reverts.
func undoVerb(a action) Text {
	switch a {
	case actFocus, actUnfocus:
		return verbSpotlight
	case actAddCoHosts, actRemoveCoHosts:
		return verbCoHosts
	}
	return verbUndoMute
}

// apply runs one step through the action layer, so it is audited like
// any other action.
func (r *Registry) apply(ctx context.Context, corp, meetingID string, by Person, s step) (result, error) {
	switch s.Action {
	case actFocus:
		if len(s.Targets) != 1 {
			return result{}, fmt.Errorf("undo focus: want one target, have %d", len(s.Targets))
		}
		return r.focus(ctx, corp, meetingID, by, s.Targets[0])
	case actUnfocus:
		target, ok := r.unfocusTarget(ctx, corp, meetingID, s)
		if !ok {
			return result{}, errUnfocusWhom
		}
		return r.unfocus(ctx, corp, meetingID, by, target)
	case actAddCoHosts, actRemoveCoHosts:
		ch, err := r.setCoHosts(ctx, corp, meetingID, by, s.Targets, s.Action == actAddCoHosts)
		if err != nil || !ch.noop() {
			return ch.res, err
		}
		// Already as the step would leave it (someone changed it back):
		// recorded all the same, so the next /undo walks further back.
		return r.record(ctx, corp, result{Action: s.Action, MeetingID: meetingID, Targets: s.Targets, By: by,
			Outcome: auditUnchanged}), nil
	case actMuteAll, actUnmuteAll:
		return r.muteAll(ctx, corp, meetingID, by, s.Action == actMuteAll)
	}
	return result{}, fmt.Errorf("undo: unknown action %q", s.Action)
}

// errUnfocusWhom is the error of an undo that would turn the spotlight off
// without knowing on whom (a record written before steps named the person,
// and no spotlight record left).
var errUnfocusWhom = errors.New("undo: turn the spotlight off on whom")

// unfocusTarget is whom an unfocus step turns the spotlight off on: the
// person it names, else (records written before steps named them) the
// person the bot last spotlighted.
func (r *Registry) unfocusTarget(ctx context.Context, corp, meetingID string, s step) (Person, bool) {
	if len(s.Targets) == 1 && s.Targets[0].UnionID != "" {
		return s.Targets[0], true
	}
	rec, ok := r.focused(ctx, corp, meetingID)
	return rec.Person, ok && rec.Person.UnionID != ""
}
