package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTypedCommandUpdatesTheCard(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	rep := e.handle(req("hana", "/cohost add @Alice", "alice"))
	assert.Contains(t, rep.Text, "Alice", "typed commands still get their reply")
	require.NotNil(t, rep.Card)
	assert.False(t, rep.Card.Deliver)
	assert.Equal(t, card.OutTrackID, rep.Card.OutTrackID)
	assert.Equal(t, `["Cole","Alice"]`, rep.Card.Params["coHosts"])

	rep = e.handle(req("hana", "/全员静音"))
	assert.Equal(t, "true", rep.Card.Params["muted"])
	assert.Nil(t, e.handle(req("hana", "/help")).Card, "help changes nothing")
	assert.Nil(t, e.handle(req("olga", "/spotlight @Alice", "alice")).Card, "a refused command changes nothing")

	rep = e.handle(req("hana", "/meeting end"))
	assert.Equal(t, "true", rep.Card.Params["ended"])
}

// Every card of a meeting shows its state: an action in one chat updates
// the meeting's card in every other chat bound to it, and the end of the
// meeting reaches them all.
func TestEveryCardOfAMeetingIsUpdated(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	mine := e.panel("/meeting panel")
	other := req("hana", "/meeting use 838722123")
	other.ChatID = "chat2"
	require.Equal(t, OK, e.handle(other).Outcome)
	theirs := cardID(corp, "chat2", m1)

	rep := e.handle(req("hana", "/spotlight", "alice"))
	require.NotNil(t, rep.Card)
	assert.Equal(t, mine.OutTrackID, rep.Card.OutTrackID)
	require.Len(t, rep.Others, 1)
	assert.Equal(t, theirs, rep.Others[0].OutTrackID)
	assert.Equal(t, "Spotlight: Alice", rep.Others[0].Params["spotlightLine"])

	click := e.press(mine, "hana", spot("u-zhang"))
	require.Len(t, click.Others, 1, "a click too")
	assert.Equal(t, "Spotlight: 张三", click.Others[0].Params["spotlightLine"])

	rep = e.handle(req("hana", "/meeting end"))
	require.Len(t, rep.Others, 1)
	assert.Equal(t, "true", rep.Others[0].Params["ended"], "the other chat's card says the meeting ended")
}
