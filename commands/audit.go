package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// The audit trail: every control action, typed or clicked, successful or
// not, is one record in the KV list audit:<corp>:<meetingId> (the newest
// auditKeep kept) and one "audit" log line. A record says when, in which
// chat, on which meeting, who asked, what, on whom, the outcome and
// DingTalk's request id; successful ones carry their inverse for /undo.
//
// Request ids travel in ctx: each action installs a fresh recorder, and the
// adapter that talks to DingTalk reports each exchange's id with
// NoteRequestID. The last id noted is the control call's own (it is the
// last exchange, retries included), and no interface grows a return value.

// Outcomes of a record besides "ok": why the control call failed.
const (
	auditOK         = "ok"
	auditUnchanged  = "unchanged" // an /undo that found nothing left to change; no call made
	auditNotPresent = "not_in_meeting"
	auditEnded      = "meeting_ended"
	auditBusy       = "busy"
	auditDenied     = "no_permission"
	auditAuth       = "auth_failed"
	auditTimeout    = "timeout"
	auditQuota      = "quota_exceeded"
	auditRejected   = "rejected"
	auditError      = "error"
)

// requestInfo is what Handle knows about the request behind an action.
type requestInfo struct {
	chatID string
	via    string

	mu      sync.Mutex
	meeting string // the meeting the request was about, for the log line
}

type requestInfoKey struct{}

// withRequestInfo puts req's chat and channel in ctx for the audit records
// its actions write.
func withRequestInfo(ctx context.Context, req Request) (context.Context, *requestInfo) {
	info := &requestInfo{chatID: req.ChatID, via: "command"}
	if req.Action != nil {
		info.via = "card"
	}
	return context.WithValue(ctx, requestInfoKey{}, info), info
}

func requestInfoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}

// noteMeeting remembers the meeting a request is about.
func noteMeeting(ctx context.Context, meetingID string) {
	if info := requestInfoFrom(ctx); info != nil && meetingID != "" {
		info.mu.Lock()
		info.meeting = meetingID
		info.mu.Unlock()
	}
}

// meetingID is the meeting noted for the request; "" for none.
func (i *requestInfo) meetingID() string {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.meeting
}

// requestIDs holds the last backend request id noted for one action.
type requestIDs struct {
	mu   sync.Mutex
	last string
}

type requestIDsKey struct{}

// withRequestIDs gives one action a fresh request-id recorder.
func withRequestIDs(ctx context.Context) context.Context {
	return context.WithValue(ctx, requestIDsKey{}, &requestIDs{})
}

// NoteRequestID records the backend's (DingTalk's) id of a request made
// with ctx, so the audit record of the control action that made it can
// carry it. Adapters call it for every exchange; outside an action it does
// nothing.
func NoteRequestID(ctx context.Context, id string) {
	rec, ok := ctx.Value(requestIDsKey{}).(*requestIDs)
	if !ok || id == "" {
		return
	}
	rec.mu.Lock()
	rec.last = id
	rec.mu.Unlock()
}

func lastRequestID(ctx context.Context) string {
	rec, ok := ctx.Value(requestIDsKey{}).(*requestIDs)
	if !ok {
		return ""
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.last
}

type revertsKey struct{}

// withReverts marks the actions run with ctx as the undo of record id.
func withReverts(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, revertsKey{}, id)
}

// stamp fills in what an action's code does not know: id, time, chat,
// channel, request id, outcome and what it reverts.
func (r *Registry) stamp(ctx context.Context, res result) result {
	res.At = r.now()
	res.ID = strconv.FormatInt(res.At.UnixNano(), 36) + "-" + strconv.FormatUint(rand.Uint64()%(1<<32), 36)
	if info := requestInfoFrom(ctx); info != nil {
		res.ChatID, res.Via = info.chatID, info.via
	}
	noteMeeting(ctx, res.MeetingID)
	res.RequestID = lastRequestID(ctx)
	if res.Outcome == "" {
		res.Outcome = auditOK
	}
	res.Reverts, _ = ctx.Value(revertsKey{}).(string)
	return res
}

