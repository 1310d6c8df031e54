package dingtalktest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// t0 is the fixed base of the meeting clock in clocked tests.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// clocked is Options with the meeting clock standing at t0 until the test
// moves it with AdvanceClock.
func clocked() Options { return Options{Now: func() time.Time { return t0 }} }

// liveFixture is meetingFixture on the fixed clock: alice hosts, bob is
// co-host, carol present.
func liveFixture(t *testing.T, opts Options) (*Server, string, string) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = clocked().Now
	}
	s := setup(t, opts)
	id := s.AddMeeting(MeetingSpec{Title: "Ops", HostUserID: "alice", Members: []string{"bob", "carol"}, CoHosts: []string{"bob"}})
	return s, id, token(t, s)
}

// memberOf is the snapshot of one member of a meeting.
func memberOf(t *testing.T, s *Server, id, union string) MemberState {
	t.Helper()
	st, ok := s.Meeting(id)
	require.True(t, ok)
	for _, mb := range st.Members {
		if mb.UnionID == union {
			return mb
		}
	}
	t.Fatalf("%s is not a member of %s", union, id)
	return MemberState{}
}

// call posts body to vcPath+id+sub and requires the status.
func call(t *testing.T, s *Server, tok, method, path string, body any, status int) response {
	t.Helper()
	r := do(t, s, method, path, tok, body)
	require.Equal(t, status, r.status, string(r.raw))
	return r
}

func users(unions ...string) []map[string]string {
	out := make([]map[string]string, len(unions))
	for i, u := range unions {
		out[i] = map[string]string{"unionId": u}
	}
	return out
}

// ok200 is http.StatusOK, short for tables.
const ok200 = http.StatusOK
