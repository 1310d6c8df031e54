package dingtalk_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/testkit"
)

// env is one emulator with users alice (host), bob and carol, a meeting
// "Standup" on room code 838722123, and a client pointed at it.
type env struct {
	s         *dingtalktest.Server
	c         *dingtalk.Client
	meeting   string
	robotCode string // for the contract test's robot sends
	webhook   string // a live session webhook, for the contract test
	schedule  string // a booking, for the contract test
	recording dingtalk.Recording
}

// booking is a meeting alice books for tomorrow, for the contract test.
func (e *env) booking() dingtalk.Booking {
	start := time.Now().Add(24 * time.Hour).UnixMilli()
	return dingtalk.Booking{CreatorUnionID: "union-alice", Title: "Planning", StartTime: start, EndTime: start + 3600_000}
}

func newEnv(t *testing.T, opts dingtalktest.Options, clientOpts ...dingtalk.Option) *env {
	t.Helper()
	s := testkit.Emulator(t, opts)
	for _, u := range []dingtalktest.User{{UserID: "alice", Name: "Alice"}, {UserID: "bob", Name: "Bob"}, {UserID: "carol", Name: "Carol"}} {
		s.AddUser(u)
	}
	id := s.AddMeeting(dingtalktest.MeetingSpec{Title: "Standup", HostUserID: "alice",
		Members: []string{"bob", "carol"}, RoomCode: "838722123"})
	o := s.Options()
	clientOpts = append([]dingtalk.Option{dingtalk.WithAPIURL(s.URL()), dingtalk.WithOAPIURL(s.URL()),
		dingtalk.WithRetry(4, time.Millisecond, 10*time.Millisecond)}, clientOpts...)
	c := dingtalk.NewClient(o.ClientID, o.ClientSecret, clientOpts...)
	return &env{s: s, c: c, meeting: id}
}

func (e *env) state(t *testing.T) dingtalktest.MeetingState {
	t.Helper()
	m, ok := e.s.Meeting(e.meeting)
	require.True(t, ok)
	return m
}

func member(t *testing.T, m dingtalktest.MeetingState, unionID string) dingtalktest.MemberState {
	t.Helper()
	for _, x := range m.Members {
		if x.UnionID == unionID {
			return x
		}
	}
	t.Fatalf("no member %s", unionID)
	return dingtalktest.MemberState{}
}

