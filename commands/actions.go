package commands

import (
	"context"
	"errors"
	"fmt"
)

// This file holds the control table and the action layer.
//
// The control table (controlTable) has one entry per command that acts on
// a meeting or on its control card. The entry is everything the package
// knows about such a command besides its Definition and handler: the
// action its audit records carry and how /meeting log words it, how /undo
// takes it back and runs it, the refusal verb of its authorization,
// whether a card button may trigger it, and what its success does to the
// control card. Both doors of Handle, the card updates, /undo and
// /meeting log read it; nothing else lists commands.
//
// The action layer is one function per meeting-control action (focus,
// unfocus, setCoHosts, muteAll), independent of how the command came in,
// so that /undo runs the same code. Each calls DingTalk once, keeps the
// caches honest, and appends an audit record that carries the inverse of
// what it changed for undo (none when it changed nothing). A co-host
// action that would change nobody calls and records nothing.

// action names a meeting-control action in audit records and their undo
// steps. The strings are stored: renaming one orphans every record that
// carries it.
type action string

// The actions of the control table.
const (
	actFocus         action = "focus"
	actUnfocus       action = "unfocus"
	actAddCoHosts    action = "cohost.add"
	actRemoveCoHosts action = "cohost.remove"
	actMuteAll       action = "mute.all"
	actUnmuteAll     action = "unmute.all"
	actMute          action = "mute"
	actUnmute        action = "unmute"
	actMuteAllExcept action = "mute.all.except"
	actMuteOpen      action = "mute.open"
	actRemove        action = "remove"
	actInvite        action = "invite"
	actLock          action = "lock"
	actUnlock        action = "unlock"
	actPolicy        action = "policy"
	actClassroomOn   action = "classroom.on"
	actClassroomOff  action = "classroom.off"
	actRecordStart   action = "record.start"
	actRecordStop    action = "record.stop"
	actNotesStart    action = "notes.start"
	actNotesStop     action = "notes.stop"
	actSchedule      action = "schedule"
	actReschedule    action = "reschedule"
	actCancelBooking action = "schedule.cancel"
)

// cardEffect is what a command's success does to the chat's control card.
type cardEffect int

// Card effects.
const (
	cardKeep    cardEffect = iota // nothing: the card does not show what changed
	cardUpdate                    // updated in place, with the meeting's cards in other chats
	cardDeliver                   // typed: delivered into the chat; clicked: refreshed from DingTalk
	cardEnd                       // shows the meeting ended, in every chat; a click asks to press again
)

// control is one entry of the control table.
type control struct {
	command   string     // the command's id (Definition.ID), as a button's "action" param carries it
	action    action     // what its audit records say it did; "" when it records none of its own
	did       Text       // how /meeting log words the action: "spotlighted %s" (%s: whom)
	undoneBy  action     // the action of the step that undoes it; "" when nothing can
	asUndo    undoing    // how the action runs as a step of /undo; zero when it never does
	verb      Text       // "Only the host or a co-host of X can <verb>."; zero when not so authorized
	clickable bool       // a card button may trigger it
	card      cardEffect // what its success does to the control card
	// noUndo says why /undo cannot take the action back (a removal, an
	// invitation); zero for an action that has an undo, or changed nothing.
	noUndo Text
	// also marks a command that records another entry's action (/confirm
	// carries out the /remove it confirms): it is not that action's entry.
	also bool
}

// undoing is how an action runs as a step of /undo.
type undoing struct {
	now   Text      // what the meeting is like after the step: "%s is spotlighted again" (%s: its targets)
	verb  Text      // the refusal verb of the authorization the step needs
	apply applyFunc // runs the step through the action layer, audited like any action
}

// applyFunc runs a recorded step on a meeting on behalf of by.
type applyFunc func(r *Registry, ctx context.Context, corp, meetingID string, by Person, s step) (result, error)

