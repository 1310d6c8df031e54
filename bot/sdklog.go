package bot

import (
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/rs/zerolog"
)

// sdkLogger routes the stream SDK's log lines into zerolog and watches them
// for connection state, which the SDK exposes nowhere else.
//
// The SDK logs whole HTTP bodies at debug level ("[wire]" lines), and the
// connection request body carries the client secret, and its "connect
// success" line carries the one-time ticket: both are dropped or rewritten
// here so that no credential ever reaches our logs.
type sdkLogger struct {
	log       zerolog.Logger
	connected atomic.Bool
	onChange  func(connected bool)
	obs       Observer // may be nil
}

func (l *sdkLogger) Debugf(format string, args ...any) {
	if strings.HasPrefix(format, "[wire]") {
		return
	}
	l.log.Debug().Msg(l.line(format, args))
}

func (l *sdkLogger) Infof(format string, args ...any) {
	switch {
	case strings.HasPrefix(format, "connect success"):
		l.set(true)
		l.observer().StreamConnected()
		l.log.Info().Msg("stream connected")
	case strings.Contains(format, "reconnect success"):
		l.set(true)
		l.observer().ReconnectAttempt()
		l.log.Info().Msg("stream reconnected")
	default:
		l.log.Info().Msg(l.line(format, args))
	}
}

func (l *sdkLogger) Warningf(format string, args ...any) { l.log.Warn().Msg(l.line(format, args)) }

func (l *sdkLogger) Errorf(format string, args ...any) {
	if strings.Contains(format, "connection process is closed") ||
		strings.Contains(format, "ping time out") ||
		strings.Contains(format, "read message error") {
		l.set(false)
	}
	if strings.Contains(format, "reconnect error") {
		l.observer().ReconnectAttempt()
	}
	l.log.Warn().Msg(l.line(format, args))
}

func (l *sdkLogger) Fatalf(format string, args ...any) { l.log.Error().Msg(l.line(format, args)) }

func (l *sdkLogger) line(format string, args []any) string {
	return "stream sdk: " + redactTicket(fmt.Sprintf(format, args...))
}

func (l *sdkLogger) set(connected bool) {
	if l.connected.Swap(connected) == connected {
		return
	}
	if !connected {
		l.observer().StreamDisconnected()
	}
	if l.onChange != nil {
		l.onChange(connected)
	}
}

func (l *sdkLogger) observer() Observer { return observer(l.obs) }

// redactTicket hides a "ticket=…" query value, in case an error echoes the
// websocket URL.
func redactTicket(s string) string {
	i := strings.Index(s, "ticket=")
	if i < 0 {
		return s
	}
	j := i + len("ticket=")
	k := j
	for k < len(s) && !strings.ContainsRune(" &\"']", rune(s[k])) {
		k++
	}
	return s[:j] + "REDACTED" + redactTicket(s[k:])
}
