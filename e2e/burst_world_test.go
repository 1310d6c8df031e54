package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// burstChats is how many chats a burst spreads over, each bound to its own
// live meeting with its own host.
const burstChats = 50

// burstChat is one chat of a burst: its host, meeting and three members.
type burstChat struct {
	chat    dingtalktest.Chat
	host    string
	meeting string
	members [3]string
}

// burstCmd is one command of a burst and the control call it must cause.
type burstCmd struct {
	chat  int
	msg   dingtalktest.ChatMessage
	want  string // control call signature, see callSignature
	msgID string // set once pushed
}

// burst is a seeded world of burstChats chats and the commands sent to it.
type burst struct {
	h     *harness
	chats []burstChat
	cmds  []*burstCmd
	// reordered says frames may run out of message order (a dropped
	// connection's frames come back later): the plan then has no
	// /spotlight off, whose person depends on the spotlight before it.
	reordered bool
}

// newBurst seeds the chats and meetings and binds every chat to its
// meeting, so the burst itself only controls meetings.
func newBurst(h *harness) *burst {
	b := &burst{h: h}
	for i := range burstChats {
		c := burstChat{host: fmt.Sprintf("bh%02d", i),
			chat: dingtalktest.Chat{ID: fmt.Sprintf("cidBurst%02d==", i), Title: fmt.Sprintf("Burst %02d", i), Group: true}}
		h.emu.AddUser(dingtalktest.User{UserID: c.host, Name: "Host " + c.host})
		for j := range c.members {
			c.members[j] = fmt.Sprintf("bm%02d%d", i, j)
			h.emu.AddUser(dingtalktest.User{UserID: c.members[j], Name: fmt.Sprintf("Member %02d-%d", i, j)})
		}
		c.meeting = h.emu.AddMeeting(dingtalktest.MeetingSpec{Title: "Burst meeting " + c.host,
			HostUserID: c.host, Members: c.members[:]})
		b.chats = append(b.chats, c)
	}
	return b
}

// bind sends "/meeting" in every chat, which binds it to its host's only
// meeting, and waits for all the replies.
func (b *burst) bind() {
	ids := make([]string, len(b.chats))
	for i, c := range b.chats {
		ids[i] = b.h.emu.Push(dingtalktest.ChatMessage{From: c.host, Chat: c.chat, Text: "/meeting"})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, id := range ids {
		_, err := b.h.emu.WaitReply(ctx, id)
		require.NoError(b.h.t, err, "binding reply")
	}
}

// plan makes n commands spread round-robin over the chats: a
// deterministic mix of /spotlight @x, /spotlight off (when somebody is
// spotlighted: the bot then names them to DingTalk) and /cohost add @y —
// or /cohost remove @y when y is a co-host by then, so that each co-host
// command changes something (the bot calls nothing for a no-op).
func (b *burst) plan(n int) {
	cohost := make([][3]bool, len(b.chats))
	focused := make([]string, len(b.chats))
	for k := range n {
		i := k % len(b.chats)
		c := b.chats[i]
		turn := k / len(b.chats)
		target := c.members[(turn+i)%3]
		cmd := &burstCmd{chat: i, msg: dingtalktest.ChatMessage{From: c.host, Chat: c.chat}}
		kind := (turn*7 + i) % 4
		if kind == 2 && (focused[i] == "" || b.reordered) {
			kind = 0
		}
		switch kind {
		case 0, 1:
			cmd.msg.Text, cmd.msg.Mentions = "/spotlight @Member", []string{target}
			cmd.want = "focus " + b.h.unionID(target)
			focused[i] = b.h.unionID(target)
		case 2:
			cmd.msg.Text, cmd.want = "/spotlight off", "un_focus "+focused[i]
			focused[i] = ""
		default:
			j := (turn + i) % 3
			cmd.msg.Text, cmd.msg.Mentions = "/cohost add @Member", []string{target}
			cmd.want = "add " + b.h.unionID(target)
			if cohost[i][j] {
				cmd.msg.Text, cmd.want = "/cohost remove @Member", "remove "+b.h.unionID(target)
			}
			cohost[i][j] = !cohost[i][j]
		}
		b.cmds = append(b.cmds, cmd)
	}
}

// push sends every planned command as fast as the emulator takes them.
func (b *burst) push() {
	for _, c := range b.cmds {
		c.msgID = b.h.emu.Push(c.msg)
	}
}

// waitReplies waits until every command has at least one reply.
func (b *burst) waitReplies(timeout time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for _, c := range b.cmds {
		_, err := b.h.emu.WaitReply(ctx, c.msgID)
		require.NoError(b.h.t, err, "no reply to %s (%q in chat %d)", c.msgID, c.msg.Text, c.chat)
	}
}

// waitRepliesOrLost waits up to timeout for a reply to every command and
// returns those that got none.
func (b *burst) waitRepliesOrLost(timeout time.Duration) (lost []*burstCmd) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for _, c := range b.cmds {
		if _, err := b.h.emu.WaitReply(ctx, c.msgID); err != nil {
			lost = append(lost, c)
		}
	}
	return lost
}

