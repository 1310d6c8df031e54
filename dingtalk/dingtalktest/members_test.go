package dingtalktest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMemberMedia: members join with microphone and camera on; the mute
// calls and the member's own client change them.
func TestMemberMedia(t *testing.T) {
	t.Parallel()
	type step struct {
		name   string
		do     func(s *Server, id, tok string) error
		carol  [2]MediaState // mic, camera after the step
		wantOK bool
	}
	muteOne := func(action string) func(*Server, string, string) error {
		return func(s *Server, id, tok string) error {
			do(t, s, "POST", vcPath+id+"/members/mute", tok, map[string]any{"action": action, "userList": users("union-carol")})
			return nil
		}
	}
	muteAll := func(action string, force bool) func(*Server, string, string) error {
		return func(s *Server, id, tok string) error {
			do(t, s, "POST", vcPath+id+"/allMembers/mute", tok, map[string]any{"action": action, "forceMute": force})
			return nil
		}
	}
	mic := func(on bool) func(*Server, string, string) error {
		return func(s *Server, id, _ string) error { return s.SetMic(id, "carol", on) }
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"joined on", nil},
		{"host mutes and unmutes", []step{
			{"mute", muteOne("mute"), [2]MediaState{MediaOff, MediaOn}, true},
			{"un_mute", muteOne("un_mute"), [2]MediaState{MediaOn, MediaOn}, true}}},
		{"own client", []step{
			{"mic off", mic(false), [2]MediaState{MediaOff, MediaOn}, true},
			{"camera off", func(s *Server, id, _ string) error { return s.SetCamera(id, "carol", false) }, [2]MediaState{MediaOff, MediaOff}, true},
			{"mic on", mic(true), [2]MediaState{MediaOn, MediaOff}, true}}},
		{"mute all, not forced", []step{
			{"mute all", muteAll("mute", false), [2]MediaState{MediaOff, MediaOn}, true},
			{"unmutes herself", mic(true), [2]MediaState{MediaOn, MediaOn}, true}}},
		{"mute all, forced", []step{
			{"mute all", muteAll("mute", true), [2]MediaState{MediaOff, MediaOn}, true},
			{"cannot unmute", mic(true), [2]MediaState{MediaOff, MediaOn}, false},
			{"unmute all", muteAll("un_mute", false), [2]MediaState{MediaOn, MediaOn}, true}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, id, tok := liveFixture(t, Options{})
			carol := memberOf(t, s, id, "union-carol")
			assert.Equal(t, [2]MediaState{MediaOn, MediaOn}, [2]MediaState{carol.Mic, carol.Camera})
			for _, st := range tc.steps {
				err := st.do(s, id, tok)
				if st.wantOK {
					require.NoError(t, err, st.name)
				} else {
					assert.ErrorIs(t, err, ErrUnmuteForbidden, st.name)
				}
				carol = memberOf(t, s, id, "union-carol")
				assert.Equal(t, st.carol, [2]MediaState{carol.Mic, carol.Camera}, st.name)
			}
			host := memberOf(t, s, id, "union-alice")
			assert.Equal(t, MediaOn, host.Mic, "mute-all spares the host")
		})
	}
}

func TestMuteMembersOneUserPerCall(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{})
	r := call(t, s, tok, "POST", vcPath+id+"/members/mute", map[string]any{"action": "mute", "userList": users("union-bob", "union-carol")}, 400)
	assert.Equal(t, "paramsError", r.str("code"))
	r = call(t, s, tok, "POST", vcPath+id+"/members/mute", map[string]any{"action": "mute", "userList": users("union-zed")}, 400)
	assert.Equal(t, "unknownUserError", r.str("code"))
	assert.Equal(t, MediaOn, memberOf(t, s, id, "union-bob").Mic, "nothing changed")
}

func TestMuteOnJoin(t *testing.T) {
	t.Parallel()
	s := setup(t, clocked())
	id := s.AddMeeting(MeetingSpec{HostUserID: "alice", Members: []string{"bob"}, MuteOnJoin: true})
	assert.Equal(t, MediaOn, memberOf(t, s, id, "union-alice").Mic, "the host is not muted")
	assert.Equal(t, MediaOff, memberOf(t, s, id, "union-bob").Mic)
	require.NoError(t, s.Join(id, "carol"))
	assert.Equal(t, MediaOff, memberOf(t, s, id, "union-carol").Mic)
	assert.Equal(t, MediaOn, memberOf(t, s, id, "union-carol").Camera)
}

