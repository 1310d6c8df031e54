package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// Third-party app mode: one bot serves two organisations of the emulator.
// Organisation A is the harness's usual one; organisation B has people
// with the SAME userIds (but their own unionIds and names) and a meeting
// with the same room code, and the chats use the same conversation id, so
// any key or cache missing its corpId shows up as a wrong answer.

const corpB = "dingcorpB"

// thirdParty runs the bot as a third-party app.
func thirdParty(o *dingtalktest.Options, c *config.Config) {
	o.ThirdParty = true
	c.AppType = config.AppThirdParty
}

// tpHarness is the harness plus organisation B.
type tpHarness struct {
	*harness
	b       *dingtalktest.Server
	bWeekly string // B's meeting hosted by B's host01, room code 838722123 too
}

func newThirdPartyHarness(t *testing.T, opts ...option) *tpHarness {
	t.Helper()
	h := &tpHarness{harness: newHarness(t, append([]option{thirdParty}, opts...)...)}
	h.b = h.emu.AddOrg(corpB)
	for _, u := range []dingtalktest.User{
		{UserID: host, UnionID: "unionB-" + host, Name: "Host B"},
		{UserID: alice, UnionID: "unionB-" + alice, Name: "Alice B"},
		{UserID: bob, UnionID: "unionB-" + bob, Name: "Bob B"},
	} {
		h.b.AddUser(u)
	}
	h.bWeekly = h.b.AddMeeting(dingtalktest.MeetingSpec{Title: "B weekly", HostUserID: host,
		Members: []string{alice, bob}, RoomCode: "838722123"})
	h.pushTicket("ticket-1")
	return h
}

// pushTicket pushes a suite ticket and waits until the bot acked it.
func (h *tpHarness) pushTicket(ticket string) {
	h.t.Helper()
	id, _ := h.emu.PushSuiteTicket(ticket)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ack, err := h.emu.WaitAck(ctx, id)
	require.NoError(h.t, err)
	assert.Contains(h.t, ack.Data, "SUCCESS")
}

// inB sends text in B's Ops group (same conversation id as A's) as from.
func (h *tpHarness) inB(from, text string, mentions ...string) string {
	h.t.Helper()
	id := h.b.Push(dingtalktest.ChatMessage{From: from, Text: text, Mentions: mentions, Chat: opsGroup})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := h.b.WaitReply(ctx, id)
	require.NoError(h.t, err, "no reply in B to %q", text)
	return r.Text
}

func (h *tpHarness) bMeeting() dingtalktest.MeetingState {
	m, ok := h.b.Meeting(h.bWeekly)
	require.True(h.t, ok)
	return m
}

// corpTokenTickets lists, per organisation, the suite tickets of the
// successful corpAccessToken calls, in order.
func (h *tpHarness) corpTokenTickets() map[string][]string {
	out := map[string][]string{}
	for _, c := range h.emu.Calls() {
		if c.Path != "/v1.0/oauth2/corpAccessToken" || c.Code != "" {
			continue
		}
		var body struct{ AuthCorpID, SuiteTicket string }
		require.NoError(h.t, json.Unmarshal(c.Body, &body))
		out[body.AuthCorpID] = append(out[body.AuthCorpID], body.SuiteTicket)
	}
	return out
}

func TestE2EThirdPartyOrganisationsAreIsolated(t *testing.T) {
	t.Parallel()
	h := newThirdPartyHarness(t)
	a := h.emu.CorpID()

	// A binds its Ops chat to the weekly meeting; B's chat of the same id stays unbound.
	h.group(host, "/meeting use 838722123")
	reply := h.inB(host, "/spotlight @Alice", alice)
	assert.Contains(t, reply, "Alice B")
	assert.Equal(t, "unionB-"+alice, h.bMeeting().Focus, "B's meeting, B's Alice (not A's cached person)")
	assert.Empty(t, h.meeting(h.weekly).Focus, "A's meeting untouched")

	reply = h.group(host, "/spotlight @Alice", alice)
	assert.Contains(t, reply, "Alice")
	assert.NotContains(t, reply, "Alice B")
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus)
	assert.Equal(t, "unionB-"+alice, h.bMeeting().Focus)

	// B binds the same room code: its own meeting, not A's.
	h.inB(host, "/meeting use 838722123")
	h.inB(host, "/cohost add @Bob", bob)
	assert.True(t, memberOf(t, h.bMeeting(), "unionB-"+bob).CoHost)
	assert.False(t, h.member(h.weekly, bob).CoHost)

	assert.Equal(t, map[string][]string{a: {"ticket-1"}, corpB: {"ticket-1"}}, h.corpTokenTickets(),
		"one token per organisation, fetched with the pushed ticket")
	assert.Zero(t, h.emu.CountCalls("", "/v1.0/oauth2/accessToken"), "no app token in third-party mode")
	assert.Zero(t, h.emu.CountCalls("", "/gettoken"))
}