// forget drops a command from the checks (a frame lost on the way).
func (b *burst) forget(lost *burstCmd) {
	kept := b.cmds[:0]
	for _, c := range b.cmds {
		if c != lost {
			kept = append(kept, c)
		}
	}
	b.cmds = kept
}

// repliesByMsg returns every webhook reply of the burst, by msgId.
func (b *burst) repliesByMsg() map[string][]string {
	out := map[string][]string{}
	for _, r := range b.h.emu.Replies() {
		out[r.MsgID] = append(out[r.MsgID], r.Text)
	}
	return out
}

// checkOneReplyEach asserts exactly one reply per command and returns the
// replies in command order.
func (b *burst) checkOneReplyEach() []string {
	byMsg := b.repliesByMsg()
	out := make([]string, len(b.cmds))
	bad := 0
	for i, c := range b.cmds {
		if n := len(byMsg[c.msgID]); n != 1 {
			bad++
			assert.Less(b.h.t, bad, 5, "too many commands without exactly one reply")
			assert.Equal(b.h.t, 1, n, "replies to %q (msg %d, chat %d)", c.msg.Text, i, c.chat)
			continue
		}
		out[i] = byMsg[c.msgID][0]
	}
	return out
}

// controlCall is one recorded, successful control call on a meeting.
type controlCall struct {
	meeting, signature string
}

// controlCallsSince returns the control calls recorded after the first
// skip calls: all of them (attempts included) and the successful ones.
func (b *burst) controlCallsSince(skip int) (attempts int, ok []controlCall) {
	calls := b.h.emu.Calls()[skip:]
	for _, c := range calls {
		meeting, sig, isControl := callSignature(c)
		if !isControl {
			continue
		}
		attempts++
		if c.Status == 200 && c.Code == "" {
			ok = append(ok, controlCall{meeting, sig})
		}
	}
	return attempts, ok
}

// callSignature describes a focus or co-host call as "focus <unionId>",
// "un_focus <unionId>" or "add <unionId>".
func callSignature(c dingtalktest.Call) (meeting, sig string, ok bool) {
	rest, found := strings.CutPrefix(c.Path, "/v1.0/conference/videoConferences/")
	if !found {
		return "", "", false
	}
	meeting, op, _ := strings.Cut(rest, "/")
	var body struct {
		Action   string `json:"action"`
		UnionID  string `json:"unionId"`
		UserList []struct {
			UnionID string `json:"unionId"`
		} `json:"userList"`
	}
	if op != "focus" && op != "coHosts/set" || json.Unmarshal(c.Body, &body) != nil {
		return "", "", false
	}
	sig = body.Action
	if body.UnionID != "" {
		sig += " " + body.UnionID
	}
	for _, u := range body.UserList {
		sig += " " + u.UnionID
	}
	return meeting, sig, true
}

// checkOrder asserts that each meeting saw exactly the control calls its
// chat's commands ask for, in message order (cmds: the commands whose
// calls must have happened), and that its final spotlight is the last one
// asked for.
func (b *burst) checkOrder(cmds []*burstCmd, calls []controlCall) {
	want := map[string][]string{}
	for _, c := range cmds {
		m := b.chats[c.chat].meeting
		want[m] = append(want[m], c.want)
	}
	got := map[string][]string{}
	for _, c := range calls {
		got[c.meeting] = append(got[c.meeting], c.signature)
	}
	for _, c := range b.chats {
		if !assert.Equal(b.h.t, want[c.meeting], got[c.meeting], "control calls of %s, in order", c.chat.Title) {
			return
		}
		assert.Equal(b.h.t, finalFocus(want[c.meeting]), b.h.meeting(c.meeting).Focus, "final spotlight of %s", c.chat.Title)
	}
}

