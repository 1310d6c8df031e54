package cardtemplate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const tiny = `{"name":"t",
 "variables":[{"name":"title","default":"Untitled"},{"name":"show","default":"false"},{"name":"rows","default":"[]"},
              {"name":"note","private":true}],
 "components":[
  {"type":"text","text":"${title}"},
  {"type":"text","text":"hidden","visible":"${show}"},
  {"type":"link","text":"Join","url":"${url}"},
  {"type":"loop","data":"${rows}","itemName":"r","children":[
    {"type":"row","children":[{"type":"text","text":"${r.name}"},
      {"id":"b","type":"button","text":"Pick","visible":"${r.ok}","action":{"type":"callback","params":{"action":"pick","id":"${r.id}"}}}]}]},
  {"type":"divider","visible":"${show}"},
  {"id":"all","type":"button","text":"All","action":{"type":"callback","params":{"action":"all"}}},
  {"type":"text","text":"${note}"}]}`

func TestRender(t *testing.T) {
	t.Parallel()
	tpl, err := Parse([]byte(tiny))
	require.NoError(t, err)
	tests := []struct {
		name            string
		public, private map[string]string
		lines           []string
		buttons         []Button
	}{
		{name: "defaults", lines: []string{"Untitled", "[1] All"},
			buttons: []Button{{ID: "all", Label: "All", Params: map[string]string{"action": "all"}}}},
		{name: "loop, link, visibility and private data",
			public: map[string]string{"title": "T", "show": "true", "url": "https://x",
				"rows": `[{"name":"Ann","id":7,"ok":true},{"name":"Bo","id":"b2","ok":false}]`},
			private: map[string]string{"note": "just you", "title": "T, for you"},
			lines:   []string{"T, for you", "hidden", "Join: https://x", "Ann  [1] Pick", "Bo", "────────", "[2] All", "just you"},
			buttons: []Button{{ID: "b", Label: "Pick", Params: map[string]string{"action": "pick", "id": "7"}},
				{ID: "all", Label: "All", Params: map[string]string{"action": "all"}}}},
		{name: "malformed list shows no rows", public: map[string]string{"rows": "{oops"},
			lines:   []string{"Untitled", "[1] All"},
			buttons: []Button{{ID: "all", Label: "All", Params: map[string]string{"action": "all"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := tpl.Render(tt.public, tt.private)
			assert.Equal(t, tt.lines, v.Lines)
			assert.Equal(t, tt.buttons, v.Buttons)
		})
	}
}

func TestShippedTemplateParses(t *testing.T) {
	t.Parallel()
	tpl, err := Parse(JSON)
	require.NoError(t, err)
	assert.Equal(t, tpl, MeetingControl())
	assert.NotEmpty(t, tpl.Variables)
	_, err = Parse([]byte("{"))
	assert.Error(t, err)
}
