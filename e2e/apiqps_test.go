package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// codeQPSLimited is DingTalk's answer to a call past its per-app, per-API
// QPS limit (errcode 90018 on the legacy API).
const codeQPSLimited = "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"

// MEETBOT_API_QPS reaches the DingTalk client. The emulator limits every
// API to 20 calls in any one second, as DingTalk does. Thirty-two people
// send a command at once (each command a contacts call, a conference call
// and a reply); with no client limit the emulator answers some of the 32
// contacts calls QPS-limited, with the default client limit (20) none: the
// client frees a call's slot one second after the call completed, so no
// 21 calls of one API ever arrive within a second. It counts answers and
// asserts no timings.
func TestE2EAPIQPSReachesTheClient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		qps     int
		limited bool // some calls answered QPS-limited
	}{
		{"the default MEETBOT_API_QPS=20 keeps under DingTalk's limit", 20, false},
		{"MEETBOT_API_QPS=0 does not", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			const senders = 32 // well past DingTalk's limit: 32 contacts calls at once
			h := newHarness(t, withQPS(tt.qps), withServerQPS(20), withQueue(2*senders, 1000),
				withCommandTimeout(30*time.Second))
			msgs := make([]dingtalktest.ChatMessage, senders)
			for i := range msgs {
				id := fmt.Sprintf("qps%02d", i)
				h.emu.AddUser(dingtalktest.User{UserID: id, Name: "Burst " + id})
				msgs[i] = dingtalktest.ChatMessage{From: id, Text: "/meeting", Chat: dingtalktest.Chat{ID: "cidDM" + id}}
			}
			skip := len(h.emu.Calls())
			ids := make([]string, senders)
			for i, m := range msgs {
				ids[i] = h.emu.Push(m)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			for i, id := range ids {
				r, err := h.emu.WaitReply(ctx, id)
				require.NoError(t, err, "no reply to %s", msgs[i].From)
				assert.Contains(t, r.Text, "no meeting bound", "a command that ran")
			}

			limited := 0
			for _, c := range h.emu.Calls()[skip:] {
				if c.Code == codeQPSLimited || c.Code == "90018" {
					limited++
				}
			}
			if tt.limited {
				assert.Positive(t, limited, "with no client limit, DingTalk's QPS limit is hit")
			} else {
				assert.Zero(t, limited, "calls answered QPS-limited at MEETBOT_API_QPS=%d", tt.qps)
			}
			t.Logf("MEETBOT_API_QPS=%d: %d calls, %d answered QPS-limited", tt.qps, len(h.emu.Calls())-skip, limited)
		})
	}
}
