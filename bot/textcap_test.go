package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/commands"
)

// The cap on a command's text is inclusive: a message of exactly
// MaxTextBytes bytes (4 KB) is a command, one byte more gets the "too
// long" hint and never reaches commands. Bytes, not characters: 3-byte
// Chinese characters reach the cap sooner.
func TestHandlerTextCapIsExactlyMaxTextBytes(t *testing.T) {
	t.Parallel()
	require.Equal(t, 4096, MaxTextBytes, "the documented 4 KB")
	pad := func(prefix, fill string, n int) string {
		s := prefix + strings.Repeat(fill, (n-len(prefix))/len(fill))
		return s + strings.Repeat("x", n-len(s))
	}
	tests := []struct {
		name    string
		text    string
		command bool // handled as a command, else refused as too long
	}{
		{"exactly 4096 bytes", pad("/help ", "a", MaxTextBytes), true},
		{"4097 bytes", pad("/help ", "a", MaxTextBytes+1), false},
		{"exactly 4096 bytes of mostly Chinese", pad("/帮助 ", "会", MaxTextBytes), true},
		{"4097 bytes of mostly Chinese", pad("/帮助 ", "会", MaxTextBytes+1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.command {
				require.Len(t, tt.text, MaxTextBytes)
			} else {
				require.Len(t, tt.text, MaxTextBytes+1)
			}
			r := newFakeReplier()
			got := make(chan string, 1)
			cmds := fakeCommands{handle: func(_ context.Context, req commands.Request) commands.Reply {
				got <- req.Text
				return commands.Reply{Text: "handled", Outcome: commands.OK}
			}}
			h := newTestHandler(t, cmds, r, &mapClaimer{}, Config{})
			_, err := h.OnChatFrame(context.Background(), frame(t, func(p map[string]any) {
				p["text"] = map[string]any{"content": tt.text}
			}))
			require.NoError(t, err)
			reply := r.next(t).Markdown
			h.Shutdown(context.Background())
			if tt.command {
				assert.Equal(t, "handled", reply)
				require.Len(t, got, 1)
				assert.Equal(t, tt.text, <-got, "commands gets the whole text")
				return
			}
			assert.Equal(t, hintTooLong, reply)
			assert.Empty(t, got, "commands never sees it")
		})
	}
}
