package commands

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func withCards(c *Config) { c.Cards = true }

// panel posts /meeting panel as hana and returns the delivered card.
func (e *env) panel(text string) *Card {
	e.t.Helper()
	rep := e.handle(req("hana", text))
	require.Equal(e.t, OK, rep.Outcome, rep.Text)
	require.NotNil(e.t, rep.Card)
	require.True(e.t, rep.Card.Deliver)
	return rep.Card
}

// press clicks a button of card as userID.
func (e *env) press(card *Card, userID string, params map[string]string) Reply {
	e.t.Helper()
	r := Request{MsgID: "frame", CorpID: corp, ChatID: chat, ChatKind: Group, Sender: Person{UserID: userID},
		Action: &CardAction{OutTrackID: card.OutTrackID, Params: params}}
	rep := e.handle(r)
	assert.Empty(e.t, rep.Text, "a click never posts to the chat")
	return rep
}

func spot(unionID string) map[string]string {
	return map[string]string{CardParamAction: CardSpotlight, CardParamUnionID: unionID}
}

func TestClickByHostAndCoHost(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")

	rep := e.press(card, "hana", spot("u-alice"))
	assert.Equal(t, OK, rep.Outcome)
	assert.Equal(t, "spotlight", rep.Command)
	require.NotNil(t, rep.Card)
	assert.False(t, rep.Card.Deliver)
	assert.Equal(t, "Alice", rep.Card.Params["spotlight"])
	assert.Equal(t, "Alice is now spotlighted.", rep.Card.Private["hana"]["result"])
	assert.Equal(t, []string{"Focus m1 u-alice"}, e.conf.controlCalls())

	rep = e.press(card, "cole", map[string]string{CardParamAction: CardCoHostAdd, CardParamUnionID: "u-li"})
	assert.Equal(t, OK, rep.Outcome)
	assert.Equal(t, `["Cole","李四"]`, rep.Card.Params["coHosts"])
	rep = e.press(card, "cole", map[string]string{CardParamAction: CardCoHostRemove, CardParamUnionID: "u-li"})
	assert.Equal(t, `["Cole"]`, rep.Card.Params["coHosts"])

	rep = e.press(card, "hana", map[string]string{CardParamAction: CardMuteAll})
	assert.Equal(t, "true", rep.Card.Params["muted"])
	assert.Equal(t, "Everyone is muted.", rep.Card.Params["mutedLine"])
	rep = e.press(card, "hana", map[string]string{CardParamAction: CardSpotlightOff})
	assert.Equal(t, "Spotlight: off", rep.Card.Params["spotlightLine"])
	assert.Equal(t, "Updated.", e.press(card, "olga", map[string]string{CardParamAction: CardRefresh}).Card.Private["olga"]["result"])
}

func TestClickByOutsiderChangesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	for _, who := range []string{"olga", "bob"} { // a member, and someone not in the meeting
		rep := e.press(card, who, spot("u-olga"))
		assert.Equal(t, Refused, rep.Outcome)
		require.NotNil(t, rep.Card)
		assert.Nil(t, rep.Card.Params, "the card's state is left alone")
		assert.Equal(t, "Only the host or a co-host of 周会 Weekly sync can change the spotlight.", rep.Card.Private[who]["result"])
		assert.Len(t, rep.Card.Private, 1, "only the clicker is told")
	}
	assert.Empty(t, e.conf.controlCalls())
}

func TestClickInChineseCard(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/会议 面板")
	rep := e.press(card, "hana", spot("u-zhang"))
	assert.Equal(t, Chinese, rep.Lang)
	assert.Equal(t, "已设置全员看他：张三。", rep.Card.Private["hana"]["result"])
	assert.Equal(t, "全员看他：张三", rep.Card.Params["spotlightLine"])
}

