package dingtalktest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnFocus: un_focus needs a unionId (docs/wire-contract.md §7.1 CORRECTED),
// and it must be the person spotlighted now.
func TestUnFocus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		spotlight string // unionId spotlighted first; "" = nobody
		body      map[string]any
		status    int
		code      string
		focusLeft string
	}{
		{"the spotlighted person", "union-carol", map[string]any{"action": "un_focus", "unionId": "union-carol"}, 200, "", ""},
		{"no unionId", "union-carol", map[string]any{"action": "un_focus"}, 400, "MissingunionId", "union-carol"},
		{"empty unionId", "union-carol", map[string]any{"action": "un_focus", "unionId": ""}, 400, "MissingunionId", "union-carol"},
		{"someone else", "union-carol", map[string]any{"action": "un_focus", "unionId": "union-bob"}, 400, "paramsError", "union-carol"},
		{"nobody spotlighted", "", map[string]any{"action": "un_focus", "unionId": "union-bob"}, 400, "paramsError", ""},
		{"a stranger", "union-carol", map[string]any{"action": "un_focus", "unionId": "union-zed"}, 400, "unknownUserError", "union-carol"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, id, tok := meetingFixture(t)
			if tc.spotlight != "" {
				r := do(t, s, "POST", vcPath+id+"/focus", tok, map[string]any{"action": "focus", "unionId": tc.spotlight})
				require.Equal(t, http.StatusOK, r.status, string(r.raw))
			}
			r := do(t, s, "POST", vcPath+id+"/focus", tok, tc.body)
			assert.Equal(t, tc.status, r.status, string(r.raw))
			if tc.status == 200 {
				assert.Equal(t, map[string]any{"success": true}, r.body)
			} else {
				assert.Equal(t, tc.code, r.str("code"))
			}
			st, _ := s.Meeting(id)
			assert.Equal(t, tc.focusLeft, st.Focus)
		})
	}
}