// Refusal verbs of the control table. Undoing a mute is refused in words
// that fit both directions.
var (
	verbSpotlight = Text{"change the spotlight", "设置全员看他"}
	verbCoHosts   = Text{"change co-hosts", "设置联席主持人"}
	verbMute      = Text{"mute everyone", "全员静音"}
	verbUnmute    = Text{"unmute everyone", "解除全员静音"}
	verbUndoMute  = Text{"mute or unmute everyone", "全员静音或解除静音"}
	verbMuteOne   = Text{"mute or unmute people", "静音或解除静音"}
	verbRemove    = Text{"remove people from it", "将人移出会议"}
	verbInvite    = Text{"invite people into it", "邀请入会"}
	verbLock      = Text{"lock or unlock it", "锁定或解锁会议"}
	verbPolicy    = Text{"change its settings", "修改会议设置"}
	verbRecord    = Text{"start or stop its recording", "开始或停止云录制"}
	verbNotes     = Text{"start or pause its AI notes", "开启或暂停闪记"}
	verbBooking   = Text{"change its booking", "修改预约"}
)

// controlTable is the control table (see the top of this file), in help
// order. TestControlTable holds it to the definitions and the card
// template.
func controlTable() []control {
	return []control{
		{command: CardSpotlight, action: actFocus, verb: verbSpotlight, clickable: true, card: cardUpdate,
			did:      Text{"spotlighted %s", "让全员看%s"},
			undoneBy: actUnfocus, // or by spotlighting whoever was before: see focus
			asUndo: undoing{now: Text{"%s is spotlighted again", "全员看%s"}, verb: verbSpotlight,
				apply: (*Registry).applyFocus}},
		{command: CardSpotlightOff, action: actUnfocus, verb: verbSpotlight, clickable: true, card: cardUpdate,
			did:      Text{"turned the spotlight on %s off", "取消全员看%s"},
			undoneBy: actFocus,
			asUndo: undoing{now: Text{"the spotlight on %s is off", "已取消全员看%s"}, verb: verbSpotlight,
				apply: (*Registry).applyUnfocus}},
		{command: CardCoHostAdd, action: actAddCoHosts, verb: verbCoHosts, clickable: true, card: cardUpdate,
			did:      Text{"gave %s the co-host role", "将%s设为联席主持人"},
			undoneBy: actRemoveCoHosts,
			asUndo: undoing{now: Text{"%s can co-host again", "%s重新成为联席主持人"}, verb: verbCoHosts,
				apply: (*Registry).applyCoHosts}},
		{command: CardCoHostRemove, action: actRemoveCoHosts, verb: verbCoHosts, clickable: true, card: cardUpdate,
			did:      Text{"took the co-host role from %s", "取消%s的联席主持人身份"},
			undoneBy: actAddCoHosts,
			asUndo: undoing{now: Text{"%s can no longer co-host", "%s已不是联席主持人"}, verb: verbCoHosts,
				apply: (*Registry).applyCoHosts}},
		{command: CardMuteAll, action: actMuteAll, verb: verbMute, clickable: true, card: cardUpdate,
			did:      Text{"muted everyone", "开启全员静音"},
			undoneBy: actUnmuteAll,
			asUndo: undoing{now: Text{"everyone is muted again", "已恢复全员静音"}, verb: verbUndoMute,
				apply: (*Registry).applyMute}},
		{command: CardUnmuteAll, action: actUnmuteAll, verb: verbUnmute, clickable: true, card: cardUpdate,
			did:      Text{"unmuted everyone", "解除全员静音"},
			undoneBy: actMuteAll,
			asUndo: undoing{now: Text{"everyone is unmuted", "已解除全员静音"}, verb: verbUndoMute,
				apply: (*Registry).applyMute}},
		{command: "mute", action: actMute, verb: verbMuteOne, clickable: true, card: cardUpdate,
			did:      Text{"muted %s", "将%s静音"},
			undoneBy: actUnmute,
			asUndo: undoing{now: Text{"mute is back on for %s", "已将%s重新静音"}, verb: verbMuteOne,
				apply: (*Registry).applyMuteOne}},
		{command: "unmute", action: actUnmute, verb: verbMuteOne, clickable: true, card: cardUpdate,
			did:      Text{"unmuted %s", "解除%s的静音"},
			undoneBy: actMute,
			asUndo: undoing{now: Text{"%s may speak again", "已解除%s的静音"}, verb: verbMuteOne,
				apply: (*Registry).applyMuteOne}},
		{command: "mute.all.except", action: actMuteAllExcept, verb: verbMute, card: cardUpdate,
			did: Text{"muted everyone but %s", "开启全员静音（%s除外）"}, undoneBy: actUnmuteAll},
		{command: "mute.open", action: actMuteOpen, verb: verbMuteOne, card: cardUpdate,
			did: Text{"muted %s, whose microphones were on", "将开着麦克风的%s静音"}, undoneBy: actUnmute},
		{command: "remove", action: actRemove, verb: verbRemove, clickable: true, card: cardUpdate,
			did:    Text{"removed %s from the meeting", "将%s移出会议"},
			noUndo: Text{"a removal can't be taken back — invite them again with `/invite @name`", "被移出的人需重新邀请，请发送 `/邀请入会 @某人`"}},
		{command: "confirm", action: actRemove, verb: verbRemove, card: cardUpdate, also: true,
			did:    Text{"removed %s from the meeting", "将%s移出会议"},
			noUndo: Text{"a removal can't be taken back — invite them again with `/invite @name`", "被移出的人需重新邀请，请发送 `/邀请入会 @某人`"}},
		{command: "invite", action: actInvite, verb: verbInvite, card: cardKeep,
			did:    Text{"invited %s", "邀请%s入会"},
			noUndo: Text{"an invitation can't be taken back — it stops ringing when they answer or decline", "邀请发出后无法收回，对方接听或拒绝后即停止呼叫"}},
		{command: "lock", action: actLock, verb: verbLock, clickable: true, card: cardUpdate,
			did:      Text{"locked the meeting", "锁定会议"},
			undoneBy: actUnlock,
			asUndo: undoing{now: Text{"the meeting is locked again", "会议已重新锁定"}, verb: verbLock,
				apply: (*Registry).applyLock}},
		{command: "unlock", action: actUnlock, verb: verbLock, clickable: true, card: cardUpdate,
			did:      Text{"unlocked the meeting", "解锁会议"},
			undoneBy: actLock,
			asUndo: undoing{now: Text{"the meeting is unlocked", "会议已解锁"}, verb: verbLock,
				apply: (*Registry).applyLock}},
		{command: "meeting.policy", action: actPolicy, verb: verbPolicy, card: cardUpdate,
			did:      Text{"set %s", "修改会议设置：%s"},
			undoneBy: actPolicy,
			asUndo: undoing{now: Text{"%s again", "已恢复：%s"}, verb: verbPolicy,
				apply: (*Registry).applyPolicy}},
		{command: "classroom.on", action: actClassroomOn, verb: verbPolicy, clickable: true, card: cardUpdate,
			did:      Text{"turned classroom mode on", "开启课堂模式"},
			undoneBy: actClassroomOff,
			asUndo: undoing{now: Text{"classroom mode is on again", "已重新开启课堂模式"}, verb: verbPolicy,
				apply: (*Registry).applyClassroom}},
		{command: "classroom.off", action: actClassroomOff, verb: verbPolicy, clickable: true, card: cardUpdate,
			did:      Text{"turned classroom mode off", "关闭课堂模式"},
			undoneBy: actClassroomOn,
			asUndo: undoing{now: Text{"classroom mode is off", "已关闭课堂模式"}, verb: verbPolicy,
				apply: (*Registry).applyClassroom}},
		{command: "record.start", action: actRecordStart, verb: verbRecord, clickable: true, card: cardUpdate,
			did: Text{"started the cloud recording", "开始云录制"}, undoneBy: actRecordStop,
			asUndo: undoing{now: Text{"the recording is on again", "已重新开始云录制"}, verb: verbRecord,
				apply: (*Registry).applyMedia}},
		{command: "record.stop", action: actRecordStop, verb: verbRecord, clickable: true, card: cardUpdate,
			did: Text{"stopped the cloud recording", "停止云录制"}, undoneBy: actRecordStart,
			asUndo: undoing{now: Text{"the recording is stopped", "已停止云录制"}, verb: verbRecord,
				apply: (*Registry).applyMedia}},
		{command: "notes.start", action: actNotesStart, verb: verbNotes, card: cardKeep,
			did: Text{"turned AI notes on", "开启闪记"}, undoneBy: actNotesStop,
			asUndo: undoing{now: Text{"AI notes are on again", "已重新开启闪记"}, verb: verbNotes,
				apply: (*Registry).applyMedia}},
		{command: "notes.stop", action: actNotesStop, verb: verbNotes, card: cardKeep,
			did: Text{"paused AI notes", "暂停闪记"}, undoneBy: actNotesStart,
			asUndo: undoing{now: Text{"AI notes are paused", "已暂停闪记"}, verb: verbNotes,
				apply: (*Registry).applyMedia}},
		{command: "meeting.schedule", action: actSchedule, verb: verbBooking, card: cardKeep,
			did: Text{"booked a meeting", "预约会议"}},
		{command: "meeting.reschedule", action: actReschedule, verb: verbBooking, card: cardKeep,
			did: Text{"moved a booking", "修改预约时间"}},
		{command: "meeting.cancel", action: actCancelBooking, verb: verbBooking, card: cardKeep,
			did: Text{"cancelled a booking", "取消预约"}},
		{command: "meeting.start", card: cardDeliver},
		{command: "meeting.use", card: cardDeliver},
		{command: CardRefresh, clickable: true, card: cardDeliver},
		{command: CardEnd, clickable: true, card: cardEnd}, // the host only: see closer
		{command: "undo", card: cardUpdate},                // its records carry the action it ran
	}
}

