package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPanelDeliversCard(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	assert.Equal(t, cardID(corp, chat, m1), card.OutTrackID)
	assert.Equal(t, cardID(corp, chat, m1), e.panel("/meeting panel").OutTrackID, "stable per chat and meeting")
	assert.NotEqual(t, cardID(corp, "chat2", m1), card.OutTrackID)
	assert.Equal(t, "周会 Weekly sync", card.Params["title"])
	assert.Equal(t, "Hana", card.Params["host"])
	assert.Equal(t, "en", card.Params["lang"])
	assert.Equal(t, "zh", e.panel("/会议 面板").Params["lang"])
	assert.Empty(t, e.conf.controlCalls())
}

func TestPanelWithoutTemplateIsMarkdown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("olga", "/meeting panel"))
	assert.Equal(t, OK, rep.Outcome)
	assert.Nil(t, rep.Card)
	assert.Contains(t, rep.Text, "`/spotlight @Alice` · `/cohost add @Alice`")
	assert.Contains(t, rep.Text, "`/mute all`")
	rep = e.handle(req("hana", "/spotlight @Alice", "alice"))
	assert.Nil(t, rep.Card, "no card without a template")
}
