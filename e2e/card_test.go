package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/commands/cardtemplate"
	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// The control card end to end: commands typed in the Ops group and button
// presses pushed by the emulator, through the real SDK, against the card
// API the emulator records. Presses use the shipped template: a test can
// only press a button the card really shows to that user.

const testTemplate = "meetbot-test.schema"

// cardHarness is a harness with a card template configured; changed is
// signalled after every card API call.
type cardHarness struct {
	*harness
	changed chan struct{}
}

func newCardHarness(t *testing.T) *cardHarness {
	t.Helper()
	changed := make(chan struct{}, 1)
	h := newHarness(t, func(eo *dingtalktest.Options, c *config.Config) {
		c.CardTemplateID = testTemplate
		eo.OnCall = func(call dingtalktest.Call) {
			if strings.HasPrefix(call.Path, "/v1.0/card/") {
				select {
				case changed <- struct{}{}:
				default:
				}
			}
		}
	})
	return &cardHarness{harness: h, changed: changed}
}

// waitCards waits until the cards the emulator holds satisfy ok.
func (h *cardHarness) waitCards(what string, ok func([]dingtalktest.CardInstance) bool) []dingtalktest.CardInstance {
	h.t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		if cards := h.emu.Cards(); ok(cards) {
			return cards
		}
		select {
		case <-h.changed:
		case <-deadline.C:
			h.t.Fatalf("timed out waiting for %s; cards: %+v", what, h.emu.Cards())
		}
	}
}

// panel asks for the control card in the Ops group and returns it.
func (h *cardHarness) panel(from, text string) dingtalktest.CardInstance {
	h.t.Helper()
	n := len(h.emu.Cards())
	before := 0
	if n > 0 {
		before = h.emu.Cards()[0].Deliveries
	}
	h.emu.Push(dingtalktest.ChatMessage{From: from, Text: text, Chat: opsGroup})
	return h.waitCards("a card delivery", func(cs []dingtalktest.CardInstance) bool {
		return len(cs) > n || (n > 0 && cs[0].Deliveries > before)
	})[0]
}

// press pushes a click on the button labelled label, in the row of member
// (a userId; "" for the buttons below the list), as userID sees the card,
// and waits until the bot has updated the card. ok is false when the card
// shows userID no such button.
func (h *cardHarness) press(userID, outTrackID, label, member string) dingtalktest.CardInstance {
	h.t.Helper()
	card, ok := h.emu.Card(outTrackID)
	require.True(h.t, ok)
	b, found := h.button(card, userID, label, member)
	require.True(h.t, found, "no %q button for %s on the card", label, member)
	h.emu.PushCardClick(dingtalktest.CardClick{UserID: userID, OutTrackID: outTrackID, ChatID: opsGroup.ID,
		Group: true, ActionID: b.ID, Params: b.Params})
	return h.waitUpdate(outTrackID, card.Updates)
}

// waitUpdate waits until the card has more than before updates.
func (h *cardHarness) waitUpdate(outTrackID string, before int) dingtalktest.CardInstance {
	h.t.Helper()
	h.waitCards("a card update", func([]dingtalktest.CardInstance) bool {
		c, _ := h.emu.Card(outTrackID)
		return c.Updates > before
	})
	c, _ := h.emu.Card(outTrackID)
	return c
}

// button finds a button on the card as userID sees it.
func (h *cardHarness) button(card dingtalktest.CardInstance, userID, label, member string) (cardtemplate.Button, bool) {
	union := ""
	if member != "" {
		union = h.unionID(member)
	}
	view := cardtemplate.MeetingControl().Render(card.Params, card.PrivateData[userID])
	for _, b := range view.Buttons {
		if b.Label == label && b.Params["unionId"] == union {
			return b, true
		}
	}
	return cardtemplate.Button{}, false
}

