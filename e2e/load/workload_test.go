package load

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// The load benchmark's workload: C group chats, each with its own live
// meeting whose host sends /spotlight @x, /spotlight off and /cohost add|remove @y
// in turn, and a tracker that timestamps pushes and webhook replies.

// membersPerMeeting is how many people besides the host are in each
// meeting; x and y are the first two.
const membersPerMeeting = 6

// loadChat is one chat of the workload and the people of its meeting.
type loadChat struct {
	chat    dingtalktest.Chat
	host    string
	x, y    string // userIds
	xn, yn  string // their names, as typed after @
	meeting string
	sent    *atomic.Int64 // commands built for this chat so far, across phases
}

// seedLoad adds C hosts, their meetings and members to the emulator.
func seedLoad(emu *dingtalktest.Server, chats int) []loadChat {
	out := make([]loadChat, chats)
	for c := range out {
		lc := loadChat{sent: new(atomic.Int64),
			chat: dingtalktest.Chat{ID: fmt.Sprintf("cidLoad%03d==", c), Title: fmt.Sprintf("Load %d", c), Group: true},
			host: fmt.Sprintf("lhost%03d", c),
		}
		emu.AddUser(dingtalktest.User{UserID: lc.host, Name: fmt.Sprintf("Host%03d", c)})
		members := make([]string, membersPerMeeting)
		for j := range members {
			members[j] = fmt.Sprintf("lm%03d_%d", c, j)
			emu.AddUser(dingtalktest.User{UserID: members[j], Name: fmt.Sprintf("M%03d_%d", c, j)})
		}
		lc.x, lc.xn, lc.y, lc.yn = members[0], "M"+members[0][2:], members[1], "M"+members[1][2:]
		lc.meeting = emu.AddMeeting(dingtalktest.MeetingSpec{Title: fmt.Sprintf("Load meeting %d", c),
			HostUserID: lc.host, Members: members})
		out[c] = lc
	}
	return out
}

// command is the chat's next command: spotlight @x, spotlight off,
// cohost add @y, spotlight @x, spotlight off, cohost remove @y, over and
// over, continuing across phases. The co-host commands alternate so that
// each one changes something: the bot makes no call for a co-host who
// already is one. n is the command's index within its phase (unused: the
// chat's own count keeps the alternation across phases).
func (lc loadChat) command(_ int, msgID string) dingtalktest.ChatMessage {
	return lc.commandAt(int(lc.sent.Add(1)-1), msgID)
}

// commandAt is step k of the chat's cycle of six commands.
func (lc loadChat) commandAt(k int, msgID string) dingtalktest.ChatMessage {
	m := dingtalktest.ChatMessage{From: lc.host, Chat: lc.chat, MsgID: msgID}
	switch k % 6 {
	case 0, 3:
		m.Text, m.Mentions = "/spotlight @"+lc.xn, []string{lc.x}
	case 1, 4:
		m.Text = "/spotlight off"
	case 2:
		m.Text, m.Mentions = "/cohost add @"+lc.yn, []string{lc.y}
	default:
		m.Text, m.Mentions = "/cohost remove @"+lc.yn, []string{lc.y}
	}
	return m
}

// tracker records when each message of one phase was pushed and when its
// first webhook reply arrived.
type tracker struct {
	mu      sync.Mutex
	pushed  map[string]time.Time
	replied map[string]time.Time
	want    int
	done    chan struct{}
}

func newTracker(want int) *tracker {
	return &tracker{pushed: make(map[string]time.Time, want), replied: make(map[string]time.Time, want),
		want: want, done: make(chan struct{})}
}

// push sends m with a fresh msgId, recorded before the push so a fast
// reply always finds it.
func (tr *tracker) push(emu *dingtalktest.Server, m dingtalktest.ChatMessage) {
	tr.mu.Lock()
	m.MsgID = fmt.Sprintf("loadmsg%d", msgSeq.Add(1))
	tr.pushed[m.MsgID] = time.Now()
	tr.mu.Unlock()
	emu.Push(m)
}

// msgSeq keeps msgIds unique across phases and bots.
var msgSeq atomic.Int64

// reply records the arrival of a reply to msgID.
func (tr *tracker) reply(msgID string, at time.Time) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if _, ok := tr.pushed[msgID]; !ok {
		return
	}
	if _, dup := tr.replied[msgID]; dup {
		return
	}
	tr.replied[msgID] = at
	if len(tr.replied) == tr.want {
		close(tr.done)
	}
}

// wait blocks until every message has a reply or ctx ends.
func (tr *tracker) wait(ctx context.Context) {
	select {
	case <-tr.done:
	case <-ctx.Done():
	}
}

// latency summarises one phase.
type latency struct {
	sent, answered int
	last           time.Duration // first push → last reply
	p50, p90, p99  time.Duration // push → reply
}

func (tr *tracker) summary() latency {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	var first, last time.Time
	for _, t := range tr.pushed {
		if first.IsZero() || t.Before(first) {
			first = t
		}
	}
	lats := make([]time.Duration, 0, len(tr.replied))
	for id, at := range tr.replied {
		lats = append(lats, at.Sub(tr.pushed[id]))
		if at.After(last) {
			last = at
		}
	}
	slices.Sort(lats)
	l := latency{sent: len(tr.pushed), answered: len(lats), p50: quantile(lats, 0.50), p90: quantile(lats, 0.90),
		p99: quantile(lats, 0.99)}
	if !last.IsZero() {
		l.last = last.Sub(first)
	}
	return l
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

// callKind sorts a recorded API call into what it is for.
func callKind(c dingtalktest.Call) string {
	p := c.Path
	switch {
	case p == "/robot/sendBySession":
		return "reply"
	case p == "/v1.0/oauth2/accessToken" || p == "/gettoken":
		return "token"
	case p == "/v1.0/gateway/connections/open":
		return "stream"
	case strings.HasPrefix(p, "/topapi/"):
		return "person"
	case p == "/v1.0/conference/users/lists":
		return "ongoing"
	case strings.HasSuffix(p, "/focus"), strings.HasSuffix(p, "/coHosts/set"):
		return "control"
	case strings.HasSuffix(p, "/members"):
		return "members"
	case strings.HasPrefix(p, "/v1.0/conference/videoConferences/") && c.Method == "GET":
		return "info"
	}
	return "other:" + c.Method + " " + p
}

// countCalls counts calls by kind.
func countCalls(calls []dingtalktest.Call) map[string]int {
	n := map[string]int{}
	for _, c := range calls {
		n[callKind(c)]++
	}
	return n
}
