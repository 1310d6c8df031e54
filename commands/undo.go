package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// undoWindow is how long after an action its author may /undo it.
const undoWindow = 10 * time.Minute

// undoScan is how many audit records /undo looks through.
const undoScan = 200

// Text for /undo.
var (
	msgUndone      = Text{"Undone: %s (at %s). Now %s.", "已撤销：%s（%s）。现在%s。"}
	msgUndoNothing = Text{"You have nothing to undo in %s — `/undo` takes back your own control actions of the last 10 minutes.", "你在%s中没有可撤销的操作：`/撤销` 只能撤销你自己 10 分钟内的控制操作。"}
	msgUndoOthers  = Text{"You have nothing to undo in %s. The last action was %s's (%s) — `/undo` only takes back your own actions; ask them to undo it.", "你在%s中没有可撤销的操作。最近一次操作来自%s（%s），`/撤销` 只能撤销自己的操作，请让对方撤销。"}
	msgUndoTooOld  = Text{"Your last action in %s (%s at %s) is more than 10 minutes old, so it can't be undone — change it back with a command instead.", "你在%s的上一步操作（%s，%s）已超过 10 分钟，无法撤销，请直接用命令改回。"}
	msgUndoNever   = Text{"Your last action in %s (%s at %s) can't be undone: %s.", "你在%s的上一步操作（%s，%s）无法撤销：%s。"}
	msgUndoCant    = Text{"Your last action in %s (%s at %s) changed nothing I can restore, so there is nothing to undo.", "你在%s的上一步操作（%s，%s）没有可恢复的内容，无需撤销。"}
)

// msgUndoneAlready answers an /undo that found the meeting already as the
// undo would leave it.
var msgUndoneAlready = Text{"Your last action (%s at %s) was already changed back, so I changed nothing. Now %s.", "你的上一步操作（%s，%s）已被改回，无需更改。现在%s。"}

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
	if err := c.authorize(ctx, b, sender, c.reg.controls.undoVerb(last.Undo.Action)); err != nil {
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
	now := c.undoneText(done, firstNonEmptyPeople(s.Targets, done.Targets))
	msg := msgUndone
	if done.Outcome == auditUnchanged {
		msg = msgUndoneAlready
	}
	return c.ok(msg, c.describe(last), c.clockZone(last.At), now)
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
			return result{}, c.refuse(msgUndoTooOld, name, c.describe(res), c.clockZone(res.At))
		case res.Undo == nil:
			if ctl, ok := c.reg.controls.of(res.Action); ok && ctl.noUndo != (Text{}) {
				return result{}, c.reject(msgUndoNever, name, c.describe(res), c.clockZone(res.At), ctl.noUndo.In(c.Lang))
			}
			return result{}, c.reject(msgUndoCant, name, c.describe(res), c.clockZone(res.At))
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

// undoneText is what an undo step that did done to targets leaves the
// meeting like, in the words of the control table: "**Bob** is
// spotlighted again", "screen sharing on again".
func (c *Call) undoneText(done result, targets []Person) string {
	var t Text
	if ctl, ok := c.reg.controls.of(done.Action); ok {
		t = ctl.asUndo.now
	}
	switch {
	case !strings.Contains(t.En, "%s"):
		return t.In(c.Lang)
	case done.Policy != nil:
		return t.In(c.Lang, c.policyText(*done.Policy, nil))
	case len(targets) == 0: // a step recorded before steps named the person
		return t.In(c.Lang, msgSomeone.In(c.Lang))
	}
	return t.In(c.Lang, c.names(targets))
}

// applyFocus runs a focus step: spotlight its one target.
func (r *Registry) applyFocus(ctx context.Context, corp, meetingID string, by Person, s step) (result, error) {
	if len(s.Targets) != 1 {
		return result{}, fmt.Errorf("undo focus: want one target, have %d", len(s.Targets))
	}
	return r.focus(ctx, corp, meetingID, by, s.Targets[0])
}

// applyUnfocus runs an unfocus step, on the person unfocusTarget finds.
func (r *Registry) applyUnfocus(ctx context.Context, corp, meetingID string, by Person, s step) (result, error) {
	target, ok := r.unfocusTarget(ctx, corp, meetingID, s)
	if !ok {
		return result{}, errUnfocusWhom
	}
	return r.unfocus(ctx, corp, meetingID, by, target)
}

// applyCoHosts runs a co-host step, adding or removing as its action says.
func (r *Registry) applyCoHosts(ctx context.Context, corp, meetingID string, by Person, s step) (result, error) {
	ch, err := r.setCoHosts(ctx, corp, meetingID, by, s.Targets, s.Action == actAddCoHosts)
	if err != nil || !ch.noop() {
		return ch.res, err
	}
	// Already as the step would leave it (someone changed it back):
	// recorded all the same, so the next /undo walks further back.
	return r.record(ctx, corp, result{Action: s.Action, MeetingID: meetingID, Targets: s.Targets, By: by,
		Outcome: auditUnchanged}), nil
}

// applyMute runs a mute or unmute step.
func (r *Registry) applyMute(ctx context.Context, corp, meetingID string, by Person, s step) (result, error) {
	return r.muteAll(ctx, corp, meetingID, by, s.Action == actMuteAll)
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

// firstNonEmptyPeople is the first list that names somebody.
func firstNonEmptyPeople(lists ...[]Person) []Person {
	for _, l := range lists {
		if len(l) > 0 {
			return l
		}
	}
	return nil
}