func TestClickOnEndedMeeting(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	e.conf.InfoFn = func(context.Context, string) (Meeting, error) {
		m := m1Meeting
		m.Ended = true
		return m, nil
	}
	rep := e.press(card, "hana", spot("u-alice"))
	assert.Equal(t, Rejected, rep.Outcome)
	assert.Equal(t, "true", rep.Card.Params["ended"])
	assert.Equal(t, "This meeting has ended.", rep.Card.Params["statusText"])
	assert.Contains(t, rep.Card.Private["hana"]["result"], "has ended")
	assert.Empty(t, e.conf.controlCalls())
	assert.Empty(t, e.boundTo(), "the chat is unbound from the ended meeting")
}

func TestClickOnStaleCard(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	e.bind(Meeting{ID: "m2", Title: "Retro"})
	rep := e.press(card, "hana", spot("u-alice"))
	assert.Equal(t, Rejected, rep.Outcome)
	assert.Nil(t, rep.Card.Params)
	assert.Contains(t, rep.Card.Private["hana"]["result"], "now controls another meeting")
	assert.Empty(t, e.conf.controlCalls())
}

func TestDoubleClickActsOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	assert.Equal(t, OK, e.press(card, "hana", spot("u-alice")).Outcome)
	second := e.press(card, "hana", spot("u-alice"))
	assert.Equal(t, Ignored, second.Outcome)
	assert.Nil(t, second.Card)
	assert.Equal(t, OK, e.press(card, "cole", spot("u-alice")).Outcome, "another user's press is not a double click")
	assert.Equal(t, OK, e.press(card, "hana", spot("u-alan")).Outcome, "nor is another button")
	e.advance(pressTTL + time.Millisecond)
	assert.Equal(t, OK, e.press(card, "hana", spot("u-alice")).Outcome, "a press a second later acts again")
	assert.Equal(t, 4, e.conf.Count("Focus"))
}

// A deliberate second press after another action is not a double click:
// spotlight Alice, spotlight Alan, spotlight Alice again, all within a
// second, is three spotlights.
func TestASecondPressAfterAnotherActionRuns(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	for _, u := range []string{"u-alice", "u-alan", "u-alice"} {
		assert.Equal(t, OK, e.press(card, "hana", spot(u)).Outcome, u)
	}
	assert.Equal(t, []string{"Focus m1 u-alice", "Focus m1 u-alan", "Focus m1 u-alice"}, e.conf.controlCalls())
	rec, _ := e.reg.focused(context.Background(), corp, m1)
	assert.Equal(t, "u-alice", rec.Person.UnionID, "the meeting ends on the last press")
}

func TestEndNeedsTwoPressesByTheHost(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	end := map[string]string{CardParamAction: CardEnd}

	rep := e.press(card, "cole", end)
	assert.Equal(t, Refused, rep.Outcome)
	assert.Equal(t, "false", rep.Card.Private["cole"][CardPrivateEnd])

	rep = e.press(card, "hana", end)
	assert.Equal(t, OK, rep.Outcome)
	assert.Nil(t, rep.Card.Params)
	assert.Equal(t, "true", rep.Card.Private["hana"][CardPrivateEnd])
	assert.Contains(t, rep.Card.Private["hana"]["result"], "Confirm: end for everyone")
	assert.Zero(t, e.conf.Count("Close"))

	rep = e.press(card, "hana", map[string]string{CardParamAction: CardEnd, CardParamConfirm: "true"})
	assert.Equal(t, OK, rep.Outcome)
	assert.Equal(t, 1, e.conf.Count("Close"))
	assert.Equal(t, "true", rep.Card.Params["ended"])
	assert.Equal(t, "false", rep.Card.Private["hana"][CardPrivateEnd])
}