func TestE2ECardPanelDelivered(t *testing.T) {
	t.Parallel()
	h := newCardHarness(t)
	card := h.panel(host, "/meeting panel")
	assert.Equal(t, testTemplate, card.TemplateID)
	assert.Equal(t, "dtv1.card//IM_GROUP."+opsGroup.ID, card.OpenSpaceID)
	assert.Equal(t, "STREAM", card.CallbackType)
	assert.Equal(t, "周会 Weekly sync", card.Params["title"])
	assert.Equal(t, "Meeting ID: 838 722 123", card.Params["roomLine"])
	assert.Equal(t, "Wei Lin 林伟", card.Params["host"])
	assert.Equal(t, "Co-hosts: Carol", card.Params["coHostsLine"])
	assert.Equal(t, "8", card.Params["memberCount"])

	again := h.panel(host, "/会议 面板")
	assert.Equal(t, card.OutTrackID, again.OutTrackID, "one card per chat and meeting")
	assert.Equal(t, "zh", again.Params["lang"])
	assert.Len(t, h.emu.Cards(), 1)
	assert.Zero(t, h.controlCalls())

	h.emu.Push(dingtalktest.ChatMessage{From: host, Text: "/meeting panel", Chat: dingtalktest.Chat{ID: "cidDM" + host}})
	dm := h.waitCards("the 1:1 card", func(cs []dingtalktest.CardInstance) bool { return len(cs) == 2 })[1]
	assert.Equal(t, "dtv1.card//IM_ROBOT."+host, dm.OpenSpaceID, "1:1 chats get the card in the robot chat")
	assert.NotEqual(t, card.OutTrackID, dm.OutTrackID)
}

func TestE2EMeetingStartAndUseDeliverTheCard(t *testing.T) {
	t.Parallel()
	h := newCardHarness(t)
	assert.Contains(t, h.group(eve, "/meeting start Retro"), "Retro")
	cards := h.waitCards("the card of the new meeting", func(cs []dingtalktest.CardInstance) bool { return len(cs) == 1 })
	assert.Equal(t, "Retro", cards[0].Params["title"])
	assert.Equal(t, "Eve", cards[0].Params["host"])

	// Eve's live meeting keeps the Ops chat: Bob binds his in another chat.
	design := dingtalktest.ChatMessage{From: bob, Text: "/meeting use 555000111",
		Chat: dingtalktest.Chat{ID: "cidDesign==", Title: "Design", Group: true}}
	assert.Contains(t, h.say(design), "Design review")
	cards = h.waitCards("the card of the bound meeting", func(cs []dingtalktest.CardInstance) bool { return len(cs) == 2 })
	assert.Equal(t, "Design review", cards[1].Params["title"])
}

func TestE2ECardClicks(t *testing.T) {
	t.Parallel()
	h := newCardHarness(t)
	card := h.panel(host, "/meeting panel")

	card = h.press(host, card.OutTrackID, "Spotlight", alice)
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus)
	assert.Equal(t, "Spotlight: Alice", card.Params["spotlightLine"])
	assert.Equal(t, "Alice is now spotlighted.", card.PrivateData[host]["result"])

	card = h.press(carol, card.OutTrackID, "Make co-host", bob)
	assert.True(t, h.member(h.weekly, bob).CoHost)
	assert.Equal(t, `["Bob","Carol"]`, card.Params["coHosts"], "in the meeting's member order")
	card = h.press(carol, card.OutTrackID, "Remove co-host", bob)
	assert.False(t, h.member(h.weekly, bob).CoHost)
	assert.Equal(t, `["Carol"]`, card.Params["coHosts"])

	card = h.press(host, card.OutTrackID, "Mute all", "")
	assert.True(t, h.meeting(h.weekly).MutedAll)
	assert.Equal(t, "Everyone is muted.", card.Params["mutedLine"])
	card = h.press(carol, card.OutTrackID, "Stop spotlight", alice)
	assert.Empty(t, h.meeting(h.weekly).Focus)
	assert.Equal(t, "Spotlight: off", card.Params["spotlightLine"])

	calls := h.controlCalls()
	for _, outsider := range []string{dave, eve} { // a member, and someone in no meeting
		after := h.press(outsider, card.OutTrackID, "Spotlight", dave)
		assert.Equal(t, card.Params, after.Params, "an outsider's click changes nothing")
		assert.Contains(t, after.PrivateData[outsider]["result"], "Only the host or a co-host")
		assert.NotContains(t, after.PrivateData[host]["result"], "Only the host", "only the clicker is told")
	}
	assert.Equal(t, calls, h.controlCalls(), "no control call for an outsider")
	assert.Empty(t, h.meeting(h.weekly).Focus)
}

func TestE2ETypedCommandRefreshesTheCard(t *testing.T) {
	t.Parallel()
	h := newCardHarness(t)
	card := h.panel(host, "/meeting panel")
	assert.Contains(t, h.group(host, "/spotlight @Dave", dave), "Dave")
	card = h.waitUpdate(card.OutTrackID, card.Updates)
	assert.Equal(t, "Spotlight: Dave", card.Params["spotlightLine"])
	assert.Contains(t, h.group(host, "/cohost add @Alice", alice), "Alice")
	card = h.waitUpdate(card.OutTrackID, card.Updates)
	assert.Equal(t, `["Alice","Carol"]`, card.Params["coHosts"])
	assert.Contains(t, h.group(host, "/全员静音"), "静音")
	card = h.waitUpdate(card.OutTrackID, card.Updates)
	assert.Equal(t, "true", card.Params["muted"])
	assert.Equal(t, 1, card.Deliveries, "updated in place, never posted again")
}

