package commands

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestActionsAreAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/cohost add", "alice", "zhang")).Outcome)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "zhang")).Outcome)
	_, err := e.reg.muteAll(context.Background(), corp, m1, people["hana"], true)
	require.NoError(t, err)

	raw, err := e.kv.Last(context.Background(), auditKey(corp, m1), 10)
	require.NoError(t, err)
	require.Len(t, raw, 4)
	var got []result
	for _, b := range raw {
		var r result
		require.NoError(t, json.Unmarshal(b, &r))
		got = append(got, r)
	}
	assert.Equal(t, actMuteAll, got[0].Action)
	assert.Equal(t, &step{Action: actUnmuteAll}, got[0].Undo)
	// Spotlighting zhang undoes to alice, the previous spotlight.
	assert.Equal(t, actFocus, got[1].Action)
	assert.Equal(t, "u-alice", got[1].Undo.Targets[0].UnionID)
	assert.Equal(t, &step{Action: actUnfocus, Targets: got[2].Targets}, got[2].Undo)
	assert.Equal(t, actAddCoHosts, got[3].Action)
	assert.Equal(t, actRemoveCoHosts, got[3].Undo.Action)
	assert.Len(t, got[3].Undo.Targets, 2)
	assert.Equal(t, "hana", got[3].By.UserID)
	assert.Equal(t, e.clock(), got[3].At)
	assert.Equal(t, []string{"MuteAll m1 true"}, e.conf.controlCalls()[3:])
}
