package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// shipped is the shipped control table's entry of command id.
func shipped(id string) control {
	for _, c := range controlTable() {
		if c.command == id {
			return c
		}
	}
	panic("no entry " + id)
}

// changed is the shipped control table with the entry of command id
// changed by change.
func changed(id string, change func(c *control)) []control {
	table := controlTable()
	for i := range table {
		if table[i].command == id {
			change(&table[i])
		}
	}
	return table
}

// without is the shipped control table without the entry of command id.
func without(id string) []control {
	var out []control
	for _, c := range controlTable() {
		if c.command != id {
			out = append(out, c)
		}
	}
	return out
}

func TestCheckControls(t *testing.T) {
	t.Parallel()
	assert.NoError(t, checkControls(builtins(), controlTable()), "the shipped table")

	mute := shipped(CardMuteAll)
	mute.command = "meeting.status"
	tests := []struct {
		name  string
		table []control
		want  string
	}{
		{"an entry that names no command", append(controlTable(), control{command: "teleport", card: cardUpdate}),
			`commands: control table entry "teleport" names no command`},
		{"a command twice", append(controlTable(), control{command: "meeting.use"}),
			`commands: command "meeting.use" is in the control table twice`},
		{"an action twice", append(controlTable(), mute),
			`commands: action "mute.all" is in the control table twice`},
		{"audit wording in one language", changed(CardSpotlight, func(c *control) { c.did.Zh = "" }),
			`commands: "spotlight" needs its audit wording in both languages`},
		{"no refusal verb", changed(CardCoHostAdd, func(c *control) { c.verb = Text{} }),
			`commands: "cohost.add" needs the refusal verb of its authorization`},
		{"an undo step without its wording", changed(CardUnmuteAll, func(c *control) { c.asUndo.now = Text{} }),
			`commands: "unmute.all" needs the wording and the verb of its undo step`},
		{"undo wording that never runs", changed(CardMuteAll, func(c *control) { c.asUndo.apply = nil }),
			`commands: "mute.all" has undo wording but cannot run as an undo step`},
		{"undone by an action no entry runs", changed(CardCoHostAdd, func(c *control) { c.undoneBy = "cohost.demote" }),
			`commands: "cohost.add" is undone by "cohost.demote", which no entry runs`},
		{"wording without an action", changed("undo", func(c *control) { c.did = Text{"undid %s", "撤销了 %s"} }),
			`commands: "undo" records no action, so it has no audit wording or undo`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := checkControls(builtins(), tt.table)
			if assert.Error(t, err) {
				assert.Equal(t, tt.want, err.Error())
			}
		})
	}
}