func TestE2EClickOnEndedMeeting(t *testing.T) {
	t.Parallel()
	h := newCardHarness(t)
	card := h.panel(host, "/meeting panel")
	h.emu.EndMeeting(h.weekly)
	card = h.press(host, card.OutTrackID, "Spotlight", alice)
	assert.Equal(t, "true", card.Params["ended"])
	assert.Equal(t, "This meeting has ended.", card.Params["statusText"])
	assert.Contains(t, card.PrivateData[host]["result"], "has ended")
	assert.Zero(t, h.controlCalls())
	assert.Empty(t, cardtemplate.MeetingControl().Render(card.Params, card.PrivateData[host]).Buttons)
}

func TestE2EDoubleClickActsOnce(t *testing.T) {
	t.Parallel()
	h := newCardHarness(t)
	card := h.panel(host, "/meeting panel")
	b, ok := h.button(card, host, "Spotlight", alice)
	require.True(t, ok)
	click := dingtalktest.CardClick{UserID: host, OutTrackID: card.OutTrackID, ChatID: opsGroup.ID, Group: true,
		ActionID: b.ID, Params: b.Params}
	first := h.emu.PushCardClick(click)
	h.emu.PushCardClick(click)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ack, err := h.emu.WaitAck(ctx, first)
	require.NoError(t, err)
	assert.Equal(t, 200, ack.Code)
	assert.JSONEq(t, `{"response":{}}`, ack.Data, "acked at once with an empty response")
	// The chat's queue runs in order: once Refresh is done, both clicks were handled.
	refresh, ok := h.button(card, host, "Refresh", "")
	require.True(t, ok)
	h.emu.PushCardClick(dingtalktest.CardClick{UserID: host, OutTrackID: card.OutTrackID, ChatID: opsGroup.ID,
		Group: true, ActionID: refresh.ID, Params: refresh.Params})
	h.waitCards("the refresh", func([]dingtalktest.CardInstance) bool {
		c, _ := h.emu.Card(card.OutTrackID)
		return c.PrivateData[host]["result"] == "Updated."
	})
	assert.Equal(t, 1, h.emu.CountCalls("POST", "/v1.0/conference/videoConferences/"+h.weekly+"/focus"))
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus)
}

func TestE2EEndMeetingFromTheCard(t *testing.T) {
	t.Parallel()
	h := newCardHarness(t)
	card := h.panel(host, "/meeting panel")
	card = h.press(carol, card.OutTrackID, "End meeting", "")
	assert.Contains(t, card.PrivateData[carol]["result"], "Only the host")
	_, ok := h.button(card, carol, "Confirm: end for everyone", "")
	assert.False(t, ok)

	card = h.press(host, card.OutTrackID, "End meeting", "")
	assert.Equal(t, 2, h.meeting(h.weekly).Status, "one press does not end it")
	card = h.press(host, card.OutTrackID, "Confirm: end for everyone", "")
	assert.Equal(t, 1, h.meeting(h.weekly).Status)
	assert.Equal(t, "true", card.Params["ended"])
}

func TestE2EPanelWithoutTemplateIsMarkdown(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reply := h.group(host, "/meeting panel")
	assert.Contains(t, reply, "`/spotlight @Alice` · `/cohost add @Alice`")
	assert.Contains(t, reply, "`/mute all` · `/unmute all` · `/mute @name` · `/remove @name` · `/lock` · `/classroom on` · `/meeting end`")
	assert.Contains(t, h.group(host, "/mute all"), "Muted everyone")
	assert.True(t, h.meeting(h.weekly).MutedAll)
	assert.Empty(t, h.emu.Cards())
}

func TestE2EMalformedCardCallbackIsAcked(t *testing.T) {
	t.Parallel()
	h := newCardHarness(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, data := range []string{"{oops", `{"outTrackId":"x","userId":"u","content":"{"}`, "null"} {
		ack, err := h.emu.WaitAck(ctx, h.emu.PushRaw(dingtalktest.TopicCardCallback, data))
		require.NoError(t, err, data)
		assert.Equal(t, 200, ack.Code, data)
	}
	assert.Contains(t, h.group(host, "/spotlight @Alice", alice), "Alice", "the bot keeps working")
}
