package commands

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/commands/cardtemplate"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/")

// cardViews are the states the golden files cover.
func cardViews() map[string]CardView {
	many := []Member{{UnionID: "u-hana", Nick: "Hana", Host: true, Present: true}}
	for i := 1; i <= 22; i++ {
		many = append(many, Member{UnionID: fmt.Sprintf("u-%02d", i), Nick: fmt.Sprintf("Guest %02d", i), Present: i%5 != 0})
	}
	many[3].CoHost = true
	return map[string]CardView{
		"live_en": {Meeting: m1Meeting, Members: m1Members(), Spotlight: Person{UnionID: "u-alice", Name: "Alice"}, Lang: English},
		"live_zh_muted": {Meeting: m1Meeting, Members: m1Members(), Spotlight: Person{UnionID: "u-zhang", Name: "张三"},
			Muted: true, Lang: Chinese},
		"many_members": {Meeting: m1Meeting, Members: many, Lang: English},
		"locked_classroom": {Meeting: m1Meeting, Members: m1Members(), Lang: English, Locked: true, Classroom: true, Recording: true,
			MutedPeople: map[string]bool{"u-olga": true, "u-alice": false}},
		"ended": {Meeting: m1Meeting, Ended: true, Muted: true, Lang: English},
		"untitled": {Meeting: Meeting{ID: "m2"}, Members: []Member{{UnionID: "u-x", Nick: "X", Host: true}},
			Spotlight: Person{UnionID: "u-gone", Name: "Gone"}, Lang: English},
	}
}

func TestCardParamsGolden(t *testing.T) {
	t.Parallel()
	for name, v := range cardViews() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := json.MarshalIndent(CardParams(v), "", "  ")
			require.NoError(t, err)
			golden(t, "card_"+name+".json", string(got)+"\n")
		})
	}
}

func TestPanelTextGolden(t *testing.T) {
	t.Parallel()
	for name, v := range cardViews() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			golden(t, "panel_"+name+".md", PanelText(v)+"\n")
		})
	}
}

// golden compares got with testdata/file, or rewrites it with -update.
func golden(t *testing.T, file, got string) {
	t.Helper()
	path := filepath.Join("testdata", file)
	if *updateGolden {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./commands -run Golden -update to create it")
	assert.Equal(t, string(want), got)
}

func TestCardParamsArePure(t *testing.T) {
	t.Parallel()
	v := cardViews()["live_en"]
	assert.Equal(t, CardParams(v), CardParams(v))
	members := append([]Member(nil), v.Members...)
	CardParams(v)
	assert.Equal(t, members, v.Members, "the input is not modified")
}

// TestTemplateMatchesBuilder checks the shipped template against the
// builder: the same public variables, the private ones the clicks set,
// and buttons whose actions all route to clickable commands.
func TestTemplateMatchesBuilder(t *testing.T) {
	t.Parallel()
	tpl := cardtemplate.MeetingControl()
	var public, private []string
	for _, v := range tpl.Variables {
		if v.Private {
			private = append(private, v.Name)
		} else {
			public = append(public, v.Name)
		}
	}
	var built []string
	for k := range CardParams(cardViews()["live_en"]) {
		built = append(built, k)
	}
	sort.Strings(public)
	sort.Strings(built)
	assert.Equal(t, built, public)
	assert.ElementsMatch(t, []string{CardPrivateResult, CardPrivateEnd}, private)

	var item []string
	for _, v := range tpl.Variables {
		if v.Name == "members" {
			for _, f := range v.Item {
				item = append(item, f.Name)
			}
		}
	}
	var m []map[string]any
	require.NoError(t, json.Unmarshal([]byte(CardParams(cardViews()["live_en"])["members"]), &m))
	var fields []string
	for k := range m[0] {
		fields = append(fields, k)
	}
	assert.ElementsMatch(t, fields, item)
}

func TestRenderedCardButtons(t *testing.T) {
	t.Parallel()
	tpl := cardtemplate.MeetingControl()
	view := tpl.Render(CardParams(cardViews()["live_en"]), nil)
	controls := newControls(controlTable())
	byLabel := map[string][]map[string]string{}
	for _, b := range view.Buttons {
		assert.True(t, controls.clickable(b.Params[CardParamAction]), "button %q routes to %q", b.Label, b.Params[CardParamAction])
		byLabel[b.Label] = append(byLabel[b.Label], b.Params)
	}
	// 7 members: 7 Spotlight/Stop and 7 Mute buttons (all present), 6
	// co-host and 6 Remove buttons (not the host), 7 for everyone.
	assert.Len(t, view.Buttons, 7+7+6+6+7)
	assert.Len(t, byLabel["Remove"], 6)
	assert.NotContains(t, byLabel["Remove"], map[string]string{"action": "remove", "unionId": "u-hana"}, "nobody removes the host")
	assert.Equal(t, []map[string]string{{"action": "lock"}}, byLabel["Lock"])
	assert.Equal(t, []map[string]string{{"action": "classroom.on"}}, byLabel["Classroom mode"])
	assert.Equal(t, []map[string]string{{"action": "spotlight.off", "unionId": "u-alice"}}, byLabel["Stop spotlight"])
	assert.Equal(t, []map[string]string{{"action": "cohost.remove", "unionId": "u-cole"}}, byLabel["Remove co-host"])
	assert.Len(t, byLabel["Make co-host"], 5)
	assert.Equal(t, []map[string]string{{"action": "meeting.end"}}, byLabel["End meeting"])
	assert.NotContains(t, byLabel, "Confirm: end for everyone", "shown only to the host who pressed End")
	assert.Contains(t, strings.Join(view.Lines, "\n"), "Alice · spotlighted  [")

	confirm := tpl.Render(CardParams(cardViews()["live_en"]), map[string]string{CardPrivateEnd: "true", CardPrivateResult: "Press it"})
	assert.Equal(t, map[string]string{"action": "meeting.end", "confirm": "true"}, confirm.Buttons[len(confirm.Buttons)-1].Params)
	assert.Equal(t, "Press it", confirm.Lines[len(confirm.Lines)-1])

	ended := tpl.Render(CardParams(cardViews()["ended"]), nil)
	assert.Empty(t, ended.Buttons, "an ended meeting's card has no buttons")
	assert.Contains(t, ended.Lines, "This meeting has ended.")
}

// TestCardShowsWhatMeetbotSet: the lock and classroom toggles offer the
// other state, and a member meetbot muted gets Unmute.
func TestCardShowsWhatMeetbotSet(t *testing.T) {
	t.Parallel()
	view := cardtemplate.MeetingControl().Render(CardParams(cardViews()["locked_classroom"]), nil)
	byLabel := map[string][]map[string]string{}
	for _, b := range view.Buttons {
		byLabel[b.Label] = append(byLabel[b.Label], b.Params)
	}
	assert.Equal(t, []map[string]string{{"action": "unlock"}}, byLabel["Unlock"])
	assert.Equal(t, []map[string]string{{"action": "classroom.off"}}, byLabel["End classroom mode"])
	assert.Equal(t, []map[string]string{{"action": "unmute", "unionId": "u-olga"}}, byLabel["Unmute"])
	text := strings.Join(view.Lines, "\n")
	assert.Contains(t, text, "The meeting is locked.")
	assert.Contains(t, text, "Classroom mode is on.")
}