func TestUnknownButton(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	for _, action := range []string{"", "help", "meeting.start", "frobnicate"} {
		rep := e.press(card, "hana", map[string]string{CardParamAction: action})
		assert.Equal(t, Rejected, rep.Outcome, action)
		assert.Contains(t, rep.Card.Private["hana"]["result"], "no longer works")
	}
	rep := e.press(card, "hana", map[string]string{CardParamAction: CardSpotlight}) // no unionId
	assert.Equal(t, Rejected, rep.Outcome)
	assert.Empty(t, e.conf.controlCalls())
}

func TestCardActionOnUnknownCard(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := req("hana", "")
	r.Action = &CardAction{OutTrackID: "nope", Params: map[string]string{"action": "cohost.remove", "unionId": "u-cole"}}
	rep := e.handle(r)
	assert.Equal(t, Rejected, rep.Outcome)
	assert.Empty(t, rep.Text, "a click never posts to the chat")
	require.NotNil(t, rep.Card)
	assert.Nil(t, rep.Card.Params, "the public state is left alone")
	assert.Contains(t, rep.Card.Private["hana"]["result"], "no longer active")
	assert.Empty(t, e.conf.Calls())
}

func TestClickFromAnotherOrganisationActsOnNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	r := Request{MsgID: "frame", CorpID: "dingothercorp", ChatID: chat, ChatKind: Group, Sender: Person{UserID: "hana"},
		Action: &CardAction{OutTrackID: card.OutTrackID, Params: spot("u-olga")}}
	rep := e.handle(r)
	assert.Equal(t, Rejected, rep.Outcome)
	require.NotNil(t, rep.Card)
	assert.Contains(t, rep.Card.Private["hana"]["result"], "no longer active")
	assert.Empty(t, e.conf.controlCalls())
}

// A click builds its Call from the card and the button, without text to
// parse, and gets what typing the button's command in the card's language
// would give: the same command, word and language, the row's member named.
func TestClickCallIsTheTypedCommand(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rec := cardRecord{OutTrackID: "card", CorpID: corp, ChatID: chat, ChatKind: Group, Meeting: m1Meeting}
	click := Request{MsgID: "frame", CorpID: corp, Sender: Person{UserID: "hana"},
		Action: &CardAction{OutTrackID: "card", Params: map[string]string{CardParamUnionID: "u-alice"}}}
	for _, d := range e.reg.defs {
		if !e.reg.controls.clickable(d.ID()) {
			continue
		}
		for _, lang := range []Lang{English, Chinese} {
			rec.Lang = lang
			c := e.reg.clickCall(click, rec, e.reg.byName[d.Name])
			typed := e.reg.lex.parse("/" + d.phrase(lang))
			typed.Raw = ""
			assert.Equal(t, typed, c.Parsed, d.Name)
			assert.Equal(t, lang, c.Lang, d.Name)
			assert.Equal(t, Request{MsgID: "frame", CorpID: corp, ChatID: chat, ChatKind: Group, Sender: click.Sender,
				Mentions: []Person{{UnionID: "u-alice"}}, Action: click.Action}, c.Request, d.Name)
		}
	}
}

// Replies that quote the command quote the button's, as typed in the
// card's language.
func TestRejectedClickQuotesTheButtonsCommand(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ panel, want string }{
		{"/meeting panel", "DingTalk refused /spotlight for 周会 Weekly sync. Check in DingTalk that the meeting is running and the people you named have joined, then try again; /meeting shows what I know of it."},
		{"/会议 面板", "钉钉拒绝了 /全员看他（周会 Weekly sync）。请在钉钉中确认会议仍在进行、所指定的人已入会，然后重试；发送 /会议 查看会议状态。"},
	} {
		e := newEnv(t, withCards)
		e.conf.FocusFn = func(context.Context, string, string) error { return fmt.Errorf("focus: %w", ErrRejected) }
		rep := e.press(e.panel(tt.panel), "hana", spot("u-alice"))
		assert.Equal(t, Rejected, rep.Outcome)
		assert.Equal(t, tt.want, rep.Card.Private["hana"][CardPrivateResult])
	}
}
