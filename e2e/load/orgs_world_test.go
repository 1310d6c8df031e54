package load

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// The many-organisations benchmark's world: organisations of the emulator,
// each with one host who runs a meeting per chat, and two members (x and y)
// in every meeting; and the bindings and busy commands it sends.

// scaleOrg is one organisation of the benchmark.
type scaleOrg struct {
	org   *dingtalktest.Server
	chats []loadChat
	rooms []string // room code of each chat's meeting
}

// Every organisation has the same three people: the same userIds in
// different organisations are different people (their own unionIds).
const (
	scaleHost = "shost"
	scaleX    = "sx"
	scaleY    = "sy"
)

// seedOrgs adds n organisations with chats chats each; the first is the
// emulator's own organisation (the busy one), the others are added.
func seedOrgs(emu *dingtalktest.Server, n, chats int) []scaleOrg {
	out := make([]scaleOrg, n)
	for i := range out {
		org := emu
		if i > 0 {
			org = emu.AddOrg(fmt.Sprintf("dingscale%05d", i))
		}
		org.AddUser(dingtalktest.User{UserID: scaleHost, Name: "Scale Host"})
		org.AddUser(dingtalktest.User{UserID: scaleX, Name: "Xavier"})
		org.AddUser(dingtalktest.User{UserID: scaleY, Name: "Yvonne"})
		so := scaleOrg{org: org}
		for c := range chats {
			room := fmt.Sprintf("%05d%04d", 10000+i, c)
			lc := loadChat{sent: new(atomic.Int64), host: scaleHost, x: scaleX, xn: "Xavier", y: scaleY, yn: "Yvonne",
				chat: dingtalktest.Chat{ID: fmt.Sprintf("cidScale%05d_%d==", i, c), Title: fmt.Sprintf("Org %d chat %d", i, c), Group: true},
				meeting: org.AddMeeting(dingtalktest.MeetingSpec{Title: fmt.Sprintf("Org %d meeting %d", i, c),
					HostUserID: scaleHost, Members: []string{scaleX, scaleY}, RoomCode: room}),
			}
			so.chats, so.rooms = append(so.chats, lc), append(so.rooms, room)
		}
		out[i] = so
	}
	return out
}

// bind sends "/meeting use <room>" in every chat of orgs, -load.bindrate
// a second (an organisation's chats one after the other), and waits for
// as many replies. Only the count and the time to the last reply are
// known: replies are counted across organisations.
func (s *scaleRun) bind(orgs []scaleOrg) latency {
	want := s.hooks.Load()
	every := time.Second / time.Duration(*scaleBindRate)
	start, i := time.Now(), 0
	for _, o := range orgs {
		for c, lc := range o.chats {
			if d := time.Until(start.Add(time.Duration(i) * every)); d > 0 {
				time.Sleep(d)
			}
			id := o.org.Push(dingtalktest.ChatMessage{From: scaleHost, Chat: lc.chat, Text: "/meeting use " + o.rooms[c]})
			s.binds = append(s.binds, bindMsg{o.org, id})
			i++
		}
	}
	want += int64(i)
	deadline := time.Now().Add(2*time.Minute + time.Duration(i)*every)
	for s.hooks.Load() < want && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	return latency{sent: i, answered: i - int(max(want-s.hooks.Load(), 0)), last: time.Since(start)}
}

// bindMsg is a binding message sent.
type bindMsg struct {
	org   *dingtalktest.Server
	msgID string
}

// busy sends n commands in the busy organisation's chats, round-robin,
// -load.busyrate a second, and measures push → reply.
func (s *scaleRun) busy(n int) latency {
	tr := newTracker(n)
	s.cur.Store(tr)
	defer s.cur.Store(nil)
	chats := s.orgs[0].chats
	every := time.Second / time.Duration(*scaleBusyRate)
	start := time.Now()
	for i := range n {
		if d := time.Until(start.Add(time.Duration(i) * every)); d > 0 {
			time.Sleep(d)
		}
		tr.push(s.orgs[0].org, chats[i%len(chats)].command(i, ""))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tr.wait(ctx)
	return tr.summary()
}

// confirmBound counts the chats whose binding the bot confirmed, and
// returns up to three other answers it gave instead.
func (s *scaleRun) confirmBound() (int, []string) {
	n, other := 0, []string(nil)
	for _, b := range s.binds {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		r, err := b.org.WaitReply(ctx, b.msgID)
		cancel()
		switch {
		case err == nil && strings.Contains(r.Text, "This chat now controls"):
			n++
		case len(other) >= 3:
		case err != nil:
			other = append(other, "no reply: "+err.Error())
		default:
			other = append(other, r.Text)
		}
	}
	return n, other
}

// authCorp is the organisation a corp-token call asked for.
func authCorp(body []byte) string {
	var b struct {
		AuthCorpID string `json:"authCorpId"`
	}
	_ = json.Unmarshal(body, &b)
	return b.AuthCorpID
}

// splitList splits a comma-separated flag value.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
