package commands

import (
	"context"
	"time"
)

// DingTalk reports neither a meeting's lock nor its settings, so meetbot
// keeps what it set, per meeting, in the records store, and says so when
// it shows them ("as set through meetbot").

// meetState is what meetbot set on a meeting.
type meetState struct {
	Locked    *bool   `json:"locked,omitempty"`
	Policy    Policy  `json:"policy"`
	Classroom *Policy `json:"classroom,omitempty"` // on: the settings before it, to restore
	// Muted says whom meetbot last muted (true) or unmuted (false), by
	// unionId: the card offers the other button. Mute all clears it.
	Muted map[string]bool `json:"muted,omitempty"`
	// Recording and Notes say whether meetbot last started (true) or
	// stopped (false) the cloud recording and the AI notes.
	Recording *bool `json:"recording,omitempty"`
	Notes     *bool `json:"notes,omitempty"`
}

// meetStateTTL bounds how long meetbot trusts what it set on a meeting.
const meetStateTTL = 24 * time.Hour

func meetStateKey(corp, meetingID string) string { return "meetstate:" + corp + ":" + meetingID }

// meetState returns what meetbot set on a meeting (zero when nothing).
func (r *Registry) meetState(ctx context.Context, corp, meetingID string) meetState {
	var st meetState
	if ok, err := r.st.getRecord(ctx, meetStateKey(corp, meetingID), &st); err != nil || !ok {
		return meetState{}
	}
	return st
}

// saveMeetState stores what meetbot set on a meeting.
func (r *Registry) saveMeetState(ctx context.Context, corp, meetingID string, st meetState) {
	r.st.setRecord(ctx, meetStateKey(corp, meetingID), st, meetStateTTL, "meeting state")
}

// DingTalk's defaults, for a setting meetbot never set: people may unmute
// themselves and share their screen, guests may join, nobody is muted.
var defaultPolicy = Policy{SelfUnmute: boolPtr(true), ScreenShare: boolPtr(true), InternalOnly: boolPtr(false),
	MuteAll: boolPtr(false)}

func boolPtr(b bool) *bool { return &b }

// or is p's value, or def's when p does not set it.
func or(p, def *bool) *bool {
	if p != nil {
		return p
	}
	return def
}

// merge is base with the fields p sets changed.
func (base Policy) merge(p Policy) Policy {
	base.SelfUnmute = or(p.SelfUnmute, base.SelfUnmute)
	base.ScreenShare = or(p.ScreenShare, base.ScreenShare)
	base.InternalOnly = or(p.InternalOnly, base.InternalOnly)
	base.MuteAll = or(p.MuteAll, base.MuteAll)
	return base
}

// only is the part of base on the fields p sets: what p would overwrite.
func (base Policy) only(p Policy) Policy {
	var out Policy
	if p.SelfUnmute != nil {
		out.SelfUnmute = base.SelfUnmute
	}
	if p.ScreenShare != nil {
		out.ScreenShare = base.ScreenShare
	}
	if p.InternalOnly != nil {
		out.InternalOnly = base.InternalOnly
	}
	if p.MuteAll != nil {
		out.MuteAll = base.MuteAll
	}
	return out
}

// noteMuted records whom meetbot just muted or unmuted.
func (r *Registry) noteMuted(ctx context.Context, corp, meetingID string, people []Person, mute bool) {
	if len(people) == 0 {
		return
	}
	st := r.meetState(ctx, corp, meetingID)
	if st.Muted == nil {
		st.Muted = map[string]bool{}
	}
	for _, p := range people {
		st.Muted[p.UnionID] = mute
	}
	r.saveMeetState(ctx, corp, meetingID, st)
}