// focus spotlights target for everyone in the meeting. Its undo is the
// previous spotlight, or turning this one off.
func (r *Registry) focus(ctx context.Context, corp, meetingID string, by, target Person) (result, error) {
	ctx = withRequestIDs(ctx)
	prev, hadPrev := r.focused(ctx, corp, meetingID)
	if err := r.conf.Focus(ctx, meetingID, target.UnionID); err != nil {
		return r.failed(ctx, corp, result{Action: actFocus, MeetingID: meetingID, Targets: []Person{target}, By: by},
			fmt.Errorf("focus %s: %w", meetingID, err))
	}
	rec := focusRecord{Person: target, By: by.UserID, At: r.now()}
	r.st.setRecord(ctx, focusKey(corp, meetingID), rec, focusTTL, "spotlight record")
	var undo *step
	switch {
	case !hadPrev:
		undo = r.controls.undoStep(actFocus, []Person{target})
	case prev.Person.UnionID != target.UnionID:
		undo = &step{Action: actFocus, Targets: []Person{prev.Person}}
	} // the same person again changed nothing: nothing to undo
	return r.record(ctx, corp, result{Action: actFocus, MeetingID: meetingID, Targets: []Person{target}, By: by, Undo: undo}), nil
}

// unfocus turns the spotlight on target off: DingTalk wants the person
// for un_focus too. Its undo spotlights target again.
func (r *Registry) unfocus(ctx context.Context, corp, meetingID string, by, target Person) (result, error) {
	ctx = withRequestIDs(ctx)
	if err := r.conf.Unfocus(ctx, meetingID, target.UnionID); err != nil {
		return r.failed(ctx, corp, result{Action: actUnfocus, MeetingID: meetingID, Targets: []Person{target}, By: by},
			fmt.Errorf("unfocus %s: %w", meetingID, err))
	}
	r.dropFocus(ctx, corp, meetingID)
	return r.record(ctx, corp, result{Action: actUnfocus, MeetingID: meetingID, Targets: []Person{target}, By: by,
		Undo: r.controls.undoStep(actUnfocus, []Person{target})}), nil
}

