package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakePoster records what the watcher posts.
type fakePoster struct {
	mu    sync.Mutex
	posts []string // "chat: text"
	cards int
	err   error
}

func (p *fakePoster) Post(_ context.Context, to Chat, text string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return p.err
	}
	p.posts = append(p.posts, to.ChatID+": "+text)
	return nil
}

func (p *fakePoster) UpdateCard(context.Context, Chat, *Card) error {
	p.mu.Lock()
	p.cards++
	p.mu.Unlock()
	return nil
}

func (p *fakePoster) all() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.posts...)
}

// watchEnv is an env whose registry posts to a fakePoster; m1 is bound to
// the test chat, which the watcher follows.
func watchEnv(t *testing.T) (*env, *fakePoster) {
	p := &fakePoster{}
	e := newEnv(t, func(c *Config) { c.Poster = p })
	return e, p
}

func (e *env) round() WatchReport {
	e.t.Helper()
	rep, err := e.reg.WatchRound(context.Background(), time.Minute)
	require.NoError(e.t, err)
	return rep
}

// ended makes m1 over as DingTalk sees it: missing from the batch query,
// status 1 in its info, and (as the emulator does) no member list.
func (e *env) ended(info Meeting) {
	e.conf.LiveFn = func(context.Context, []string) ([]LiveMeeting, error) { return nil, nil }
	e.conf.InfoFn = func(context.Context, string) (Meeting, error) { info.Ended = true; return info, nil }
	e.conf.MembersFn = func(context.Context, string) ([]Member, error) { return nil, ErrRejected }
}

func TestWatchRoundCostsOneBatchCall(t *testing.T) {
	t.Parallel()
	e, _ := watchEnv(t)
	for i := range 49 {
		id := fmt.Sprintf("m-%02d", i)
		chat := fmt.Sprintf("chat-%02d", i)
		_, err := e.reg.bind(context.Background(), Request{CorpID: corp, ChatID: chat, ChatKind: Group}, Person{UserID: "hana"},
			Meeting{ID: id, Title: "Room"})
		require.NoError(t, err)
	}
	e.conf.LiveFn = func(_ context.Context, ids []string) ([]LiveMeeting, error) {
		out := make([]LiveMeeting, len(ids))
		for i, id := range ids {
			out[i] = LiveMeeting{MeetingID: id, Status: 2}
		}
		return out, nil
	}
	rep := e.round()
	assert.Equal(t, 50, rep.Meetings, "m1 and 49 more")
	assert.Equal(t, 1, e.conf.Count("Live"))
	assert.Zero(t, e.conf.Count("Info"), "meetings in the answer cost nothing more")

	none := newEnv(t)
	none.unbind()
	rep, err := none.reg.WatchRound(context.Background(), time.Minute)
	require.NoError(t, err)
	assert.Zero(t, rep.Meetings)
	assert.Empty(t, none.conf.Calls(), "no bound meetings, no calls")
}

func TestWatchAnnouncesTheEndOnce(t *testing.T) {
	t.Parallel()
	e, p := watchEnv(t)
	start := e.clock()
	e.conf.LiveFn = func(context.Context, []string) ([]LiveMeeting, error) {
		return []LiveMeeting{{MeetingID: m1, Status: 2, Started: start, Users: []LiveUser{
			{ID: "u-hana", Nick: "Hana", State: StateIn}, {ID: "u-alice", Nick: "Alice", State: StateIn}}}}, nil
	}
	e.round() // sees Hana and Alice in the meeting
	e.advance(20 * time.Minute)
	e.conf.LiveFn = func(context.Context, []string) ([]LiveMeeting, error) {
		return []LiveMeeting{{MeetingID: m1, Status: 2, Users: []LiveUser{{ID: "u-hana", Nick: "Hana", State: StateIn},
			{ID: "u-alice", Nick: "Alice", State: StateLeft}}}}, nil
	}
	e.round() // Alice left
	e.advance(10 * time.Minute)
	e.ended(Meeting{ID: m1, Title: m1Title, Started: start, Finished: e.clock(), Recording: 2, HostUnionID: "u-hana"})

	rep := e.round()
	assert.Equal(t, 1, rep.Ended)
	assert.Equal(t, []string{chat + ": **周会 Weekly sync** has ended: 09:00–09:30 (30 min, UTC), 2 attended.\n" +
		"- **Hana** 30 min\n- **Alice** 20 min\nThe recording will be posted here when it is ready."}, p.all())
	assert.Empty(t, e.boundTo(), "the chat is unbound")

	calls := len(e.conf.Calls())
	e.advance(time.Minute)
	rep = e.round()
	assert.Zero(t, rep.Ended)
	assert.Len(t, p.all(), 1, "announced once")
	assert.Equal(t, []string{"Recordings m1 u-hana"}, e.conf.Calls()[calls:], "only the recording is looked for, one interval after the end")
}

