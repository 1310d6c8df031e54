package commands

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMeetingEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, sender, text string
		outcome            Outcome
		reply              string
		close              string
	}{
		{"host", "hana", "/meeting end", OK, "Ended **周会 Weekly sync** for everyone.", "Close m1 u-hana"},
		{"host chinese", "hana", "/会议 结束", OK, "已为所有人结束会议**周会 Weekly sync**。", "Close m1 u-hana"},
		{"admin on behalf of the host", "root", "/meeting end", OK, "Ended **周会 Weekly sync** for everyone.", "Close m1 u-hana"},
		{"co-host refused", "cole", "/meeting end", Refused, "Only the host of **周会 Weekly sync** can end it.", ""},
		{"co-host refused chinese", "cole", "/会议 结束", Refused, "只有主持人才能结束**周会 Weekly sync**。", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rep := e.handle(req(tt.sender, tt.text))
			assert.Equal(t, tt.outcome, rep.Outcome)
			first, rest, _ := strings.Cut(rep.Text, "\n\n")
			assert.Equal(t, tt.reply, first)
			if tt.outcome == OK {
				assert.True(t, strings.HasPrefix(rest, "**周会 Weekly sync**"), "the closing message follows: %q", rest)
			}
			var want []string
			if tt.close != "" {
				want = []string{tt.close}
			}
			assert.Equal(t, want, e.conf.controlCalls())
			if tt.outcome == OK {
				assert.Equal(t, "", e.boundTo())
			} else {
				assert.Equal(t, m1, e.boundTo())
			}
		})
	}
}