// TestKick: kicked members get attendStatus 5; forbiddenRejoin bans them.
func TestKick(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    map[string]any
		status  int
		code    string
		joinErr error // carol joining again afterwards
	}{
		{"may rejoin", map[string]any{"userList": users("union-carol"), "forbiddenRejoin": false}, 200, "", nil},
		{"rejoin unset", map[string]any{"userList": users("union-carol")}, 200, "", nil},
		{"banned", map[string]any{"userList": users("union-carol"), "forbiddenRejoin": true}, 200, "", ErrBanned},
		{"the host", map[string]any{"userList": users("union-carol", "union-alice")}, 400, "paramsError", nil},
		{"a stranger", map[string]any{"userList": users("union-carol", "union-zed")}, 400, "unknownUserError", nil},
		{"no users", map[string]any{"forbiddenRejoin": true}, 400, "MissinguserList", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, id, tok := liveFixture(t, Options{})
			r := call(t, s, tok, "POST", vcPath+id+"/members/kick", tc.body, tc.status)
			carol := memberOf(t, s, id, "union-carol")
			if tc.status != 200 {
				assert.Equal(t, tc.code, r.str("code"))
				assert.True(t, carol.Present, "a failed kick changes nothing")
				return
			}
			assert.Equal(t, 5, carol.AttendStatus)
			assert.Equal(t, t0, carol.LeaveTime)
			assert.Equal(t, tc.joinErr != nil, carol.Banned)
			assert.ErrorIs(t, s.Join(id, "carol"), tc.joinErr)
			assert.Equal(t, tc.joinErr == nil, memberOf(t, s, id, "union-carol").Present)
		})
	}
}

func TestKickedLoseSpotlightAndCoHost(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{})
	call(t, s, tok, "POST", vcPath+id+"/focus", map[string]any{"action": "focus", "unionId": "union-bob"}, 200)
	call(t, s, tok, "POST", vcPath+id+"/members/kick", map[string]any{"userList": users("union-bob")}, 200)
	st, _ := s.Meeting(id)
	assert.Empty(t, st.Focus)
	assert.False(t, memberOf(t, s, id, "union-bob").CoHost)
}

// TestJoinRefusals: what the test API's Join refuses.
func TestJoinRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		prepare func(s *Server, id, tok string)
		user    string
		want    error
	}{
		{"open", func(*Server, string, string) {}, "dave", nil},
		{"locked", func(s *Server, id, tok string) {
			call(t, s, tok, "POST", vcPath+id+"/lock", map[string]any{"action": "lock"}, 200)
		}, "dave", ErrMeetingLocked},
		{"unlocked again", func(s *Server, id, tok string) {
			call(t, s, tok, "POST", vcPath+id+"/lock", map[string]any{"action": "lock"}, 200)
			call(t, s, tok, "POST", vcPath+id+"/lock", map[string]any{"action": "unlock"}, 200)
		}, "dave", nil},
		{"locked, even an invitee", func(s *Server, id, tok string) {
			call(t, s, tok, "POST", vcPath+id+"/users/invite", map[string]any{"unionId": "union-alice",
				"inviteeList": []map[string]string{{"unionId": "union-dave", "nick": "Dave"}}}, 200)
			call(t, s, tok, "POST", vcPath+id+"/lock", map[string]any{"action": "lock"}, 200)
		}, "dave", ErrMeetingLocked},
		{"ended", func(s *Server, id, _ string) { s.EndMeeting(id) }, "dave", ErrMeetingEnded},
		{"external, internal only", func(s *Server, id, tok string) {
			call(t, s, tok, "PUT", vcPath+id, map[string]any{"onlyInternalEmployeesJoin": true}, 200)
		}, "eve", ErrInternalOnly},
		{"external, open", func(*Server, string, string) {}, "eve", nil},
		{"already in", func(*Server, string, string) {}, "carol", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, id, tok := liveFixture(t, Options{})
			s.AddUser(User{UserID: "dave", Name: "Dave"})
			tc.prepare(s, id, tok)
			assert.ErrorIs(t, s.Join(id, tc.user), tc.want)
		})
	}
	s, _, _ := liveFixture(t, Options{})
	assert.ErrorIs(t, s.Join("nope", "bob"), ErrNoMeeting)
}

