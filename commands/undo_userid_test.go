package commands

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// /undo finds its sender's own action when the audit record names its
// author by only one of the two ids. samePerson compares unionIds when
// both sides have one, else userIds: a record whose By has a userId but no
// unionId is still the sender's when the userIds match.
//
// The bot does not write such a record today: c.sender refuses a sender
// the directory gives no unionId (state.person), so By always carries
// both ids. The records are stored JSON, though, kept across versions and
// shared by replicas (TestStoredRecordsStillUndo), and one written by
// another writer or an older or future version may lack the unionId. This
// test guards the userId fallback for them.
func TestUndoMatchesItsAuthorByEitherID(t *testing.T) {
	t.Parallel()
	muteAll := func(by string) string {
		return `{"id":"k1","action":"mute.all","meetingId":"m1","by":` + by +
			`,"at":"2025-11-20T08:59:00Z","outcome":"ok","undo":{"action":"unmute.all"}}`
	}
	const (
		hanaUserIDOnly  = `{"UserID":"hana","Name":"Hana"}`
		hanaUnionIDOnly = `{"UnionID":"u-hana","Name":"Hana"}`
	)
	tests := []struct {
		name    string
		by      string
		sender  string
		outcome Outcome
		calls   []string
	}{
		{"userId only, the same user", hanaUserIDOnly, "hana", OK, []string{"MuteAll m1 false"}},
		{"unionId only, the same user", hanaUnionIDOnly, "hana", OK, []string{"MuteAll m1 false"}},
		{"userId only, another user", hanaUserIDOnly, "cole", Refused, nil},
		{"unionId only, another user", hanaUnionIDOnly, "cole", Refused, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, func(c *Config) { c.Location = time.UTC })
			e.store(muteAll(tt.by))
			rep := e.handle(req(tt.sender, "/undo"))
			assert.Equal(t, tt.outcome, rep.Outcome, rep.Text)
			assert.Equal(t, tt.calls, e.conf.controlCalls())
			if tt.outcome == OK {
				assert.Equal(t, "Undone: muted everyone (at 08:59 UTC). Now everyone is unmuted.", rep.Text)
				assert.Equal(t, "k1", e.trail()[0].Reverts, "the undo names the stored record")
			} else {
				assert.Contains(t, rep.Text, "The last action was **Hana**'s", "someone else's action")
			}
		})
	}
}
