package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rs/zerolog"
)

// This file is the action layer: one function per meeting-control action,
// independent of chat text, so card buttons can call the same code. Each
// action calls DingTalk once, keeps the caches honest, and appends an
// audit record that carries the inverse of what it changed for undo (none
// when it changed nothing). A co-host action that would change nobody
// calls and records nothing.

// action names a meeting-control action.
type action string

// Actions.
const (
	actFocus         action = "focus"
	actUnfocus       action = "unfocus"
	actAddCoHosts    action = "cohost.add"
	actRemoveCoHosts action = "cohost.remove"
	actMuteAll       action = "mute.all"
	actUnmuteAll     action = "unmute.all"
)

// auditKeep is how many audit records are kept per meeting: the newest
// 1,000 (see audit.go for what a record holds and how long it is shown).
const auditKeep = 1000

// focusTTL bounds how long a spotlight record is trusted.
const focusTTL = 24 * time.Hour

// step is an action with its targets: what to run to undo a result.
type step struct {
	Action  action   `json:"action"`
	Targets []Person `json:"targets,omitempty"`
}

// result is what an action did: for the reply, the audit log and undo.
// Failed actions are recorded too, with Outcome saying why.
type result struct {
	ID        string    `json:"id"`
	Action    action    `json:"action"`
	MeetingID string    `json:"meetingId"`
	ChatID    string    `json:"chatId,omitempty"`
	Via       string    `json:"via,omitempty"` // "command" or "card"
	Targets   []Person  `json:"targets,omitempty"`
	By        Person    `json:"by"`
	At        time.Time `json:"at"`
	Outcome   string    `json:"outcome,omitempty"` // "ok" ("" in old records), or why it failed
	RequestID string    `json:"requestId,omitempty"`
	Undo      *step     `json:"undo,omitempty"`
	Reverts   string    `json:"reverts,omitempty"` // ID of the record this /undo took back
}

// focusRecord is who the bot last spotlighted in a meeting, at
// focus:<corp>:<meetingId>. DingTalk has no call to read it back.
type focusRecord struct {
	Person Person    `json:"person"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

func focusKey(corp, meetingID string) string { return "focus:" + corp + ":" + meetingID }
func auditKey(corp, meetingID string) string { return "audit:" + corp + ":" + meetingID }

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
		undo = &step{Action: actUnfocus, Targets: []Person{target}}
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
		Undo: &step{Action: actFocus, Targets: []Person{target}}}), nil
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
	act, inverse, call := actAddCoHosts, actRemoveCoHosts, r.conf.AddCoHosts
	if !add {
		act, inverse, call = actRemoveCoHosts, actAddCoHosts, r.conf.RemoveCoHosts
	}
	ctx = withRequestIDs(ctx)
	if err := call(ctx, meetingID, ids); err != nil {
		_, err = r.failed(ctx, corp, result{Action: act, MeetingID: meetingID, Targets: ch.changed, By: by},
			fmt.Errorf("%s %s: %w", act, meetingID, err))
		return ch, err
	}
	r.st.setCoHosts(corp, meetingID, ch.changed, add)
	ch.res = r.record(ctx, corp, result{Action: act, MeetingID: meetingID, Targets: ch.changed, By: by,
		Undo: &step{Action: inverse, Targets: ch.changed}})
	return ch, nil
}

// muteAll mutes (or unmutes) every participant. DingTalk's state may
// differ from the bot's muted record (a host can unmute in the client),
// so the call is always made; but the undo step is recorded only when the
// record says the action changed something (no record: not muted).
func (r *Registry) muteAll(ctx context.Context, corp, meetingID string, by Person, mute bool) (result, error) {
	act, inverse := actMuteAll, actUnmuteAll
	if !mute {
		act, inverse = actUnmuteAll, actMuteAll
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
	var undo *step
	if was != mute {
		undo = &step{Action: inverse}
	}
	return r.record(ctx, corp, result{Action: act, MeetingID: meetingID, By: by, Undo: undo}), nil
}

// dropFocus deletes the spotlight record of a meeting.
func (r *Registry) dropFocus(ctx context.Context, corp, meetingID string) {
	r.st.deleteRecord(ctx, focusKey(corp, meetingID), "spotlight record")
}

// focused returns the spotlight record of a meeting, if any.
func (r *Registry) focused(ctx context.Context, corp, meetingID string) (focusRecord, bool) {
	var rec focusRecord
	ok, err := r.st.getRecord(ctx, focusKey(corp, meetingID), &rec)
	return rec, err == nil && ok
}

// record stamps res (see stamp in audit.go), appends it to the meeting's
// audit list (see state.write) and writes it to the log. The action
// already happened, so a store failure is only logged.
func (r *Registry) record(ctx context.Context, corp string, res result) result {
	res = r.stamp(ctx, res)
	b, err := json.Marshal(res)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("commands: audit record not stored")
	} else {
		r.st.pushRecord(ctx, auditKey(corp, res.MeetingID), b, auditKeep, "audit record")
	}
	logAudit(ctx, res)
	return res
}
