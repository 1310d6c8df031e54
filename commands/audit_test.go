package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

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