func TestWatchLeavesALiveMeetingAlone(t *testing.T) {
	t.Parallel()
	e, p := watchEnv(t)
	e.conf.LiveFn = func(context.Context, []string) ([]LiveMeeting, error) { return nil, nil } // missing…
	rep := e.round()                                                                           // …but its info says it runs
	assert.Zero(t, rep.Ended)
	assert.Equal(t, 1, e.conf.Count("Info"), "a missing meeting is confirmed with its info")
	assert.Empty(t, p.all())
	assert.Equal(t, m1, e.boundTo())
}

func TestWatchFollowUps(t *testing.T) {
	t.Parallel()
	e, p := watchEnv(t)
	e.ended(Meeting{ID: m1, Title: m1Title, HostUnionID: "u-hana", Recording: 2, Notes: 2, NotesOwner: "u-cole"})
	e.round()
	require.Len(t, p.all(), 1)

	// Looks at 1, 2, 4 … intervals: none ready yet.
	var looks []int
	for minute := 1; minute <= 20; minute++ {
		e.advance(time.Minute)
		before := e.conf.Count("Recordings")
		e.round()
		if e.conf.Count("Recordings") > before {
			looks = append(looks, minute)
		}
	}
	assert.Equal(t, []int{1, 2, 4, 8, 16}, looks, "doubling gaps")
	assert.Equal(t, len(looks), e.conf.Count("NotesSummary"), "notes on the same clock")

	e.conf.RecordingsFn = func(context.Context, string, string) ([]Recording, error) {
		return []Recording{{MediaID: "media1", RegionID: "cn-shenzhen"}}, nil
	}
	e.conf.NotesSummaryFn = func(_ context.Context, _, reader string) (Notes, error) {
		assert.Equal(t, "u-cole", reader, "the notes' owner reads them")
		return Notes{Ready: true, Paragraph: "Budget agreed.", Actions: []string{"Alice: plan"}, Keywords: []string{"budget"}}, nil
	}
	e.advance(time.Hour)
	e.round()
	posts := p.all()
	require.Len(t, posts, 3)
	assert.Contains(t, posts, chat+": The recording of **周会 Weekly sync** is ready: [play](https://vod.example/media1)")
	assert.Contains(t, posts, chat+": AI notes of **周会 Weekly sync**:\nBudget agreed.\nAction items:\n- Alice: plan\nKeywords: budget")
	e.advance(time.Hour)
	e.round()
	assert.Len(t, p.all(), 3, "each posted once")
}

func TestWatchGivesUpAfterThreeHours(t *testing.T) {
	t.Parallel()
	e, p := watchEnv(t)
	e.ended(Meeting{ID: m1, Title: m1Title, HostUnionID: "u-hana", Recording: 2, Notes: 1})
	e.conf.MediaFn = nil
	e.conf.NotesSummaryFn = func(context.Context, string, string) (Notes, error) { return Notes{}, ErrNotesOff }
	e.round()
	e.advance(time.Minute)
	e.round()
	assert.Contains(t, p.all(), chat+": AI notes are not enabled for your organisation, so there are none for **周会 Weekly sync** — an admin can turn on 闪记 in DingTalk.")
	for range 12 {
		e.advance(30 * time.Minute)
		e.round()
	}
	posts := p.all()
	assert.Contains(t, posts[len(posts)-1], "was not ready within 3 hours, so I stopped looking")
	assert.Len(t, posts, 3)
	assert.Less(t, e.conf.Count("Recordings"), 15, "looks grow apart")
}