func TestE2EThirdPartyTicketRefreshAndTokenExpiryPerCorp(t *testing.T) {
	t.Parallel()
	h := newThirdPartyHarness(t)
	a := h.emu.CorpID()
	h.group(host, "/spotlight @Alice", alice)
	h.inB(host, "/spotlight @Alice", alice)

	h.pushTicket("ticket-2") // the emulator now refuses ticket-1
	h.emu.ExpireTokens()     // A's token only
	h.group(host, "/spotlight @Bob", bob)
	assert.Equal(t, h.unionID(bob), h.meeting(h.weekly).Focus)
	h.inB(host, "/spotlight @Bob", bob)
	assert.Equal(t, "unionB-"+bob, h.bMeeting().Focus)

	assert.Equal(t, map[string][]string{a: {"ticket-1", "ticket-2"}, corpB: {"ticket-1"}}, h.corpTokenTickets(),
		"A refetched with the new ticket; B's token was still good")
	assert.Equal(t, 2, h.emu.TokenFetches())
	assert.Equal(t, 1, h.b.TokenFetches())
}

func TestE2EThirdPartyRevokedOrganisation(t *testing.T) {
	t.Parallel()
	h := newThirdPartyHarness(t)
	h.inB(host, "/spotlight @Alice", alice)
	h.b.Revoke()
	before := h.emu.CountCalls("POST", "/v1.0/oauth2/corpAccessToken")

	for _, text := range []string{"/spotlight @Bob", "/聚焦 @Bob", "/cohost add @Bob"} {
		reply := h.inB(host, text, bob)
		assert.True(t, strings.Contains(reply, "(re)authorised") || strings.Contains(reply, "重新"), reply)
	}
	assert.Contains(t, h.inB(host, "/聚焦 @Bob", bob), "授权", "the Chinese form")
	assert.Equal(t, "unionB-"+alice, h.bMeeting().Focus, "nothing changed in B")
	assert.Equal(t, 1, h.emu.CountCalls("POST", "/v1.0/oauth2/corpAccessToken")-before, "no retry storm")
	assert.Equal(t, 1, strings.Count(h.logs.String(), "has not authorised meetbot"), "one log line")

	h.group(host, "/spotlight @Alice", alice)
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus, "A unaffected")
}

func TestE2EThirdPartyRestartUsesStoredTicket(t *testing.T) {
	t.Parallel()
	h := newThirdPartyHarness(t)
	h.stopBot()
	h.startBot() // same store, empty token cache, no new push
	h.inB(host, "/spotlight @Alice", alice)
	assert.Equal(t, "unionB-"+alice, h.bMeeting().Focus)
	assert.Equal(t, []string{"ticket-1"}, h.corpTokenTickets()[corpB])
}

func TestE2EThirdPartyAdminsAreScopedToTheirOrganisation(t *testing.T) {
	t.Parallel()
	h := newThirdPartyHarness(t, func(_ *dingtalktest.Options, c *config.Config) {
		c.Admins = []string{corpB + ":" + alice}
	})
	h.inB(alice, "/meeting use 838722123")
	h.inB(alice, "/spotlight @Bob", bob) // B's alice is an admin in B
	assert.Equal(t, "unionB-"+bob, h.bMeeting().Focus)
	h.group(host, "/meeting use 838722123")
	reply := h.group(alice, "/spotlight @Bob", bob) // A's alice is not
	assert.Empty(t, h.meeting(h.weekly).Focus, reply)
	assert.Contains(t, reply, "host")
}

func memberOf(t *testing.T, m dingtalktest.MeetingState, unionID string) dingtalktest.MemberState {
	t.Helper()
	for _, mb := range m.Members {
		if mb.UnionID == unionID {
			return mb
		}
	}
	require.Failf(t, "no such member", "%s in %s", unionID, m.Title)
	return dingtalktest.MemberState{}
}
