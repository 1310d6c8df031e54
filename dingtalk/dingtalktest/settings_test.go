package dingtalktest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// policyOf is the policy part of a meeting snapshot.
type policyOf struct {
	AllowUnmuteSelf, AutoTransferHost, ForbiddenShareScreen, Locked, MutedAll, OnlyInternal bool
}

func policySnapshot(st MeetingState) policyOf {
	return policyOf{st.AllowUnmuteSelf, st.AutoTransferHost, st.ForbiddenShareScreen, st.Locked, st.MutedAll,
		st.OnlyInternalEmployeesJoin}
}

// TestConferenceSettings: only the fields present change.
func TestConferenceSettings(t *testing.T) {
	t.Parallel()
	defaults := policyOf{AllowUnmuteSelf: true}
	tests := []struct {
		name   string
		body   any
		status int
		want   policyOf
	}{
		{"lock only", map[string]any{"lockConference": true}, 200, policyOf{AllowUnmuteSelf: true, Locked: true}},
		{"all six", map[string]any{"allowUnmuteSelf": false, "autoTransferHost": true, "forbiddenShareScreen": true,
			"lockConference": true, "muteAll": true, "onlyInternalEmployeesJoin": true},
			200, policyOf{false, true, true, true, true, true}},
		{"false is a value", map[string]any{"allowUnmuteSelf": false}, 200, policyOf{}},
		{"unknown keys ignored", map[string]any{"muteAll": true, "colour": "blue"}, 200, policyOf{AllowUnmuteSelf: true, MutedAll: true}},
		{"nothing to change", map[string]any{}, 400, defaults},
		{"only unknown keys", map[string]any{"colour": "blue"}, 400, defaults},
		{"string boolean", map[string]any{"lockConference": "true"}, 400, defaults},
		{"number boolean", map[string]any{"muteAll": 1}, 400, defaults},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, id, tok := liveFixture(t, Options{})
			r := call(t, s, tok, "PUT", vcPath+id, tc.body, tc.status)
			if tc.status == 200 {
				assert.JSONEq(t, `{"code":"200","case":"success"}`, string(r.raw))
			} else {
				assert.Equal(t, "paramsError", r.str("code"))
			}
			st, _ := s.Meeting(id)
			assert.Equal(t, tc.want, policySnapshot(st))
		})
	}
}

func TestConferenceSettingsEffects(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{})
	call(t, s, tok, "PUT", vcPath+id, map[string]any{"muteAll": true}, 200)
	assert.Equal(t, MediaOff, memberOf(t, s, id, "union-carol").Mic, "muteAll mutes")
	call(t, s, tok, "PUT", vcPath+id, map[string]any{"allowUnmuteSelf": false, "muteAll": false}, 200)
	assert.Equal(t, MediaOn, memberOf(t, s, id, "union-carol").Mic, "muteAll false unmutes")
	require.NoError(t, s.SetMic(id, "carol", false))
	assert.ErrorIs(t, s.SetMic(id, "carol", true), ErrUnmuteForbidden, "allowUnmuteSelf off")
	assert.NoError(t, s.SetMic(id, "bob", false))
	assert.NoError(t, s.SetMic(id, "bob", true), "a co-host may unmute")

	call(t, s, tok, "PUT", vcPath+id, map[string]any{"lockConference": true}, 200)
	s.AddUser(User{UserID: "dave"})
	assert.ErrorIs(t, s.Join(id, "dave"), ErrMeetingLocked)
	call(t, s, tok, "PUT", vcPath+id, map[string]any{"muteAll": true}, 200)
	call(t, s, tok, "PUT", vcPath+id, map[string]any{"muteAll": true}, 200)
	st, _ := s.Meeting(id)
	assert.True(t, st.MutedAll)
	assert.False(t, st.ForceMute, "the setting does not force")

	s.EndMeeting(id)
	r := call(t, s, tok, "PUT", vcPath+id, map[string]any{"muteAll": false}, 400)
	assert.Equal(t, "paramsError", r.str("code"), "an ended meeting")
	r = call(t, s, tok, "PUT", vcPath+"nope", map[string]any{"muteAll": false}, 400)
	assert.Equal(t, "paramsError", r.str("code"), "an unknown meeting")
}
