package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/commands/cardtemplate"
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

// probeTexts are the messages the probe sends for d: each of its help
// examples, in both languages.
func probeTexts(d Definition) []string {
	var out []string
	for _, ex := range d.Examples {
		out = append(out, ex.En, ex.Zh)
	}
	return out
}

// controlProbe finds the control commands the table does not describe. It
// sends every built-in command, as the meeting's host, with each example
// of its help in both languages, with and without a real mention of Alice,
// into a registry with table, after the host spotlighted Alice and made
// 李四 co-host (so /undo and /cohost remove have something to take back). A command that asks for its table entry,
// calls DingTalk to change the meeting or writes an audit record is a
// control command: it must have an entry, and the audit records it writes
// (its undos' aside) must carry the entry's action.
func controlProbe(t *testing.T, table []control) []string {
	t.Helper()
	var missing []string
	for _, d := range builtins() {
		for _, text := range probeTexts(d) {
			for _, mention := range [][]string{nil, {"alice"}} {
				if p := probe(t, table, d, text, mention); p != "" && !slices.Contains(missing, p) {
					missing = append(missing, p)
				}
			}
		}
	}
	return missing
}

// probe runs one message of controlProbe; it returns what is missing
// from the table, or "".
func probe(t *testing.T, table []control, d Definition, text string, mention []string) string {
	e := newEnv(t, withCards)
	e.reg.controls = newControls(table)
	e.handle(req("hana", "/spotlight", "alice"))
	e.handle(req("hana", "/cohost add", "li"))
	calls, records := len(e.conf.controlCalls()), len(e.trail())
	rep := e.handle(req("hana", text, mention...))
	acted := slices.ContainsFunc(e.since(calls), func(c string) bool { return !strings.HasPrefix(c, "Create ") })
	trail := e.trail()
	written := trail[:len(trail)-records] // newest first
	ctl, ok := e.reg.controls.command(d.ID())
	switch {
	case errors.Is(rep.Err, errNoControl), !ok && (acted || len(written) > 0):
		return d.ID()
	}
	for _, res := range written {
		if res.Reverts == "" && res.Action != ctl.action {
			return fmt.Sprintf("%s records %q, its entry says %q", d.ID(), res.Action, ctl.action)
		}
	}
	return ""
}

// TestControlTable holds the control table to the commands: every control
// command has its entry (see controlProbe), and every entry names a
// command (TestCheckControls). A probe of a table that lacks an entry
// shows the test would notice.
func TestControlTable(t *testing.T) {
	t.Parallel()
	assert.Empty(t, controlProbe(t, controlTable()))
	for _, id := range []string{CardSpotlight, CardSpotlightOff, CardCoHostAdd, CardCoHostRemove, CardMuteAll,
		CardUnmuteAll, CardEnd, "undo"} {
		t.Run("without "+id, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, []string{id}, controlProbe(t, without(id)))
		})
	}
	wrong := changed(CardCoHostRemove, func(c *control) { c.action = "cohost.drop" })
	assert.Equal(t, []string{`cohost.remove records "cohost.remove", its entry says "cohost.drop"`}, controlProbe(t, wrong))
}

// buttonActions are the "action" params of every button of the card
// template: literal ones from the component tree, and the ones filled in
// from card variables as the card shows them, in every state the golden
// files cover, the confirm-end button included.
func buttonActions(tpl cardtemplate.Template) []string {
	var out []string
	add := func(a string) {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	var walk func(cs []cardtemplate.Component)
	walk = func(cs []cardtemplate.Component) {
		for _, c := range cs {
			if a := c.Action; a != nil && !strings.Contains(a.Params[CardParamAction], "${") {
				add(a.Params[CardParamAction])
			}
			walk(c.Children)
		}
	}
	walk(tpl.Components)
	for _, v := range cardViews() {
		for _, b := range tpl.Render(CardParams(v), map[string]string{CardPrivateEnd: "true"}).Buttons {
			add(b.Params[CardParamAction])
		}
	}
	sort.Strings(out)
	return out
}

// TestEveryCardButtonIsClickable: a button of the card template whose
// action has no clickable entry would answer "this button no longer
// works"; a clickable entry that no button carries is a dead entry.
func TestEveryCardButtonIsClickable(t *testing.T) {
	t.Parallel()
	var clickable []string
	for _, c := range controlTable() {
		if c.clickable {
			clickable = append(clickable, c.command)
		}
	}
	sort.Strings(clickable)
	assert.Equal(t, clickable, buttonActions(cardtemplate.MeetingControl()))

	off := newControls(changed(CardSpotlightOff, func(c *control) { c.clickable = false }))
	var unclickable []string
	for _, a := range buttonActions(cardtemplate.MeetingControl()) {
		if !off.clickable(a) {
			unclickable = append(unclickable, a)
		}
	}
	assert.Equal(t, []string{CardSpotlightOff}, unclickable, "a button without a clickable entry is noticed")
}