func TestEmulatorConference(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  func(t *testing.T, ctx context.Context, e *env)
	}{
		{"create", func(t *testing.T, ctx context.Context, e *env) {
			got, err := e.c.Conference.Create(ctx, dingtalk.CreateRequest{HostUnionID: "union-bob", Title: "Retro"})
			require.NoError(t, err)
			m, ok := e.s.Meeting(got.ConferenceID)
			require.True(t, ok)
			assert.Equal(t, "Retro", m.Title)
			assert.Equal(t, "union-bob", m.HostUnionID)
			assert.Equal(t, m.RoomCode, got.RoomCode)
		}},
		{"close", func(t *testing.T, ctx context.Context, e *env) {
			require.NoError(t, e.c.Conference.Close(ctx, e.meeting, "union-alice"))
			assert.Equal(t, dingtalk.StatusEnded, e.state(t).Status)
		}},
		{"info", func(t *testing.T, ctx context.Context, e *env) {
			got, err := e.c.Conference.Info(ctx, e.meeting)
			require.NoError(t, err)
			assert.Equal(t, e.meeting, got.ConferenceID)
			assert.Equal(t, "Standup", got.Title)
			assert.Equal(t, "838722123", got.RoomCode)
			assert.Equal(t, dingtalk.StatusStarted, got.Status)
			assert.Equal(t, "union-alice", got.CreatorUnionID)
		}},
		{"members", func(t *testing.T, ctx context.Context, e *env) {
			got, err := e.c.Conference.Members(ctx, e.meeting)
			require.NoError(t, err)
			require.Len(t, got, 3)
			assert.Positive(t, got[0].JoinTime, "members carry their join time")
			got[0].JoinTime, got[0].Duration = 0, 0 // the time in the meeting so far
			assert.Equal(t, dingtalk.Member{UnionID: "union-alice", Nick: "Alice", Host: true, AttendStatus: 3}, got[0])
			assert.Equal(t, "union-carol", got[2].UnionID)
			assert.True(t, got[2].Present())
		}},
		{"focus and unfocus", func(t *testing.T, ctx context.Context, e *env) {
			require.NoError(t, e.c.Conference.Focus(ctx, e.meeting, "union-bob"))
			assert.Equal(t, "union-bob", e.state(t).Focus)
			require.NoError(t, e.c.Conference.Unfocus(ctx, e.meeting, "union-bob"))
			assert.Empty(t, e.state(t).Focus)
		}},
		{"co-hosts", func(t *testing.T, ctx context.Context, e *env) {
			require.NoError(t, e.c.Conference.AddCoHosts(ctx, e.meeting, []string{"union-bob", "union-carol"}))
			assert.True(t, member(t, e.state(t), "union-bob").CoHost)
			assert.True(t, member(t, e.state(t), "union-carol").CoHost)
			require.NoError(t, e.c.Conference.RemoveCoHosts(ctx, e.meeting, []string{"union-bob"}))
			assert.False(t, member(t, e.state(t), "union-bob").CoHost)
			assert.True(t, member(t, e.state(t), "union-carol").CoHost)
		}},
		{"mute all", func(t *testing.T, ctx context.Context, e *env) {
			require.NoError(t, e.c.Conference.MuteAll(ctx, e.meeting))
			assert.True(t, e.state(t).MutedAll)
			require.NoError(t, e.c.Conference.UnmuteAll(ctx, e.meeting))
			assert.False(t, e.state(t).MutedAll)
		}},
		{"lock", func(t *testing.T, ctx context.Context, e *env) {
			require.NoError(t, e.c.Conference.Lock(ctx, e.meeting))
			assert.True(t, e.state(t).Locked)
			require.NoError(t, e.c.Conference.Unlock(ctx, e.meeting))
			assert.False(t, e.state(t).Locked)
		}},
		{"user ongoing", func(t *testing.T, ctx context.Context, e *env) {
			require.NoError(t, e.c.Conference.AddCoHosts(ctx, e.meeting, []string{"union-bob"}))
			got, err := e.c.Conference.UserOngoing(ctx, "union-bob")
			require.NoError(t, err)
			assert.Equal(t, []dingtalk.Participation{{ConferenceID: e.meeting, CoHost: true, AttendStatus: 3}}, got)
			got, err = e.c.Conference.UserOngoing(ctx, "union-alice")
			require.NoError(t, err)
			assert.Equal(t, []dingtalk.Participation{{ConferenceID: e.meeting, Host: true, AttendStatus: 3}}, got)
			e.s.EndMeeting(e.meeting)
			got, err = e.c.Conference.UserOngoing(ctx, "union-bob")
			require.NoError(t, err)
			assert.Empty(t, got)
		}},
		{"by room code with spaces", func(t *testing.T, ctx context.Context, e *env) {
			got, err := e.c.Conference.ByRoomCode(ctx, "838 722 123")
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, e.meeting, got[0].ConferenceID)
		}},
		{"unknown user", func(t *testing.T, ctx context.Context, e *env) {
			err := e.c.Conference.Focus(ctx, e.meeting, "union-nobody")
			assert.ErrorIs(t, err, dingtalk.ErrUnknownUser)
			err = e.c.Conference.AddCoHosts(ctx, e.meeting, []string{"union-bob", "union-nobody"})
			assert.ErrorIs(t, err, dingtalk.ErrUnknownUser)
			assert.False(t, member(t, e.state(t), "union-bob").CoHost, "nothing changed")
		}},
		{"ended meeting", func(t *testing.T, ctx context.Context, e *env) {
			e.s.EndMeeting(e.meeting)
			assert.ErrorIs(t, e.c.Conference.Focus(ctx, e.meeting, "union-bob"), dingtalk.ErrParams)
			assert.Equal(t, 1, e.s.CountCalls(http.MethodPost, "/v1.0/conference/videoConferences/"+e.meeting+"/focus"), "not retried")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			tt.run(t, ctx, newEnv(t, dingtalktest.Options{}))
		})
	}
}

func TestEmulatorMembersPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t, dingtalktest.Options{})
	var ids []string
	for i := range 300 {
		u := dingtalktest.User{UserID: fmt.Sprintf("user%03d", i), Name: fmt.Sprintf("User %d", i)}
		e.s.AddUser(u)
		ids = append(ids, u.UserID)
	}
	big := e.s.AddMeeting(dingtalktest.MeetingSpec{Title: "All hands", HostUserID: "alice", Members: ids})
	got, err := e.c.Conference.Members(context.Background(), big)
	require.NoError(t, err)
	assert.Len(t, got, 301)
	assert.Greater(t, e.s.CountCalls(http.MethodGet, "/v1.0/conference/videoConferences/"+big+"/members"), 1)
}