// TestStaysAndTimes: join and leave times and durations, as the members
// query answers them, across a leave, a rejoin and the end.
func TestStaysAndTimes(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{})
	models := func() map[string]map[string]any {
		r := call(t, s, tok, "GET", vcPath+id+"/members", nil, 200)
		out := map[string]map[string]any{}
		for _, m := range r.body["memberModels"].([]any) {
			mm := m.(map[string]any)
			out[mm["unionId"].(string)] = mm
		}
		return out
	}
	ms := func(d time.Duration) float64 { return float64(d.Milliseconds()) }
	at := func(d time.Duration) float64 { return float64(t0.Add(d).UnixMilli()) }

	s.AdvanceClock(10 * time.Minute)
	require.NoError(t, s.Leave(id, "carol"))
	s.AdvanceClock(5 * time.Minute)
	carol := models()["union-carol"]
	assert.Equal(t, float64(6), carol["attendStatus"])
	assert.Equal(t, at(0), carol["joinTime"])
	assert.Equal(t, at(10*time.Minute), carol["leaveTime"])
	assert.Equal(t, ms(10*time.Minute), carol["duration"], "time away does not count")

	require.NoError(t, s.Join(id, "carol"))
	s.AdvanceClock(20 * time.Minute)
	carol = models()["union-carol"]
	assert.Equal(t, float64(3), carol["attendStatus"])
	assert.Equal(t, at(15*time.Minute), carol["joinTime"], "the latest join")
	assert.NotContains(t, carol, "leaveTime", "present: no leave time")
	assert.Equal(t, ms(30*time.Minute), carol["duration"])
	assert.Equal(t, ms(35*time.Minute), models()["union-alice"]["duration"])

	s.EndMeeting(id)
	st, _ := s.Meeting(id)
	for _, mb := range st.Members {
		assert.Equal(t, 6, mb.AttendStatus, mb.UnionID)
		assert.Equal(t, t0.Add(35*time.Minute), mb.LeaveTime, mb.UnionID)
	}
	assert.Equal(t, 30*time.Minute, memberOf(t, s, id, "union-carol").Stay)
	assert.ErrorIs(t, s.Leave(id, "carol"), ErrMeetingEnded)
}

func TestCloseSetsLeaveTimes(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{})
	s.AdvanceClock(time.Hour)
	call(t, s, tok, "DELETE", vcPath+id+"?unionId=union-alice", nil, 200)
	for _, mb := range []string{"union-alice", "union-bob", "union-carol"} {
		assert.Equal(t, t0.Add(time.Hour), memberOf(t, s, id, mb).LeaveTime, mb)
	}
	st, _ := s.Meeting(id)
	assert.Equal(t, t0.Add(time.Hour), st.End)
}

func TestDeclineAndLeaveErrors(t *testing.T) {
	t.Parallel()
	s, id, _ := liveFixture(t, Options{})
	s.AddUser(User{UserID: "dave", Name: "Dave"})
	assert.ErrorIs(t, s.Decline(id, "carol", "busy"), ErrNotInvited, "carol is in the meeting, not called")
	assert.ErrorIs(t, s.Leave(id, "dave"), ErrNotPresent)
	assert.ErrorIs(t, s.SetMic(id, "dave", true), ErrNotPresent)
	assert.Panics(t, func() { _ = s.Join(id, "zed") }, "an unknown userId is a bug in the test")
}

// TestAutoTransferHost: with autoTransferHost, the host leaving hands the
// role to a present co-host; without it the host stays host.
func TestAutoTransferHost(t *testing.T) {
	t.Parallel()
	for _, transfer := range []bool{true, false} {
		s, id, tok := liveFixture(t, Options{})
		call(t, s, tok, "PUT", vcPath+id, map[string]any{"autoTransferHost": transfer}, 200)
		require.NoError(t, s.Leave(id, "alice"))
		st, _ := s.Meeting(id)
		want := map[bool]string{true: "union-bob", false: "union-alice"}[transfer]
		assert.Equal(t, want, st.HostUnionID, "transfer %v", transfer)
		assert.Equal(t, "union-alice", st.CreatorUnionID)
	}
}
