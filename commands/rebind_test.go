package commands

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/commands/cardtemplate"
)

// withM2 lets hana host m2 ("Retro"), so that she may bind it and its card
// can be built.
func withM2(e *env) {
	members := e.conf.MembersFn
	e.conf.MembersFn = func(ctx context.Context, id string) ([]Member, error) {
		if id == "m2" {
			return []Member{{UnionID: "u-hana", Nick: "Hana", Host: true, Present: true}}, nil
		}
		return members(ctx, id)
	}
}

func TestRebindingABoundChatNamesBothMeetings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, reply, bound string
	}{
		{"start", "/meeting start Retro 2",
			"Started **Retro 2** — this chat now controls it instead of **周会 Weekly sync** (switching does not end it).\n" +
				"Meeting ID: `111 222 333`\nJoin: https://meet.example/j/new", "m-new"},
		{"start chinese", "/会议 开始 复盘",
			"已发起会议**复盘**，本群改为控制该会议，不再控制**周会 Weekly sync**（原会议不会因此结束）。\n" +
				"会议号：`111 222 333`\n入会链接：https://meet.example/j/new", "m-new"},
		{"use", "/meeting use m2",
			"This chat now controls **Retro** instead of **周会 Weekly sync** (switching does not end it).\nMeeting ID: `555 666 777`", "m2"},
		{"use chinese", "/会议 绑定 m2",
			"本群已改为控制会议**Retro**，不再控制**周会 Weekly sync**（原会议不会因此结束）。\n会议号：`555 666 777`", "m2"},
		{"same title: room codes tell them apart", "/meeting start 周会 Weekly sync",
			"Started **周会 Weekly sync** (111 222 333) — this chat now controls it instead of **周会 Weekly sync** (838 722 123) (switching does not end it).\n" +
				"Meeting ID: `111 222 333`\nJoin: https://meet.example/j/new", "m-new"},
		{"same meeting again: nothing replaced", "/meeting use 838722123",
			"This chat now controls **周会 Weekly sync**.\nMeeting ID: `838 722 123`\nJoin: https://meet.example/j/m1", m1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			withM2(e)
			rep := e.handle(req("hana", tt.text))
			assert.Equal(t, OK, rep.Outcome)
			assert.Equal(t, tt.reply, rep.Text)
			assert.Equal(t, tt.bound, e.boundTo())
			assert.Equal(t, tt.bound, rep.MeetingID, "logged as about the new meeting")
			assert.NotContains(t, e.conf.Calls(), "Close m1 u-hana", "the old meeting keeps running")
		})
	}
}

func TestRebindingRetiresTheOldCard(t *testing.T) {
	t.Parallel()
	for _, lang := range []struct{ panel, use, line string }{
		{"/meeting panel", "/meeting use m2", "This chat now controls Retro instead — use its card, or send /meeting panel."},
		{"/会议 面板", "/会议 绑定 m2", "已改为控制会议Retro，请使用它的会控卡片，或发送 /会控。"},
	} {
		e := newEnv(t, withCards)
		withM2(e)
		old := e.panel(lang.panel)
		rep := e.handle(req("hana", lang.use))
		require.Equal(t, OK, rep.Outcome, rep.Text)
		require.NotNil(t, rep.Replaced, "the old card is updated")
		assert.Equal(t, old.OutTrackID, rep.Replaced.OutTrackID)
		assert.False(t, rep.Replaced.Deliver)
		assert.Equal(t, lang.line, rep.Replaced.Params["statusText"], "in the old card's language")
		require.NotNil(t, rep.Card)
		assert.True(t, rep.Card.Deliver)
		assert.Equal(t, cardID(corp, chat, "m2"), rep.Card.OutTrackID, "the new meeting's card is delivered")

		// What the old card shows now: updates change only the keys given.
		merged := map[string]string{}
		for k, v := range old.Params {
			merged[k] = v
		}
		for k, v := range rep.Replaced.Params {
			merged[k] = v
		}
		view := cardtemplate.MeetingControl().Render(merged, nil)
		assert.Empty(t, view.Buttons, "the old card no longer offers controls")
		assert.Contains(t, view.Lines, lang.line)
		assert.Contains(t, strings.Join(view.Lines, "\n"), "https://meet.example/j/m1", "its meeting keeps running: the join link stays")

		again := e.handle(req("hana", "/meeting panel"))
		assert.Nil(t, again.Replaced, "the chat's card is current: nothing to retire")
		assert.Empty(t, e.conf.controlCalls())
	}
}

func TestStartingInAChatWithoutACardRetiresNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	withM2(e)
	rep := e.handle(req("hana", "/meeting use m2"))
	require.Equal(t, OK, rep.Outcome)
	assert.Nil(t, rep.Replaced)
	assert.NotNil(t, rep.Card)
}

// Nobody takes a chat from its host: a member who may not control the
// bound, live meeting can start a meeting of their own, but the chat stays,
// and their /meeting use is refused with the reason.
func TestRebindingNeedsRightsOverTheCurrentBinding(t *testing.T) {
	t.Parallel()
	olgaHostsM2 := func(e *env) {
		members := e.conf.MembersFn
		e.conf.MembersFn = func(ctx context.Context, id string) ([]Member, error) {
			if id == "m2" {
				return []Member{{UnionID: "u-olga", Nick: "Olga", Host: true, Present: true}}, nil
			}
			return members(ctx, id)
		}
	}
	tests := []struct {
		name, from, text, reply string
		outcome                 Outcome
		bound                   string
		created                 bool
	}{
		{"a member's start: created, the chat stays", "olga", "/meeting start Olga's sync",
			"Started **Olga's sync** for you. This chat stays with **周会 Weekly sync**: only its host or a co-host can switch it.\n" +
				"Meeting ID: `111 222 333`\nJoin: https://meet.example/j/new", OK, m1, true},
		{"a member's start, Chinese", "olga", "/会议 开始 复盘",
			"已为你发起会议**复盘**。本群仍绑定**周会 Weekly sync**：只有其主持人或联席主持人才能改绑。\n" +
				"会议号：`111 222 333`\n入会链接：https://meet.example/j/new", OK, m1, true},
		{"a member's use of their own meeting: refused", "olga", "/meeting use m2",
			"This chat controls **周会 Weekly sync**, which is still running: only its host or a co-host can switch the chat to another meeting.",
			Refused, m1, false},
		{"a co-host may switch it", "cole", "/meeting start", "", OK, "m-new", true},
		{"an admin may switch it", "root", "/meeting start", "", OK, "m-new", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			olgaHostsM2(e)
			rep := e.handle(req(tt.from, tt.text))
			assert.Equal(t, tt.outcome, rep.Outcome, rep.Text)
			if tt.reply != "" {
				assert.Equal(t, tt.reply, rep.Text)
			}
			assert.Equal(t, tt.bound, e.boundTo())
			assert.Equal(t, tt.created, e.conf.Count("Create") == 1)
		})
	}
}

func TestAnEndedBindingIsFreeToTake(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.conf.InfoFn = func(context.Context, string) (Meeting, error) {
		ended := m1Meeting
		ended.Ended = true
		return ended, nil
	}
	rep := e.handle(req("olga", "/meeting start"))
	assert.Equal(t, OK, rep.Outcome)
	assert.Equal(t, "m-new", e.boundTo(), "the host's meeting is over: the chat is anyone's")
}

func TestAMemberStartingInABoundChatGetsNoCard(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	rep := e.handle(req("olga", "/meeting start"))
	assert.Equal(t, OK, rep.Outcome)
	assert.Nil(t, rep.Card, "no card for a meeting the chat does not control")
	assert.Nil(t, rep.Replaced)
	assert.Equal(t, "m-new", rep.MeetingID)
}
