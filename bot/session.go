package bot

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/handler"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
	"github.com/rs/zerolog"
)

// writeTimeout bounds one websocket write (an ack or a ping).
const writeTimeout = 5 * time.Second

// session is one stream connection. A single reader handles frames in
// arrival order and writes each ack itself, so acks are never written
// concurrently and a chat's messages reach the queue in the order DingTalk
// sent them. Pings are control frames, which gorilla/websocket allows
// concurrently with the reader's writes.
type session struct {
	ws        *websocket.Conn
	routes    map[string]handler.IFrameHandler
	log       zerolog.Logger
	keepAlive time.Duration
	draining  chan struct{} // closed when the gateway asked this connection to disconnect
	drainOnce sync.Once
}

func newSession(ws *websocket.Conn, routes map[string]handler.IFrameHandler, log zerolog.Logger, keepAlive time.Duration) *session {
	return &session{ws: ws, routes: routes, log: log, keepAlive: keepAlive, draining: make(chan struct{})}
}

// run reads frames until the connection fails or ctx is done, then closes
// it. The connection is presumed dead when nothing (frame or pong) arrived
// for two keep-alive periods.
func (s *session) run(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() { _ = s.ws.Close() })
	defer stop()
	defer s.ws.Close()
	alive := func() { _ = s.ws.SetReadDeadline(time.Now().Add(2 * s.keepAlive)) }
	alive()
	s.ws.SetPongHandler(func(string) error { alive(); return nil })
	done := make(chan struct{})
	defer close(done)
	go s.ping(done)
	var buf bytes.Buffer // reused: a frame is decoded (copied) before the next is read
	for {
		typ, raw, err := readFrame(s.ws, &buf)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("stream connection: %s", redactTicket(err.Error()))
		}
		alive()
		if typ == websocket.TextMessage {
			s.dispatch(ctx, raw)
		}
	}
}

// ping sends a websocket ping every keep-alive period until done.
// maxKeptBuffer is the largest read buffer kept for the next frame.
const maxKeptBuffer = 64 << 10

// readFrame reads the next message into buf, which it reuses, and returns
// its bytes: valid until the next call.
func readFrame(ws *websocket.Conn, buf *bytes.Buffer) (int, []byte, error) {
	typ, r, err := ws.NextReader()
	if err != nil {
		return 0, nil, err
	}
	if buf.Cap() > maxKeptBuffer {
		*buf = bytes.Buffer{}
	}
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		return 0, nil, err
	}
	return typ, buf.Bytes(), nil
}

func (s *session) ping(done <-chan struct{}) {
	t := time.NewTicker(s.keepAlive)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			if err := s.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeTimeout)); err != nil {
				_ = s.ws.Close()
				return
			}
		}
	}
}

// drainAfter closes the connection after d unless it closed before; the
// gateway closes a connection it told to disconnect by itself, and frames
// it wrote before that are still read and carried out meanwhile.
func (s *session) drainAfter(d time.Duration) {
	time.AfterFunc(d, func() { _ = s.ws.Close() })
}

// dispatch handles one frame and writes its ack (§1.4).
func (s *session) dispatch(ctx context.Context, raw []byte) {
	df, err := decodeFrame(raw)
	if err != nil || df == nil || df.Headers == nil {
		s.log.Warn().Int("bytes", len(raw)).Msg("undecodable stream frame dropped")
		return
	}
	var ack *payload.DataFrameResponse
	switch {
	case df.Type == frameSystem && df.GetTopic() == "ping":
		ack = payload.NewDataFrameAckPong(df.GetMessageId())
		ack.Data = df.Data
	case df.Type == frameSystem && df.GetTopic() == "disconnect":
		ack = payload.NewSuccessDataFrameResponse()
		s.drainOnce.Do(func() { close(s.draining) })
		s.log.Info().Str("reason", df.Data).Msg("stream gateway asked to reconnect")
	default:
		ack = s.handle(ctx, df)
	}
	if ack.Headers == nil {
		ack.Headers = payload.DataFrameHeader{}
	}
	ack.SetHeader(payload.DataFrameHeaderKMessageId, df.GetMessageId())
	ack.SetHeader(payload.DataFrameHeaderKContentType, payload.DataFrameContentTypeKJson)
	if err := s.write(ack); err != nil {
		s.log.Warn().Err(err).Str("frame_id", df.GetMessageId()).Msg("stream ack not sent")
	}
}

// handle runs a CALLBACK frame's handler; a missing handler answers 404
// and a failing or panicking one 500, as the SDK does.
func (s *session) handle(ctx context.Context, df *payload.DataFrame) (ack *payload.DataFrameResponse) {
	h, ok := s.routes[routeKey(df)] // CALLBACK by topic; any EVENT frame to the event handler
	if !ok {
		return payload.NewDataFrameResponse(payload.DataFrameResponseStatusCodeKHandlerNotFound)
	}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error().Str("panic", fmt.Sprint(p)).Str("topic", df.GetTopic()).Msg("stream frame handler panicked")
			ack = payload.NewDataFrameResponse(payload.DataFrameResponseStatusCodeKInternalError)
		}
	}()
	ack, err := h(ctx, df)
	if err != nil && ack == nil {
		s.log.Warn().Err(err).Str("topic", df.GetTopic()).Msg("stream frame handler failed")
		ack = payload.NewDataFrameResponse(payload.DataFrameResponseStatusCodeKInternalError)
	}
	if ack == nil {
		ack = payload.NewSuccessDataFrameResponse()
	}
	return ack
}

// write sends one ack; only the reader calls it.
func (s *session) write(ack *payload.DataFrameResponse) error {
	if err := s.ws.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil {
		return err
	}
	return s.ws.WriteJSON(ack)
}

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