// TestEndCommandPostsTheClosingOnce: /meeting end replies with the closing
// message; the watcher says nothing more.
func TestEndCommandPostsTheClosingOnce(t *testing.T) {
	t.Parallel()
	e, p := watchEnv(t)
	rep := e.handle(req("hana", "/会议 结束"))
	assert.Equal(t, OK, rep.Outcome)
	assert.Contains(t, rep.Text, "已为所有人结束会议**周会 Weekly sync**。\n\n**周会 Weekly sync**已结束")
	e.ended(Meeting{ID: m1})
	e.round()
	assert.Empty(t, p.all())
}

func TestClosingText(t *testing.T) {
	t.Parallel()
	r := New(Config{Conference: &fakeConference{}, Directory: &fakeDirectory{}, KV: newMemKV(time.Now), Location: time.UTC})
	start := time.Date(2026, 12, 4, 14, 0, 0, 0, time.UTC)
	var many []Member
	for i := range 23 {
		many = append(many, Member{UnionID: fmt.Sprint(i), Nick: fmt.Sprintf("P%02d", i), Duration: time.Duration(60-i) * time.Minute})
	}
	tests := []struct {
		name    string
		lang    Lang
		m       Meeting
		members []Member
		want    string
	}{
		{"times from the info", English, Meeting{Title: "Sync", Started: start, Finished: start.Add(72 * time.Minute), Notes: 1},
			[]Member{{Nick: "A", Duration: 72 * time.Minute}, {Nick: "B", Duration: 5 * time.Minute}, {Nick: "Never joined"}},
			"**Sync** has ended: 14:00–15:12 (1 h 12 min, UTC), 2 attended.\n- **A** 1 h 12 min\n- **B** 5 min\nThe AI notes will be posted here when they are ready."},
		{"chinese", Chinese, Meeting{Title: "周会", Started: start, Finished: start.Add(time.Hour)},
			[]Member{{Nick: "张三", Duration: time.Hour}},
			"**周会**已结束：14:00–15:00（1 小时，UTC），1 人参会。\n- **张三** 1 小时"},
		{"no times", English, Meeting{Title: "Sync"}, nil, "**Sync** has ended; 0 attended."},
		{"more than 20", English, Meeting{Title: "Big"}, many[:23], ""},
	}
	for _, tt := range tests {
		got := r.closingText(tt.lang, tt.m, tt.members)
		if tt.want == "" {
			lines := strings.Split(got, "\n")
			assert.Len(t, lines, 1+20+1, tt.name)
			assert.Equal(t, "- and 3 more", lines[len(lines)-1], tt.name)
			assert.Equal(t, "- **P00** 1 h", lines[1], "longest first")
			continue
		}
		assert.Equal(t, tt.want, got, tt.name)
	}
}

func TestNotesTextFitsOneMessage(t *testing.T) {
	t.Parallel()
	n := Notes{Ready: true, Paragraph: strings.Repeat("很长的摘要。", 400), Keywords: []string{"[x](http://evil)"}}
	for range 100 {
		n.Actions = append(n.Actions, strings.Repeat("待办", 50))
	}
	got := notesText(Chinese, "周会", n)
	assert.LessOrEqual(t, len(got), maxPost+4)
	assert.True(t, strings.HasSuffix(got, "\n…"))
	assert.NotContains(t, got, "](http")
}

// TestWatchRetriesAClosingMessageThatFailed: a failed post leaves the chat
// bound and the end unclaimed; the next round posts it, once.
func TestWatchRetriesAClosingMessageThatFailed(t *testing.T) {
	t.Parallel()
	e, p := watchEnv(t)
	e.ended(Meeting{ID: m1, Title: m1Title})
	p.err = errors.New("robot send failed")
	rep, err := e.reg.WatchRound(context.Background(), time.Minute)
	require.NoError(t, err)
	assert.Empty(t, p.all())
	assert.Equal(t, m1, e.boundTo(), "still bound: not told yet")
	assert.Equal(t, 1, rep.Ended)

	p.mu.Lock()
	p.err = nil
	p.mu.Unlock()
	e.round()
	e.round()
	assert.Len(t, p.all(), 1, "posted once it could be")
	assert.Empty(t, e.boundTo())
}