// failed records an action whose control call failed and returns err.
func (r *Registry) failed(ctx context.Context, corp string, res result, err error) (result, error) {
	res.Outcome = failureOutcome(err)
	res.Undo = nil
	r.record(ctx, corp, res)
	return result{}, err
}

// failureOutcome classifies a control call's error for the audit record.
func failureOutcome(err error) string {
	var pe *PermissionError
	switch {
	case errors.Is(err, ErrUnknownUser):
		return auditNotPresent
	case errors.Is(err, ErrMeetingGone):
		return auditEnded
	case errors.Is(err, ErrQuota):
		return auditQuota
	case errors.Is(err, ErrRejected):
		return auditRejected
	case errors.Is(err, ErrBusy):
		return auditBusy
	case errors.As(err, &pe):
		return auditDenied
	case errors.Is(err, ErrAuth):
		return auditAuth
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return auditTimeout
	}
	return auditError
}

// logAudit writes one audit record to the log.
func logAudit(ctx context.Context, res result) {
	targets := make([]string, len(res.Targets))
	for i, p := range res.Targets {
		targets[i] = firstNonEmpty(p.UserID, p.UnionID)
	}
	zerolog.Ctx(ctx).Info().Str("audit_id", res.ID).Str("action", string(res.Action)).
		Str("meeting_id", res.MeetingID).Str("chat_id", res.ChatID).Str("via", res.Via).
		Str("by", firstNonEmpty(res.By.UserID, res.By.UnionID)).Strs("targets", targets).
		Str("outcome", res.Outcome).Str("request_id", res.RequestID).Str("reverts", res.Reverts).
		Msg("audit")
}

// auditTrail returns up to n newest records of a meeting, newest first.
// Records that cannot be decoded are skipped.
func (r *Registry) auditTrail(ctx context.Context, corp, meetingID string, n int) ([]result, error) {
	raw, err := r.st.records.Last(ctx, auditKey(corp, meetingID), n)
	if err != nil {
		return nil, fmt.Errorf("read audit trail: %w", err)
	}
	out := make([]result, 0, len(raw))
	for _, b := range raw {
		var res result
		if json.Unmarshal(b, &res) == nil {
			out = append(out, res)
		}
	}
	return out, nil
}

// auditKeep is how many audit records are kept per meeting: the newest
// 1,000 (see audit.go for what a record holds and how long it is shown).
const auditKeep = 1000

func auditKey(corp, meetingID string) string { return "audit:" + corp + ":" + meetingID }

// step is an action with its targets: what to run to undo a result.
type step struct {
	Action  action   `json:"action"`
	Targets []Person `json:"targets,omitempty"`
	Policy  *Policy  `json:"policy,omitempty"` // policy and classroom steps: the settings to set
}

// result is what an action did: for the reply, the audit log and undo.
// Failed actions are recorded too, with Outcome saying why.
type result struct {
	ID        string    `json:"id"`
	Action    action    `json:"action"`
	MeetingID string    `json:"meetingId"`
	ChatID    string    `json:"chatId,omitempty"`
	Via       string    `json:"via,omitempty"` // "command" or "card"
	Targets   []Person  `json:"targets,omitempty"`
	By        Person    `json:"by"`
	At        time.Time `json:"at"`
	Outcome   string    `json:"outcome,omitempty"` // "ok" ("" in old records), or why it failed
	RequestID string    `json:"requestId,omitempty"`
	Undo      *step     `json:"undo,omitempty"`
	Reverts   string    `json:"reverts,omitempty"` // ID of the record this /undo took back
	Policy    *Policy   `json:"policy,omitempty"`  // the settings a policy or classroom action set
}

// record stamps res (see stamp in audit.go), appends it to the meeting's
// audit list (see state.write) and writes it to the log. The action
// already happened, so a store failure is only logged.
func (r *Registry) record(ctx context.Context, corp string, res result) result {
	res = r.stamp(ctx, res)
	b, err := json.Marshal(res)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("commands: audit record not stored")
	} else {
		r.st.pushRecord(ctx, auditKey(corp, res.MeetingID), b, auditKeep, "audit record")
	}
	logAudit(ctx, res)
	return res
}
