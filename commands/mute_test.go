package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMuteAllAlreadyMutedStillCallsDingTalk(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/mute all")).Outcome)
	rep := e.handle(req("hana", "/mute all"))
	assert.Equal(t, "Muted everyone.", rep.Text)
	assert.Equal(t, []string{"MuteAll m1 true", "MuteAll m1 true"}, e.conf.controlCalls(),
		"someone may have unmuted in the client: the call is made")
	trail := e.trail()
	require.Len(t, trail, 2)
	assert.Nil(t, trail[0].Undo, "no undo step that would unmute a meeting muted before")
	assert.Equal(t, &step{Action: actUnmuteAll}, trail[1].Undo)
}
