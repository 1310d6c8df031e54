package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
	"github.com/rs/zerolog"

	"github.com/meetbot/meetbot/commands"
)

// Config configures a Handler. Zero values take the defaults in brackets.
type Config struct {
	Commands       Commands
	Replier        Replier
	Dedupe         Claimer
	Logger         zerolog.Logger
	RobotCode      string        // used when a payload carries none (internal apps: the Client ID)
	Workers        int           // commands run at once [64]
	Queue          int           // commands waiting at most [20000]
	CommandTimeout time.Duration // per command, DingTalk retries included [10s]
	ReplyTimeout   time.Duration // per reply [10s]
	DedupeTTL      time.Duration // how long a msgId is remembered [10m]
	Observer       Observer      // metrics hooks [NopObserver]
	Cards          CardSender    // control cards; nil sends none (no template configured)
	Now            func() time.Time
}

// Handler receives stream frames and runs them as commands.
type Handler struct {
	cfg   Config
	log   zerolog.Logger
	queue *serialQueue
	busy  *serialQueue // sends "busy" replies when queue is full, without blocking the SDK
}

// New returns a Handler whose workers are already running. Call Shutdown to
// stop it.
func New(cfg Config) *Handler {
	cfg = withDefaults(cfg)
	return &Handler{
		cfg:   cfg,
		log:   cfg.Logger,
		queue: newSerialQueue(cfg.Workers, cfg.Queue),
		busy:  newSerialQueue(4, 1024),
	}
}

func withDefaults(c Config) Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.Workers <= 0 {
		c.Workers = 64
	}
	if c.Queue <= 0 {
		c.Queue = 20000
	}
	def(&c.CommandTimeout, 10*time.Second)
	def(&c.ReplyTimeout, 10*time.Second)
	def(&c.DedupeTTL, 10*time.Minute)
	if c.Now == nil {
		c.Now = time.Now
	}
	c.Observer = observer(c.Observer)
	return c
}

// OnChatFrame is the SDK frame handler for chatbot messages. It decodes the
// frame, queues the command and returns at once; a malformed frame is
// logged and acked so the connection stays healthy.
func (h *Handler) OnChatFrame(_ context.Context, df *payload.DataFrame) (*payload.DataFrameResponse, error) {
	m, err := decodeChat(df.Data, h.cfg.RobotCode, h.cfg.Now())
	if err != nil {
		h.log.Warn().Err(err).Str("frame_id", df.GetMessageId()).Msg("malformed chatbot frame dropped")
		return nil, nil
	}
	if m.req.MsgID == "" {
		m.req.MsgID = df.GetMessageId()
	}
	if !h.queue.Submit(m.req.CorpID+"|"+m.req.ChatID, func() { h.process(m) }) {
		h.refuseBusy(m)
	}
	return nil, nil
}

// QueueLen is the number of commands waiting or running.
func (h *Handler) QueueLen() int { return h.queue.Len() }

// Shutdown stops taking messages and waits for queued commands until ctx is
// done. It reports how many were left unfinished.
func (h *Handler) Shutdown(ctx context.Context) int {
	left := h.queue.Close(ctx)
	h.busy.Close(ctx)
	return left
}

func (h *Handler) refuseBusy(m message) {
	h.cfg.Observer.BusyRefusal()
	ok := h.busy.Submit(m.req.ChatID, func() {
		h.send(h.messageLogger(m), m.dest, h.cfg.Commands.Busy(m.req).Text)
	})
	h.log.Warn().Str("msg_id", m.req.MsgID).Str("conversation_id", m.req.ChatID).Bool("told_user", ok).
		Msg("queue full: command refused as busy")
}

func (h *Handler) messageLogger(m message) zerolog.Logger {
	return h.log.With().Str("msg_id", m.req.MsgID).Str("conversation_id", m.req.ChatID).
		Str("sender", m.req.Sender.UserID).Logger()
}

// process runs one message on a worker: dedupe, command, reply, log.
func (h *Handler) process(m message) {
	log := h.messageLogger(m)
	start := h.cfg.Now()
	defer func() {
		if p := recover(); p != nil {
			log.Error().Str("panic", fmt.Sprint(p)).Bytes("stack", debug.Stack()).Msg("command panicked")
			h.send(log, m.dest, h.cfg.Commands.Busy(m.req).Text)
		}
	}()
	if fresh, err := h.claim(log, m); err != nil || !fresh {
		if err != nil { // the store is down: we cannot tell a duplicate apart, ask to retry
			h.send(log, m.dest, h.cfg.Commands.Busy(m.req).Text)
		}
		return
	}
	reply := h.run(log, m)
	h.send(log, m.dest, reply.Text)
	h.sendCard(log, m.dest, reply.Replaced)
	h.sendCard(log, m.dest, reply.Card)
	ev := log.Info()
	if reply.Outcome == commands.Failed {
		ev = log.Error().Err(reply.Err)
	}
	latency := h.cfg.Now().Sub(start)
	ev.Str("command", reply.Command).Str("outcome", string(reply.Outcome)).Str("meeting_id", reply.MeetingID).
		Dur("latency", latency).Msg("command done")
	h.cfg.Observer.CommandDone(reply.Command, reply.Outcome, latency)
}

func (h *Handler) claim(log zerolog.Logger, m message) (bool, error) {
	key := "msg:" + m.req.CorpID + ":" + m.req.MsgID
	ctx, cancel := context.WithTimeout(context.Background(), h.cfg.ReplyTimeout)
	defer cancel()
	fresh, err := h.cfg.Dedupe.SetNX(ctx, key, []byte{1}, h.cfg.DedupeTTL)
	if err != nil {
		log.Error().Err(err).Msg("dedupe store unavailable")
	} else if !fresh {
		h.cfg.Observer.DedupeHit()
		log.Info().Msg("duplicate message ignored")
	}
	return fresh, err
}

func (h *Handler) run(log zerolog.Logger, m message) commands.Reply {
	switch m.kind {
	case notText:
		return commands.Reply{Text: hintNotText, Outcome: commands.Rejected, Command: "non-text"}
	case tooLong:
		return commands.Reply{Text: hintTooLong, Outcome: commands.Rejected, Command: "too-long"}
	}
	ctx, cancel := context.WithTimeout(log.WithContext(context.Background()), h.cfg.CommandTimeout)
	defer cancel()
	return h.cfg.Commands.Handle(ctx, m.req)
}

func (h *Handler) send(log zerolog.Logger, to Destination, text string) {
	if text == "" {
		return
	}
	ctx, cancel := context.WithTimeout(log.WithContext(context.Background()), h.cfg.ReplyTimeout)
	defer cancel()
	if err := h.cfg.Replier.Reply(ctx, to, compose(to, text)); err != nil {
		log.Error().Err(err).Msg("reply failed")
	}
}
