package dingtalktest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func invitees(pairs ...string) []map[string]string {
	out := []map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, map[string]string{"unionId": pairs[i], "nick": pairs[i+1]})
	}
	return out
}

func TestInvite(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   map[string]any
		status int
		code   string
		dave   int // dave's attendStatus after; 0 = not a member
	}{
		{"by the host", map[string]any{"unionId": "union-alice", "inviteeList": invitees("union-dave", "Dave")}, 200, "", 2},
		{"by a co-host", map[string]any{"unionId": "union-bob", "inviteeList": invitees("union-dave", "Dave")}, 200, "", 2},
		{"by a plain member", map[string]any{"unionId": "union-carol", "inviteeList": invitees("union-dave", "Dave")}, 400, "paramsError", 0},
		{"no operator", map[string]any{"inviteeList": invitees("union-dave", "Dave")}, 400, "paramsError", 0},
		{"unknown operator", map[string]any{"unionId": "union-zed", "inviteeList": invitees("union-dave", "Dave")}, 400, "unknownUserError", 0},
		{"no nick", map[string]any{"unionId": "union-alice", "inviteeList": []map[string]string{{"unionId": "union-dave"}}}, 400, "MissinginviteeList.nick", 0},
		{"no invitee unionId", map[string]any{"unionId": "union-alice", "inviteeList": []map[string]string{{"nick": "Dave"}}}, 400, "paramsError", 0},
		{"unknown invitee", map[string]any{"unionId": "union-alice", "inviteeList": invitees("union-dave", "Dave", "union-zed", "Zed")}, 400, "unknownUserError", 0},
		{"external invitee", map[string]any{"unionId": "union-alice", "inviteeList": invitees("union-eve", "Eve")}, 400, "unknownUserError", 0},
		{"nobody", map[string]any{"unionId": "union-alice"}, 400, "paramsError", 0},
		{"someone present", map[string]any{"unionId": "union-alice", "inviteeList": invitees("union-carol", "C", "union-dave", "Dave")}, 200, "", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, id, tok := liveFixture(t, Options{})
			s.AddUser(User{UserID: "dave", Name: "Dave Li"})
			r := call(t, s, tok, "POST", vcPath+id+"/users/invite", tc.body, tc.status)
			if tc.status == 200 {
				assert.Equal(t, map[string]any{"success": true}, r.body)
			} else {
				assert.Equal(t, tc.code, r.str("code"))
			}
			st, _ := s.Meeting(id)
			if tc.dave == 0 {
				assert.Len(t, st.Members, 3, "nobody added")
				return
			}
			dave := memberOf(t, s, id, "union-dave")
			assert.Equal(t, tc.dave, dave.AttendStatus)
			assert.Equal(t, "Dave", dave.Nick, "the nick sent")
			assert.Equal(t, MediaInit, dave.Mic)
			assert.True(t, memberOf(t, s, id, "union-carol").Present, "present members are left alone")
		})
	}
}

// TestInviteeAnswers: an invitee joins (3) or declines (4 with a reason);
// a declined one can be invited again; a banned one cannot.
func TestInviteeAnswers(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{})
	s.AddUser(User{UserID: "dave", Name: "Dave"})
	s.AddUser(User{UserID: "frank", Name: "Frank"})
	invite := func(status int, pairs ...string) response {
		return call(t, s, tok, "POST", vcPath+id+"/users/invite", map[string]any{"unionId": "union-alice", "inviteeList": invitees(pairs...)}, status)
	}
	invite(200, "union-dave", "Dave", "union-frank", "Frank")
	require.NoError(t, s.Join(id, "dave"))
	require.NoError(t, s.Decline(id, "frank", "抱歉，正在开会"))
	dave, frank := memberOf(t, s, id, "union-dave"), memberOf(t, s, id, "union-frank")
	assert.Equal(t, 3, dave.AttendStatus)
	assert.Equal(t, t0, dave.JoinTime)
	assert.Equal(t, [2]MediaState{MediaOn, MediaOn}, [2]MediaState{dave.Mic, dave.Camera})
	assert.Equal(t, 4, frank.AttendStatus)
	assert.Equal(t, "抱歉，正在开会", frank.RejectDescription)
	assert.ErrorIs(t, s.Decline(id, "frank", "again"), ErrNotInvited)

	invite(200, "union-frank", "Frank")
	frank = memberOf(t, s, id, "union-frank")
	assert.Equal(t, 2, frank.AttendStatus, "invited again")
	assert.Empty(t, frank.RejectDescription)

	call(t, s, tok, "POST", vcPath+id+"/members/kick", map[string]any{"userList": users("union-dave"), "forbiddenRejoin": true}, 200)
	r := invite(400, "union-dave", "Dave")
	assert.Equal(t, "paramsError", r.str("code"), "a banned member cannot be invited back")
}
