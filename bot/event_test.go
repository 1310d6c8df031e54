package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ticketsFunc is a TicketStore made of a function.
type ticketsFunc func(ctx context.Context, ticket string, at time.Time) error

func (f ticketsFunc) SaveSuiteTicket(ctx context.Context, ticket string, at time.Time) error {
	return f(ctx, ticket, at)
}

var _ TicketStore = ticketsFunc(nil)

func TestEventFrames(t *testing.T) {
	t.Parallel()
	now := time.UnixMilli(1_700_000_000_000)
	tests := []struct {
		name       string
		headers    map[string]string
		data       string
		saveErr    error
		wantTicket string
		wantAt     time.Time
		wantStatus string
	}{
		{"header type, PascalCase ticket", map[string]string{"eventType": "suite_ticket", "eventBornTime": "1690000000000"},
			`{"SuiteTicket":"t1","TimeStamp":"1680000000000"}`, nil, "t1", time.UnixMilli(1690000000000), "SUCCESS"},
		{"type in data, camelCase ticket, numeric timestamp", nil,
			`{"EventType":"suite_ticket","suiteTicket":"t2","TimeStamp":1680000000000}`, nil, "t2", time.UnixMilli(1680000000000), "SUCCESS"},
		{"no time at all", map[string]string{"eventType": "suite_ticket"}, `{"SuiteTicket":"t3"}`, nil, "t3", now, "SUCCESS"},
		{"other event ignored", map[string]string{"eventType": "user_add_org"}, `{"UserId":["u1"]}`, nil, "", time.Time{}, "SUCCESS"},
		{"ticket missing", map[string]string{"eventType": "suite_ticket"}, `{}`, nil, "", time.Time{}, "SUCCESS"},
		{"garbage acked", map[string]string{"eventType": "suite_ticket"}, `not json`, nil, "", time.Time{}, "SUCCESS"},
		{"store down: later", map[string]string{"eventType": "suite_ticket"}, `{"SuiteTicket":"t4"}`, errors.New("down"), "t4", now, "LATER"},
		{"the protocol notes' sample: no event type at all", nil,
			`{"suiteTicket":"t5","action":"suite"}`, nil, "t5", now, "SUCCESS"},
		{"a ticket under another event type", map[string]string{"eventType": "suite_ticket_push"},
			`{"suiteTicket":"t6","action":"suite"}`, nil, "t6", now, "SUCCESS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var gotTicket string
			var gotAt time.Time
			e := NewEvents(ticketsFunc(func(_ context.Context, ticket string, at time.Time) error {
				gotTicket, gotAt = ticket, at
				return tt.saveErr
			}), zerolog.Nop())
			e.now = func() time.Time { return now }
			df := &payload.DataFrame{Type: "EVENT", Headers: payload.DataFrameHeader{"topic": "dingTalk", "messageId": "m1"}, Data: tt.data}
			for k, v := range tt.headers {
				df.Headers[k] = v
			}
			ack, err := e.OnEventFrame(context.Background(), df)
			require.NoError(t, err)
			var body map[string]string
			require.NoError(t, json.Unmarshal([]byte(ack.Data), &body))
			assert.Equal(t, tt.wantStatus, body["status"])
			wantCode := 200
			if tt.wantStatus == "LATER" {
				wantCode = 500 // as the Go SDK pairs them: DingTalk pushes it again
			}
			assert.Equal(t, wantCode, ack.Code)
			assert.Equal(t, tt.wantTicket, gotTicket)
			assert.True(t, tt.wantAt.Equal(gotAt), "pushed at %v, want %v", gotAt, tt.wantAt)
		})
	}
}

func TestEventRouting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ, topic, want string
	}{
		{"CALLBACK", "/v1.0/im/bot/messages/get", "/v1.0/im/bot/messages/get"},
		{"EVENT", "*", eventRoute},
		{"EVENT", "dingTalk", eventRoute},
		{"SYSTEM", "ping", ""},
	}
	for _, tt := range tests {
		df := &payload.DataFrame{Type: tt.typ, Headers: payload.DataFrameHeader{"topic": tt.topic}}
		assert.Equal(t, tt.want, routeKey(df), tt.typ+" "+tt.topic)
	}
	assert.Equal(t, &payload.SubscriptionModel{Type: "EVENT", Topic: "*"}, subscriptionFor(eventRoute))
	assert.Equal(t, &payload.SubscriptionModel{Type: "CALLBACK", Topic: "/x"}, subscriptionFor("/x"))
}

func TestEventLogsTheHeaderNamesOfTheFirstTicketFrame(t *testing.T) {
	t.Parallel()
	var logs strings.Builder // OnEventFrame runs on the caller's goroutine
	e := NewEvents(ticketsFunc(func(context.Context, string, time.Time) error { return nil }), zerolog.New(&logs))
	push := func(id string) {
		df := &payload.DataFrame{Type: "EVENT", Data: `{"suiteTicket":"secret-ticket","action":"suite"}`,
			Headers: payload.DataFrameHeader{"topic": "suite", "messageId": id, "eventCorpId": "dingcorp"}}
		_, err := e.OnEventFrame(context.Background(), df)
		require.NoError(t, err)
	}
	push("m1")
	push("m2")
	out := logs.String()
	assert.Equal(t, 1, strings.Count(out, "first suite ticket frame"), "logged once")
	assert.Contains(t, out, `"headers":["eventCorpId","messageId","topic"]`)
	assert.NotContains(t, out, "dingcorp", "names only, never values")
	assert.NotContains(t, out, "secret-ticket")
}
