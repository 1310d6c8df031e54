package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// noting makes the fake Focus report a backend request id, as the
// DingTalk adapter does.
func noting(e *env, id string) {
	focus := e.conf.FocusFn
	e.conf.FocusFn = func(ctx context.Context, m, u string) error {
		NoteRequestID(ctx, "members-or-token-id") // an earlier exchange of the same action
		NoteRequestID(ctx, id)
		return focus(ctx, m, u)
	}
}

func TestAuditRecordsOneEntryPerActionWithItsFields(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	noting(e, "REQ-FOCUS-1")
	var logs bytes.Buffer
	ctx := zerolog.New(&logs).WithContext(context.Background())

	require.Equal(t, OK, e.reg.Handle(ctx, req("hana", "/spotlight", "alice")).Outcome)
	require.Equal(t, OK, e.reg.Handle(ctx, req("hana", "/cohost add", "li", "zhang")).Outcome)
	require.Equal(t, OK, e.reg.Handle(ctx, req("hana", "/meeting")).Outcome, "status is not an action")

	trail := e.trail()
	require.Len(t, trail, 2)
	focus := trail[1]
	assert.NotEmpty(t, focus.ID)
	focus.ID = ""
	assert.Equal(t, result{Action: actFocus, MeetingID: m1, ChatID: chat, Via: "command",
		Targets: []Person{{UserID: "alice", UnionID: "u-alice", Name: "Alice"}},
		By:      Person{UserID: "hana", UnionID: "u-hana", Name: "Hana"}, At: e.clock(),
		Outcome: auditOK, RequestID: "REQ-FOCUS-1", Undo: &step{Action: actUnfocus, Targets: focus.Targets}}, focus)
	assert.Equal(t, actAddCoHosts, trail[0].Action)
	assert.Empty(t, trail[0].RequestID, "ids of other actions do not leak into this one")
	assert.Equal(t, &step{Action: actRemoveCoHosts, Targets: trail[0].Targets}, trail[0].Undo)
	assert.NotEqual(t, trail[0].ID, trail[1].ID)

	var line map[string]any
	require.NoError(t, json.Unmarshal(bytes.SplitN(logs.Bytes(), []byte("\n"), 2)[0], &line))
	assert.Equal(t, "audit", line["message"])
	assert.Equal(t, "focus", line["action"])
	assert.Equal(t, "hana", line["by"])
	assert.Equal(t, []any{"alice"}, line["targets"])
	assert.Equal(t, "REQ-FOCUS-1", line["request_id"])
	assert.Equal(t, m1, line["meeting_id"])
}

func TestAuditRecordsFailuresWithoutUndo(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("hana", "/spotlight", "bob")) // bob is not in the meeting
	assert.Equal(t, Rejected, rep.Outcome)
	trail := e.trail()
	require.Len(t, trail, 1)
	assert.Equal(t, auditNotPresent, trail[0].Outcome)
	assert.Nil(t, trail[0].Undo)
	assert.Equal(t, m1, rep.MeetingID, "the reply names the meeting for the log line")
}

func TestAuditMarksCardClicksAndUndos(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	click := req("hana", "")
	click.Action = &CardAction{ActionID: "spotlight"}
	ctx, _ := withRequestInfo(context.Background(), click)
	_, err := e.reg.focus(ctx, corp, m1, people["hana"], people["alice"])
	require.NoError(t, err)
	require.Equal(t, OK, e.handle(req("hana", "/undo")).Outcome)
	trail := e.trail()
	require.Len(t, trail, 2)
	assert.Equal(t, "card", trail[1].Via)
	assert.Equal(t, "command", trail[0].Via)
	assert.Equal(t, trail[1].ID, trail[0].Reverts)
}

func TestAuditKeepsABoundedTrail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for range auditKeep + 5 {
		_, err := e.reg.unfocus(context.Background(), corp, m1, people["hana"], people["alice"])
		require.NoError(t, err)
	}
	raw, err := e.kv.Last(context.Background(), auditKey(corp, m1), 2*auditKeep)
	require.NoError(t, err)
	assert.Len(t, raw, auditKeep)
}

func TestFailureOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("x: %w", ErrUnknownUser), auditNotPresent},
		{ErrMeetingGone, auditEnded},
		{ErrBusy, auditBusy},
		{&PermissionError{Err: errors.New("403")}, auditDenied},
		{ErrAuth, auditAuth},
		{fmt.Errorf("focus: %w", ErrQuota), auditQuota},
		{fmt.Errorf("focus: %w", ErrRejected), auditRejected},
		{context.DeadlineExceeded, auditTimeout},
		{errors.New("boom"), auditError},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, failureOutcome(tt.err), tt.err.Error())
	}
}