// setCoHosts adds (or removes) as co-hosts, in one call, the targets it
// would change (see splitCoHosts), and updates the cached member flags
// instead of refetching them. Only they are recorded and undone; when
// nobody would change, nothing is called or recorded.
func (r *Registry) setCoHosts(ctx context.Context, corp, meetingID string, by Person, targets []Person, add bool) (coHostChange, error) {
	ch := r.splitCoHosts(ctx, corp, meetingID, targets, add)
	if ch.noop() {
		return ch, nil
	}
	ids := make([]string, len(ch.changed))
	for i, p := range ch.changed {
		ids[i] = p.UnionID
	}
	act, call := actAddCoHosts, r.conf.AddCoHosts
	if !add {
		act, call = actRemoveCoHosts, r.conf.RemoveCoHosts
	}
	ctx = withRequestIDs(ctx)
	if err := call(ctx, meetingID, ids); err != nil {
		_, err = r.failed(ctx, corp, result{Action: act, MeetingID: meetingID, Targets: ch.changed, By: by},
			fmt.Errorf("%s %s: %w", act, meetingID, err))
		return ch, err
	}
	r.st.setCoHosts(corp, meetingID, ch.changed, add)
	ch.res = r.record(ctx, corp, result{Action: act, MeetingID: meetingID, Targets: ch.changed, By: by,
		Undo: r.controls.undoStep(act, ch.changed)})
	return ch, nil
}

