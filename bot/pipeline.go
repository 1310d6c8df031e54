package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/rs/zerolog"

	"github.com/meetbot/meetbot/commands"
)

// The pipeline every message and card click goes through on a worker,
// written once: recover from a panic, claim the frame once in the store
// (dedupe), run the command under the command timeout, send what it
// answered, and log one line and report one observation. A chat message
// and a card click differ only in their unit's fields.

// unit is one message or click in the pipeline.
type unit struct {
	kind   string // "command" or "card click": the log line says "<kind> done"
	key    string // dedupe key claimed in the store
	log    zerolog.Logger
	handle func(ctx context.Context) commands.Reply // the command
	send   func(rep commands.Reply)                 // the reply, card and card updates
	retry  func()                                   // "busy, try again": a panic, or a store that cannot tell duplicates
	click  bool                                     // counted as a card click too
}

// runUnit carries u through the pipeline.
func (h *Handler) runUnit(u unit) {
	start := h.cfg.Now()
	defer func() {
		if p := recover(); p != nil {
			u.log.Error().Str("panic", fmt.Sprint(p)).Bytes("stack", debug.Stack()).Msg(u.kind + " panicked")
			u.retry()
		}
	}()
	if fresh, err := h.claim(u.log, u.key); err != nil || !fresh {
		if err != nil { // the store is down: a duplicate cannot be told apart, ask to send again
			u.retry()
		}
		return
	}
	ctx, cancel := context.WithTimeout(u.log.WithContext(context.Background()), h.cfg.CommandTimeout)
	rep := u.handle(ctx)
	cancel()
	u.send(rep)
	h.done(u, rep, h.cfg.Now().Sub(start))
}

// claim claims a dedupe key: false means a duplicate, and an error a store
// that cannot tell.
func (h *Handler) claim(log zerolog.Logger, key string) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), h.cfg.ReplyTimeout)
	defer cancel()
	fresh, err := h.cfg.Dedupe.SetNX(ctx, key, []byte{1}, h.cfg.DedupeTTL)
	switch {
	case err != nil:
		log.Error().Err(err).Msg("dedupe store unavailable")
	case !fresh:
		h.cfg.Observer.DedupeHit()
		log.Info().Msg("duplicate ignored")
	}
	return fresh, err
}

// done writes the unit's one log line and reports it to the observer.
func (h *Handler) done(u unit, rep commands.Reply, latency time.Duration) {
	ev := u.log.Info()
	if rep.Outcome == commands.Failed {
		ev = u.log.Error().Err(rep.Err)
	}
	ev.Str("command", rep.Command).Str("outcome", string(rep.Outcome)).Str("meeting_id", rep.MeetingID).
		Dur("latency", latency).Msg(u.kind + " done")
	if u.click {
		h.cfg.Observer.CardClick(rep.Command)
	}
	h.cfg.Observer.CommandDone(rep.Command, rep.Outcome, latency)
}