func TestMeetingLog(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	assert.Equal(t, "Nothing has been done in **周会 Weekly sync** through me yet.", e.handle(req("alice", "/meeting log")).Text)

	e.handle(req("hana", "/spotlight", "alice"))
	e.advance(time.Minute)
	e.handle(req("cole", "/cohost add", "li"))
	e.handle(req("cole", "/spotlight", "bob")) // fails: bob is not in the meeting
	e.advance(time.Minute)
	e.handle(req("hana", "/undo"))

	rep := e.handle(req("alice", "/meeting log"))
	assert.Equal(t, OK, rep.Outcome)
	assert.Equal(t, "meeting.log", rep.Command)
	assert.Equal(t, "Last 4 actions in **周会 Weekly sync** (times UTC):\n"+
		"- 09:02 **Hana** undo: turned the spotlight on **Alice** off — done\n"+
		"- 09:01 **Cole** spotlighted **Bob** — failed: not in the meeting\n"+
		"- 09:01 **Cole** made **李四** co-host — done\n"+
		"- 09:00 **Hana** spotlighted **Alice** — done", rep.Text)

	zh := e.handle(req("alice", "/会议 记录"))
	assert.Equal(t, "**周会 Weekly sync** 最近 4 条操作（时间 UTC）：\n"+
		"- 09:02 **Hana** 撤销：取消了 **Alice** 的全员聚焦 — 成功\n"+
		"- 09:01 **Cole** 将 **Bob** 设为全员聚焦 — 失败：对方不在会中\n"+
		"- 09:01 **Cole** 将 **李四** 设为联席主持人 — 成功\n"+
		"- 09:00 **Hana** 将 **Alice** 设为全员聚焦 — 成功", zh.Text)
}

func TestMeetingLogShowsTheLastTenInTheConfiguredZone(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	e := newEnv(t, func(c *Config) { c.Location = shanghai })
	for range 12 {
		e.handle(req("hana", "/spotlight off", "alice"))
	}
	e.advance(24 * time.Hour)
	rep := e.handle(req("hana", "/meeting log"))
	assert.Contains(t, rep.Text, "Last 10 actions")
	assert.Contains(t, rep.Text, "(times CST)")
	assert.Contains(t, rep.Text, "- 11-20 17:00 **Hana** turned the spotlight on **Alice** off — done", "older than today: with the date")
}

// Audit records are stored: the JSON field names and action strings
// below are what earlier versions wrote, and must keep reading back.
const (
	jsonHana  = `{"UserID":"hana","UnionID":"u-hana","Name":"Hana"}`
	jsonCole  = `{"UserID":"cole","UnionID":"u-cole","Name":"Cole"}`
	jsonAlice = `{"UserID":"alice","UnionID":"u-alice","Name":"Alice"}`
	jsonLi    = `{"UserID":"li","UnionID":"u-li","Name":"李四"}`
)

// store pushes raw audit records of m1, oldest first.
func (e *env) store(records ...string) {
	e.t.Helper()
	for _, r := range records {
		require.NoError(e.t, e.kv.Push(context.Background(), auditKey(corp, m1), []byte(r), auditKeep, 0))
	}
}

