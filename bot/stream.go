package bot

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
	"github.com/rs/zerolog"
)

// StreamConfig says how to reach DingTalk's stream gateway.
type StreamConfig struct {
	ClientID, ClientSecret string
	APIURL                 string // the gateway's host: DINGTALK_API_URL
	Logger                 zerolog.Logger
	OnState                func(connected bool) // optional; called on every connect and disconnect
	MaxBackoff             time.Duration        // cap between connection attempts [30s]
	KeepAlive              time.Duration        // websocket ping period; silence for twice this drops the connection [30s]
	Observer               Observer             // connects, disconnects, reconnect attempts [NopObserver]
}

// Timings of reconnection.
const (
	firstBackoff = 500 * time.Millisecond
	stableAfter  = 30 * time.Second // a connection that lived this long resets the backoff
	drainGrace   = 15 * time.Second // a connection told to disconnect is closed this long after, at the latest
)

// Stream is a connection to the stream gateway that feeds a Handler. It
// reads each connection on a single goroutine (see session), reconnects
// with capped, jittered exponential backoff after any failure, and on a
// SYSTEM disconnect opens the next connection at once while the old one
// drains.
type Stream struct {
	cli       *gateway
	cfg       StreamConfig
	connected atomic.Bool
	sessions  sync.WaitGroup
}

// NewStream registers h for chatbot messages. It does no I/O.
func NewStream(cfg StreamConfig, h *Handler) *Stream {
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	if cfg.KeepAlive <= 0 {
		cfg.KeepAlive = 30 * time.Second
	}
	cli := newGateway(cfg.ClientID, cfg.ClientSecret, cfg.APIURL)
	cli.RegisterCallbackRouter(payload.BotMessageCallbackTopic, h.OnChatFrame)
	cli.RegisterCallbackRouter(payload.CardInstanceCallbackTopic, h.OnCardFrame)
	cfg.Observer = observer(cfg.Observer)
	return &Stream{cli: cli, cfg: cfg}
}

// Connected reports whether a stream connection is up and taking pushes.
func (s *Stream) Connected() bool { return s.connected.Load() }

// Run keeps a connection to the gateway until ctx is done: it connects,
// retrying with backoff while DingTalk is unreachable, and reconnects
// whenever the connection is lost. Every frame read is handled before Run
// returns; Run returns nil once ctx is done and every connection closed.
func (s *Stream) Run(ctx context.Context) error {
	defer s.sessions.Wait()
	b := backoff{max: s.cfg.MaxBackoff}
	for {
		ws, ok := s.connect(ctx, &b)
		if !ok {
			return nil
		}
		began := time.Now()
		sess := newSession(ws, s.cli.routes, s.cfg.Logger, s.cfg.KeepAlive)
		ended := make(chan error, 1)
		s.sessions.Go(func() { ended <- sess.run(ctx) })
		select {
		case err := <-ended:
			s.set(false)
			if ctx.Err() != nil {
				return nil
			}
			if time.Since(began) > stableAfter {
				b.reset()
			}
			wait := b.next()
			s.cfg.Logger.Warn().Err(err).Dur("retry_in", wait).Msg("stream connection lost; reconnecting")
			if !sleepCtx(ctx, wait) {
				return nil
			}
			s.cfg.Observer.ReconnectAttempt()
		case <-sess.draining:
			s.set(false)
			sess.drainAfter(drainGrace)
			b.reset()
		}
	}
}

// connect opens a connection, retrying with backoff (one log line per
// failed attempt) until it succeeds or ctx is done.
func (s *Stream) connect(ctx context.Context, b *backoff) (*websocket.Conn, bool) {
	for attempt := 1; ; attempt++ {
		ws, err := s.cli.connect(ctx)
		if err == nil {
			s.cfg.Logger.Info().Int("attempt", attempt).Msg("stream connected")
			s.cfg.Observer.StreamConnected()
			s.set(true)
			return ws, true
		}
		if ctx.Err() != nil {
			return nil, false
		}
		wait := b.next()
		s.cfg.Logger.Warn().Err(err).Int("attempt", attempt).Dur("retry_in", wait).
			Msg("cannot reach the DingTalk stream gateway")
		if !sleepCtx(ctx, wait) {
			return nil, false
		}
		s.cfg.Observer.ReconnectAttempt()
	}
}

func (s *Stream) set(connected bool) {
	if s.connected.Swap(connected) == connected {
		return
	}
	if !connected {
		s.cfg.Observer.StreamDisconnected()
	}
	if s.cfg.OnState != nil {
		s.cfg.OnState(connected)
	}
}

// backoff is capped exponential backoff with jitter: each wait is drawn
// from [d/2, d], and d doubles up to max.
type backoff struct {
	max time.Duration
	cur time.Duration
}

// next returns the wait before the next attempt.
func (b *backoff) next() time.Duration {
	if b.cur < firstBackoff {
		b.cur = firstBackoff
	}
	d := b.cur
	b.cur = min(b.cur*2, b.max)
	return d/2 + rand.N(d/2+1)
}

// reset starts the backoff over.
func (b *backoff) reset() { b.cur = 0 }

// sleepCtx waits d and reports true, or reports false once ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
