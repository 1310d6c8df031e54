package bot

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-dingtalk/dingtalk-stream-sdk-go/client"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/logger"
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
}

// Stream is a connection to the stream gateway that feeds a Handler.
type Stream struct {
	cli *client.StreamClient
	log *sdkLogger
	cfg StreamConfig
}

// NewStream registers h for chatbot messages. It does no I/O.
func NewStream(cfg StreamConfig, h *Handler) *Stream {
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	cli := client.NewStreamClient(
		client.WithAppCredential(client.NewAppCredentialConfig(cfg.ClientID, cfg.ClientSecret)),
		client.WithOpenApiHost(cfg.APIURL),
		client.WithMaxPendingHandlers(1000),
	)
	cli.RegisterCallbackRouter(payload.BotMessageCallbackTopic, h.OnChatFrame)
	s := &Stream{cli: cli, cfg: cfg, log: &sdkLogger{log: cfg.Logger, onChange: cfg.OnState}}
	installSDKLogger(s.log)
	return s
}

// Connected reports whether the stream connection is up.
func (s *Stream) Connected() bool { return s.log.connected.Load() }

// Run connects, retrying with capped exponential backoff and jitter until
// it succeeds or ctx is done; afterwards the SDK reconnects by itself. Run
// blocks until ctx is done, then closes the connection.
func (s *Stream) Run(ctx context.Context) error {
	backoff := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := s.cli.Start(ctx)
		if err == nil {
			break
		}
		wait := backoff/2 + rand.N(backoff/2+1)
		s.cfg.Logger.Warn().Err(err).Int("attempt", attempt).Dur("retry_in", wait).
			Msg("cannot reach the DingTalk stream gateway")
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		backoff = min(backoff*2, s.cfg.MaxBackoff)
	}
	<-ctx.Done()
	s.cli.AutoReconnect = false
	s.cli.Close()
	s.log.set(false)
	return nil
}

// installSDKLogger makes l receive the SDK's log lines. The SDK has one
// unguarded logger variable per process, so it is set once, to a proxy;
// with several Streams in one process (only in tests) the newest one
// receives the lines and sees connection state. A production process has
// exactly one.
func installSDKLogger(l *sdkLogger) {
	sdkProxy.once.Do(func() { logger.SetLogger(sdkProxy) })
	sdkProxy.target.Store(l)
}

var sdkProxy = &proxyLogger{}

type proxyLogger struct {
	once   sync.Once
	target atomic.Pointer[sdkLogger]
}

func (p *proxyLogger) Debugf(f string, a ...any)   { p.target.Load().Debugf(f, a...) }
func (p *proxyLogger) Infof(f string, a ...any)    { p.target.Load().Infof(f, a...) }
func (p *proxyLogger) Warningf(f string, a ...any) { p.target.Load().Warningf(f, a...) }
func (p *proxyLogger) Errorf(f string, a ...any)   { p.target.Load().Errorf(f, a...) }
func (p *proxyLogger) Fatalf(f string, a ...any)   { p.target.Load().Fatalf(f, a...) }