func TestStoredRecordsShowInTheLog(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.Location = time.UTC })
	e.store(
		`{"id":"a1","action":"focus","meetingId":"m1","targets":[`+jsonAlice+`],"by":`+jsonHana+`,"at":"2025-11-20T08:50:00Z","undo":{"action":"unfocus"}}`,
		`{"id":"a2","action":"unfocus","meetingId":"m1","chatId":"chat1","via":"command","targets":[`+jsonAlice+`],"by":`+jsonHana+`,"at":"2025-11-20T08:51:00Z","outcome":"ok","requestId":"R2","reverts":"a1"}`,
		`{"id":"a3","action":"cohost.add","meetingId":"m1","via":"card","targets":[`+jsonLi+`,`+jsonAlice+`],"by":`+jsonCole+`,"at":"2025-11-20T08:52:00Z","outcome":"busy"}`,
		`{"id":"a4","action":"unmute.all","meetingId":"m1","by":`+jsonCole+`,"at":"2025-11-20T08:53:00Z","outcome":"something_new"}`,
		`{"id":"a5","action":"focus","meetingId":"m1","by":`+jsonHana+`,"at":"2025-11-20T08:54:00Z","outcome":"ok"}`,
		`{"id":"a6","action":"cohost.remove","meetingId":"m1","targets":[`+jsonLi+`],"by":`+jsonHana+`,"at":"2025-11-20T08:55:00Z","outcome":"unchanged","reverts":"a0"}`,
		`{"id":"a7","action":"mute.all","meetingId":"m1","via":"card","by":`+jsonHana+`,"at":"2025-11-19T08:56:00Z","outcome":"ok","undo":{"action":"unmute.all"}}`,
		`{"id":"a8","action":"lock","meetingId":"m1","by":`+jsonHana+`,"at":"2025-11-20T08:57:00Z","outcome":"ok"}`,
		`not json`,
	)
	tests := []struct {
		text, want string
	}{
		{"/meeting log", "Last 8 actions in **周会 Weekly sync** (times UTC):\n" +
			"- 08:57 **Hana** lock — done\n" +
			"- 11-19 08:56 **Hana** muted everyone (card) — done\n" +
			"- 08:55 **Hana** undo: removed **李四** as co-host — nothing to change\n" +
			"- 08:54 **Hana** spotlighted someone — done\n" +
			"- 08:53 **Cole** unmuted everyone — failed\n" +
			"- 08:52 **Cole** made **李四** and **Alice** co-host (card) — failed: DingTalk was busy\n" +
			"- 08:51 **Hana** undo: turned the spotlight on **Alice** off — done\n" +
			"- 08:50 **Hana** spotlighted **Alice** — done"},
		{"/会议 记录", "**周会 Weekly sync** 最近 8 条操作（时间 UTC）：\n" +
			"- 08:57 **Hana** lock — 成功\n" +
			"- 11-19 08:56 **Hana** 开启了全员静音（卡片） — 成功\n" +
			"- 08:55 **Hana** 撤销：取消了 **李四** 的联席主持人 — 无需更改\n" +
			"- 08:54 **Hana** 将 某人 设为全员聚焦 — 成功\n" +
			"- 08:53 **Cole** 解除了全员静音 — 失败\n" +
			"- 08:52 **Cole** 将 **李四**、**Alice** 设为联席主持人（卡片） — 失败：钉钉繁忙\n" +
			"- 08:51 **Hana** 撤销：取消了 **Alice** 的全员聚焦 — 成功\n" +
			"- 08:50 **Hana** 将 **Alice** 设为全员聚焦 — 成功"},
	}
	for _, tt := range tests {
		rep := e.handle(req("olga", tt.text))
		assert.Equal(t, OK, rep.Outcome, tt.text)
		assert.Equal(t, tt.want, rep.Text, tt.text)
	}
}

func TestStoredRecordsStillUndo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		id     string // the stored record's
		record string
		calls  []string
		reply  string // the whole reply, or its start when prefix
		prefix bool
	}{
		{"a co-host removal through the card", "k1",
			`{"id":"k1","action":"cohost.remove","meetingId":"m1","chatId":"chat1","via":"card","targets":[` + jsonAlice + `],"by":` + jsonHana + `,"at":"2025-11-20T08:59:00Z","outcome":"ok","requestId":"REQ-7","undo":{"action":"cohost.add","targets":[` + jsonAlice + `]}}`,
			[]string{"AddCoHosts m1 u-alice"},
			"Undone: your last action in **周会 Weekly sync** (removed **Alice** as co-host at 08:59). Now **Alice** can co-host again.", false},
		{"mute all", "k2",
			`{"id":"k2","action":"mute.all","meetingId":"m1","by":` + jsonHana + `,"at":"2025-11-20T08:59:00Z","outcome":"ok","undo":{"action":"unmute.all"}}`,
			[]string{"MuteAll m1 false"},
			"Undone: your last action in **周会 Weekly sync** (muted everyone at 08:59). Now everyone is unmuted.", false},
		{"a spotlight from before steps named the person, without an outcome", "k3",
			`{"id":"k3","action":"focus","meetingId":"m1","targets":[` + jsonAlice + `],"by":` + jsonHana + `,"at":"2025-11-20T08:59:00Z","undo":{"action":"unfocus"}}`,
			[]string{"Unfocus m1 u-alice"},
			"Undone: your last action in **周会 Weekly sync** (spotlighted **Alice** at 08:59). Now ", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, func(c *Config) { c.Location = time.UTC })
			e.reg.st.setRecord(context.Background(), focusKey(corp, m1),
				focusRecord{Person: people["alice"], By: "hana", At: e.clock()}, focusTTL, "spotlight record")
			e.store(tt.record)
			rep := e.handle(req("hana", "/undo"))
			assert.Equal(t, OK, rep.Outcome, rep.Text)
			assert.Equal(t, tt.calls, e.conf.controlCalls())
			if tt.prefix {
				assert.Contains(t, rep.Text, tt.reply)
			} else {
				assert.Equal(t, tt.reply, rep.Text)
			}
			assert.Equal(t, tt.id, e.trail()[0].Reverts, "the undo names the stored record")
		})
	}
}
