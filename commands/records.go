package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rs/zerolog"
)

// The records an action leaves — its audit entry, the spotlight and mute
// state — go to Config.Records: the wiring passes a store that writes them
// behind the reply and keeps trying until they are stored, and reads its
// own writes at once. Bindings, cards and cached people go to Config.KV,
// written before the reply. A record that cannot be queued is logged: the
// action it describes has already happened.

// setRecord stores v as JSON at key in the records store.
func (s *state) setRecord(ctx context.Context, key string, v any, ttl time.Duration, what string) {
	b, err := json.Marshal(v)
	if err == nil {
		err = s.records.Set(ctx, key, b, ttl)
	}
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("commands: " + what + " not stored")
	}
}

// deleteRecord deletes key from the records store.
func (s *state) deleteRecord(ctx context.Context, key, what string) {
	if err := s.records.Delete(ctx, key); err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("commands: " + what + " not deleted")
	}
}

// pushRecord appends b to the list at key in the records store, keeping
// the newest keep entries for the retention period after the last one.
func (s *state) pushRecord(ctx context.Context, key string, b []byte, keep int, what string) {
	if err := s.records.Push(ctx, key, b, keep, s.retention); err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("commands: " + what + " not stored")
	}
}

// getRecord reads a JSON value from the records store.
func (s *state) getRecord(ctx context.Context, key string, v any) (bool, error) {
	return decodeJSON(s.records, ctx, key, v)
}

// decodeJSON reads the JSON value at key of kv into v.
func decodeJSON(kv KV, ctx context.Context, key string, v any) (bool, error) {
	b, ok, err := kv.Get(ctx, key)
	if err != nil || !ok {
		return false, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("decode %s: %w", key, err)
	}
	return true, nil
}

// focusTTL bounds how long a spotlight record is trusted.
const focusTTL = 24 * time.Hour

// focusRecord is who the bot last spotlighted in a meeting, at
// focus:<corp>:<meetingId>. DingTalk has no call to read it back.
type focusRecord struct {
	Person Person    `json:"person"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

func focusKey(corp, meetingID string) string { return "focus:" + corp + ":" + meetingID }

func mutedKey(corp, meetingID string) string {
	return "muted:" + corp + ":" + meetingID
}

// dropFocus deletes the spotlight record of a meeting.
func (r *Registry) dropFocus(ctx context.Context, corp, meetingID string) {
	r.st.deleteRecord(ctx, focusKey(corp, meetingID), "spotlight record")
}

// focused returns the spotlight record of a meeting, if any.
func (r *Registry) focused(ctx context.Context, corp, meetingID string) (focusRecord, bool) {
	var rec focusRecord
	ok, err := r.st.getRecord(ctx, focusKey(corp, meetingID), &rec)
	return rec, err == nil && ok
}