// muteAll mutes (or unmutes) every participant. DingTalk's state may
// differ from the bot's muted record (a host can unmute in the client),
// so the call is always made; but the undo step is recorded only when the
// record says the action changed something (no record: not muted).
func (r *Registry) muteAll(ctx context.Context, corp, meetingID string, by Person, mute bool) (result, error) {
	act := actMuteAll
	if !mute {
		act = actUnmuteAll
	}
	ctx = withRequestIDs(ctx)
	var was bool
	if ok, err := r.st.getRecord(ctx, mutedKey(corp, meetingID), &was); err != nil || !ok {
		was = false
	}
	if err := r.conf.MuteAll(ctx, meetingID, mute); err != nil {
		return r.failed(ctx, corp, result{Action: act, MeetingID: meetingID, By: by},
			fmt.Errorf("%s %s: %w", act, meetingID, err))
	}
	// DingTalk has no call to read it back; the control card shows it.
	r.st.setRecord(ctx, mutedKey(corp, meetingID), mute, focusTTL, "mute record")
	r.clearMuted(ctx, corp, meetingID)
	var undo *step
	if was != mute {
		undo = r.controls.undoStep(act, nil)
	}
	return r.record(ctx, corp, result{Action: act, MeetingID: meetingID, By: by, Undo: undo}), nil
}

// apply runs one recorded step through the action layer, so it is audited
// like any other action.
func (r *Registry) apply(ctx context.Context, corp, meetingID string, by Person, s step) (result, error) {
	ctl, ok := r.controls.of(s.Action)
	if !ok || ctl.asUndo.apply == nil {
		return result{}, fmt.Errorf("undo: unknown action %q", s.Action)
	}
	return ctl.asUndo.apply(r, ctx, corp, meetingID, by, s)
}

// errNoControl is the internal error of a command that needs its control
// table entry and has none: a programming error TestControlTable catches.
var errNoControl = errors.New("commands: no control table entry")

// controls is the control table, indexed by command id and by action.
type controls struct {
	byCommand map[string]*control
	byAction  map[action]*control
}

// newControls indexes table.
func newControls(table []control) *controls {
	cs := &controls{byCommand: make(map[string]*control, len(table)), byAction: map[action]*control{}}
	for i := range table {
		c := &table[i]
		cs.byCommand[c.command] = c
		if c.action != "" && !c.also {
			cs.byAction[c.action] = c
		}
	}
	return cs
}

// command returns the entry of the command with id (Definition.ID).
func (cs *controls) command(id string) (*control, bool) {
	c, ok := cs.byCommand[id]
	return c, ok
}

// of returns the entry whose audit records carry action a.
func (cs *controls) of(a action) (*control, bool) {
	c, ok := cs.byAction[a]
	return c, ok
}

// clickable reports whether a card button may trigger command id.
func (cs *controls) clickable(id string) bool {
	c, ok := cs.byCommand[id]
	return ok && c.clickable
}

// effect is what the success of command id does to the control card.
func (cs *controls) effect(id string) cardEffect {
	if c, ok := cs.byCommand[id]; ok {
		return c.card
	}
	return cardKeep
}

// undoStep is the step that undoes action a on targets, as the table
// says; nil when nothing undoes it.
func (cs *controls) undoStep(a action, targets []Person) *step {
	c, ok := cs.byAction[a]
	if !ok || c.undoneBy == "" {
		return nil
	}
	return &step{Action: c.undoneBy, Targets: targets}
}

// undoVerb is the refusal verb of an /undo that runs a step of action a.
// A step this version does not know (none is ever written) is refused in
// the broadest words; running it then fails.
func (cs *controls) undoVerb(a action) Text {
	if c, ok := cs.byAction[a]; ok && c.asUndo.apply != nil {
		return c.asUndo.verb
	}
	return verbUndoMute
}
