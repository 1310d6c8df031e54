package dingtalk

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A 1:1 send is a message like a group send (TestSendsRetryOnlyWhenDingTalkDidNotAct):
// an answer that may follow a delivery (5xx) ends it, and only an answer
// proving DingTalk did nothing (the QPS limit) is retried. The client's
// retry policy would otherwise send the same message to every user again.
func TestOtoSendRetriedOnlyWhenDingTalkDidNotAct(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		first     answer
		wantCalls int32
	}{
		{"system error may have sent it: no retry", systemAnswer, 1},
		{"bad gateway may have sent it: no retry", answer{502, ``}, 1},
		{"gateway timeout may have sent it: no retry", answer{504, ``}, 1},
		{"rate limited did not send it: retried", qpsAnswer, 2},
	}
	ok := answer{200, `{"processQueryKey":"k","invalidStaffIdList":[],"flowControlledStaffIdList":[],"filteredStaffIdList":[]}`}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t) // its retry policy tries an idempotent call 4 times
			var calls atomic.Int32
			f.mux.HandleFunc("POST /v1.0/robot/oToMessages/batchSend", script(&calls, tt.first, ok))
			got, err := f.client.Messages.OtoSend(context.Background(), "robot", []string{"u1", "u2"}, Message{Text: "hi"})
			assert.Equal(t, tt.wantCalls, calls.Load(), "POSTs of one 1:1 send")
			if tt.wantCalls == 1 {
				assert.Error(t, err, "the first answer is the result")
				assert.Nil(t, got)
				return
			}
			if assert.NoError(t, err) {
				assert.Equal(t, "k", got.ProcessQueryKey)
			}
		})
	}
}