// checkCalls asserts that each meeting saw exactly the control calls its
// chat's commands ask for, in any order.
func (b *burst) checkCalls(cmds []*burstCmd, calls []controlCall) {
	want := map[string][]string{}
	for _, c := range cmds {
		m := b.chats[c.chat].meeting
		want[m] = append(want[m], c.want)
	}
	got := map[string][]string{}
	for _, c := range calls {
		got[c.meeting] = append(got[c.meeting], c.signature)
	}
	for _, c := range b.chats {
		assert.ElementsMatch(b.h.t, want[c.meeting], got[c.meeting], "control calls of %s", c.chat.Title)
	}
}

// checkRepliesPerChat asserts that each chat got a reply for every
// command it sent (after the first skip replies), none twice through a
// message's webhook, each either done or busy; it counts both kinds.
// A chat may get a few more replies than commands: when a webhook timed
// out while DingTalk was rate-limiting, the reply also goes through the
// robot API, because a rare duplicate line beats silence after an action.
// dup counts those extra replies.
//
// slow counts the busy replies that say DingTalk answered too late: the
// call may have taken effect just as the command's time ran out.
func (b *burst) checkRepliesPerChat(skip int) (done, busy, slow, dup int) {
	sent := map[string]int{}
	for _, c := range b.cmds {
		sent[b.chats[c.chat].chat.ID]++
	}
	got, perMsg := map[string]int{}, map[string]int{}
	for _, r := range b.h.emu.Replies()[skip:] {
		got[r.ChatID]++
		if r.MsgID != "" {
			perMsg[r.MsgID]++
			assert.Equal(b.h.t, 1, perMsg[r.MsgID], "two webhook replies to %s", r.MsgID)
		}
		switch {
		case succeeded(r.Text):
			done++
		case containsAny(r.Text, "is already a co-host", "is not a co-host", "I don't know who is spotlighted"):
			// An earlier command of the chat was refused as busy, so this
			// one had nothing to change: no call, no effect.
		case isBusy(r.Text):
			busy++
			if strings.Contains(r.Text, "slow to answer") {
				slow++
			}
		default:
			assert.Fail(b.h.t, "neither done nor busy", "%q", r.Text)
		}
	}
	for chat, n := range sent {
		assert.GreaterOrEqual(b.h.t, got[chat], n, "replies in %s", chat)
		dup += max(got[chat]-n, 0)
	}
	assert.LessOrEqual(b.h.t, dup, len(b.cmds)/50+1, "duplicates stay rare")
	return done, busy, slow, dup
}

// checkInOrder asserts that each meeting's successful control calls are
// its chat's commands in message order, some possibly skipped (busy).
// Whom a /spotlight off names depends on which spotlight before it was
// not skipped, so un_focus calls are compared without their person.
func (b *burst) checkInOrder(calls []controlCall) {
	sig := func(s string) string {
		if strings.HasPrefix(s, "un_focus") {
			return "un_focus"
		}
		return s
	}
	want := map[string][]string{}
	for _, c := range b.cmds {
		m := b.chats[c.chat].meeting
		want[m] = append(want[m], sig(c.want))
	}
	got := map[string][]string{}
	for _, c := range calls {
		got[c.meeting] = append(got[c.meeting], sig(c.signature))
	}
	for _, c := range b.chats {
		assert.True(b.h.t, isSubsequence(got[c.meeting], want[c.meeting]),
			"calls of %s out of message order:\n got %v\nwant %v", c.chat.Title, got[c.meeting], want[c.meeting])
	}
}

// isSubsequence reports whether sub appears in seq in order.
func isSubsequence(sub, seq []string) bool {
	i := 0
	for _, s := range seq {
		if i < len(sub) && sub[i] == s {
			i++
		}
	}
	return i == len(sub)
}

// finalFocus is the spotlight a sequence of signatures leaves.
func finalFocus(sigs []string) string {
	focus := ""
	for _, s := range sigs {
		if u, ok := strings.CutPrefix(s, "focus "); ok {
			focus = u
		} else if strings.HasPrefix(s, "un_focus") {
			focus = ""
		}
	}
	return focus
}

// succeeded reports whether a reply says the command was carried out.
func succeeded(reply string) bool {
	for _, s := range []string{"is now spotlighted", "Turned off the spotlight on", "co-host.", "co-hosts."} {
		if strings.Contains(reply, s) {
			return true
		}
	}
	return false
}
