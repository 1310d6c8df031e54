package bot

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
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
	ChatQueue      int           // commands one chat may have waiting [200]
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
		queue: newSerialQueue(cfg.Workers, cfg.Queue, cfg.ChatQueue),
		busy:  newSerialQueue(4, 1024, 32), // a flooding chat cannot crowd out the busy replies of others
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
	if c.ChatQueue <= 0 {
		c.ChatQueue = 200
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
	j := job{run: func() { h.process(m) }, abandon: func(ctx context.Context) bool { return h.tellRestart(ctx, m) }}
	if !h.queue.SubmitJob(m.req.CorpID+"|"+m.req.ChatID, j) {
		h.refuseBusy(m)
	}
	return nil, nil
}

// QueueLen is the number of commands waiting or running.
func (h *Handler) QueueLen() int { return h.queue.Len() }

// ShutdownReport says what became of the commands still queued when the
// handler stopped.
type ShutdownReport struct {
	Told  int      // commands that never started, whose senders were asked to send them again
	Lost  int      // neither carried out nor told: still running at the end, or the reply failed
	Chats []string // conversations of the commands told or lost
}

// Shutdown stops taking messages and lets queued commands run until a
// third of the time ctx leaves (at least restartReserve) remains. The
// commands that have not started by then are taken out of the queue and
// their senders told, in their language, that the bot is restarting and to
// send them again; the report counts them, and those lost.
func (h *Handler) Shutdown(ctx context.Context) ShutdownReport {
	drain := ctx
	if deadline, ok := ctx.Deadline(); ok {
		reserve := max(time.Until(deadline)/3, restartReserve)
		var cancel context.CancelFunc
		drain, cancel = context.WithDeadline(ctx, deadline.Add(-reserve))
		defer cancel()
	}
	var rep ShutdownReport
	if h.queue.Close(drain) > 0 {
		jobs, keys := h.queue.Abandon()
		rep.Told = h.abandon(ctx, jobs)
		rep.Lost = len(jobs) - rep.Told
		for _, k := range keys {
			_, chat, _ := strings.Cut(k, "|")
			rep.Chats = append(rep.Chats, chat)
		}
		rep.Lost += h.queue.Close(ctx) // still running when time is up
	}
	h.busy.Close(ctx)
	return rep
}

// restartReserve is the least time Shutdown keeps for telling senders.
const restartReserve = time.Second

// abandonWorkers bounds the restart replies sent at once.
const abandonWorkers = 32

// abandon tells the senders of jobs that never started, at most
// abandonWorkers at a time, and reports how many were told.
func (h *Handler) abandon(ctx context.Context, jobs []job) int {
	var told atomic.Int64
	sem := make(chan struct{}, abandonWorkers)
	var wg sync.WaitGroup
	for _, j := range jobs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if ctx.Err() == nil && j.abandon(ctx) {
				told.Add(1)
			}
		})
	}
	wg.Wait()
	return int(told.Load())
}

// tellRestart replies to a message that will not be run because the bot is
// stopping: send it again in a moment.
func (h *Handler) tellRestart(ctx context.Context, m message) bool {
	return h.sendErr(ctx, h.messageLogger(m), m.dest, h.cfg.Commands.Restarting(m.req).Text) == nil
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

// process runs one message on a worker, through the pipeline.
func (h *Handler) process(m message) {
	log := h.messageLogger(m)
	busy := func() { h.send(log, m.dest, h.cfg.Commands.Busy(m.req).Text) }
	h.runUnit(unit{kind: "command", key: "msg:" + m.req.CorpID + ":" + m.req.MsgID, log: log, retry: busy,
		handle: func(ctx context.Context) commands.Reply { return h.run(ctx, m) },
		send:   func(rep commands.Reply) { h.reply(log, m.dest, rep) }})
}

// run is the reply to one message: a hint for what is no command, else
// the command's.
func (h *Handler) run(ctx context.Context, m message) commands.Reply {
	switch m.kind {
	case notText:
		return commands.Reply{Text: hintNotText, Outcome: commands.Rejected, Command: "non-text"}
	case tooLong:
		return commands.Reply{Text: hintTooLong, Outcome: commands.Rejected, Command: "too-long"}
	}
	return h.cfg.Commands.Handle(ctx, m.req)
}

// reply sends what a message's command answered: the text, then the chat's
// retired card, its card (or the text panel when it cannot be delivered)
// and the meeting's cards in other chats.
func (h *Handler) reply(log zerolog.Logger, to Destination, rep commands.Reply) {
	h.send(log, to, rep.Text)
	h.sendCard(log, to, rep.Replaced)
	if c := rep.Card; h.sendCardErr(context.Background(), log, to, c) != nil && c != nil && c.Deliver {
		h.send(log, to, c.Fallback) // the card could not be posted: its controls as text
	}
	for _, c := range rep.Others {
		h.sendCard(log, to, c)
	}
}

func (h *Handler) send(log zerolog.Logger, to Destination, text string) {
	_ = h.sendErr(context.Background(), log, to, text)
}

// sendErr sends text within ReplyTimeout (and ctx), logging a failure.
func (h *Handler) sendErr(ctx context.Context, log zerolog.Logger, to Destination, text string) error {
	if text == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(log.WithContext(ctx), h.cfg.ReplyTimeout)
	defer cancel()
	err := h.cfg.Replier.Reply(ctx, to, compose(to, text))
	if err != nil {
		log.Error().Err(err).Msg("reply failed")
	}
	return err
}
