package dingtalktest

import (
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// frame is one downstream data frame; redeliveries resend the same value.
type frame struct {
	typ, topic, messageID, data string
	headers                     map[string]string // extra headers (EVENT frames); a "" value removes the header
	redeliveries                int               // guarded by stream.mu
}

// subscription is the "TYPE topic" a connection must have subscribed to
// receive f. EVENT frames go to the "*" subscribers whatever topic their
// header shows: "*" is the only event subscription DingTalk supports
// (docs/wire-contract.md §1.5), and which topic it writes is UNCONFIRMED.
func (f *frame) subscription() string {
	if f.typ == typeEvent {
		return typeEvent + " " + TopicEvent
	}
	return f.typ + " " + f.topic
}

// wireFrame is the JSON of a downstream frame (§1.3); data is a JSON string.
type wireFrame struct {
	SpecVersion string            `json:"specVersion"`
	Type        string            `json:"type"`
	Time        int64             `json:"time"`
	Headers     map[string]string `json:"headers"`
	Data        string            `json:"data"`
}

// wsConn is one stream connection. Only writeLoop writes data frames to ws;
// others hand it frames through queue, so nobody writes concurrently and no
// lock is held during a network write.
type wsConn struct {
	s    *Server
	id   string
	ws   *websocket.Conn
	subs map[string]bool

	mu           sync.Mutex
	queue        []*frame
	dropLeft     int // frames to send before an abrupt drop; -1 = off
	disconnectID string
	killTimer    *time.Timer

	draining bool // guarded by stream.mu: takes no new pushes

	wake   chan struct{} // capacity 1
	closed chan struct{}
	once   sync.Once
}

// wants reports whether c subscribed to f's topic; SYSTEM frames are
// addressed to a connection explicitly.
func (c *wsConn) wants(f *frame) bool {
	return f.typ == typeSystem || c.subs[f.subscription()]
}

func (c *wsConn) enqueue(f *frame) {
	c.mu.Lock()
	c.queue = append(c.queue, f)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// next pops the next frame, blocking until one arrives or c closes.
func (c *wsConn) next() (*frame, bool) {
	for {
		select {
		case <-c.closed:
			return nil, false
		default:
		}
		c.mu.Lock()
		if len(c.queue) > 0 {
			f := c.queue[0]
			c.queue[0] = nil
			c.queue = c.queue[1:]
			c.mu.Unlock()
			return f, true
		}
		c.mu.Unlock()
		select {
		case <-c.wake:
		case <-c.closed:
			return nil, false
		}
	}
}

func (c *wsConn) writeLoop() {
	defer c.s.wg.Done()
	for {
		f, ok := c.next()
		if !ok {
			return
		}
		_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
		if err := c.ws.WriteMessage(websocket.TextMessage, c.encode(f)); err != nil {
			c.shutdown()
			return
		}
		c.s.sent(f)
		if c.countDown() {
			c.shutdown()
			return
		}
	}
}

// countDown applies DropAfter; true means drop the connection now.
func (c *wsConn) countDown() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropLeft > 0 {
		c.dropLeft--
		return c.dropLeft == 0
	}
	return false
}

func (c *wsConn) encode(f *frame) []byte {
	now := time.Now().UnixMilli()
	h := map[string]string{
		"contentType": "application/json",
		"messageId":   f.messageID,
		"time":        strconv.FormatInt(now, 10),
		"topic":       f.topic,
	}
	if f.typ != typeSystem {
		h["appId"] = c.s.appID()
		h["connectionId"] = c.id
	}
	for k, v := range f.headers {
		if v == "" {
			delete(h, k)
		} else {
			h[k] = v
		}
	}
	b, _ := json.Marshal(wireFrame{SpecVersion: "1.0", Type: f.typ, Time: now, Headers: h, Data: f.data})
	return b
}

func (c *wsConn) readLoop() {
	defer c.s.wg.Done()
	defer c.shutdown()
	for {
		_, msg, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		if id, ok := c.s.onAck(msg); ok && c.isDisconnectAck(id) {
			c.closeAfter(c.s.opts.DisconnectGrace)
		}
	}
}

func (c *wsConn) isDisconnectAck(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return id != "" && id == c.disconnectID
}

// closeAfter closes c after d (at once when d is 0), replacing any earlier
// scheduled close.
func (c *wsConn) closeAfter(d time.Duration) {
	if d <= 0 {
		c.shutdown()
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.killTimer != nil {
		c.killTimer.Stop()
	}
	c.killTimer = time.AfterFunc(d, c.shutdown)
}

// shutdown closes the TCP connection abruptly (no close frame) and
// unregisters c. Safe to call many times, from any goroutine.
func (c *wsConn) shutdown() {
	c.once.Do(func() {
		close(c.closed)
		_ = c.ws.Close()
		c.mu.Lock()
		if c.killTimer != nil {
			c.killTimer.Stop()
		}
		c.mu.Unlock()
		c.s.unregister(c)
	})
}
