package dingtalktest

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Stream topics and frame types (docs/wire-contract.md §1.5).
const (
	TopicBotMessage   = "/v1.0/im/bot/messages/get"
	TopicCardCallback = "/v1.0/card/instances/callback"

	typeSystem   = "SYSTEM"
	typeCallback = "CALLBACK"

	ticketLifetime  = 90 * time.Second
	disconnectAfter = 10 * time.Second
	writeTimeout    = 5 * time.Second
	maxRedeliveries = 3
)

type ticket struct {
	subs    map[string]bool // "TYPE topic"
	expires time.Time
}

// streamState is the gateway: tickets, live connections, frames waiting for
// a connection, frames waiting for an ack, and the acks received.
type streamState struct {
	mu       sync.Mutex
	closing  bool
	tickets  map[string]ticket
	live     []*wsConn
	pending  []*frame
	inflight map[string]*time.Timer // messageId → redelivery timer
	acks     []Ack
	ackIdx   map[string]int // messageId → index of its first ack
	connSeq  int
	changed  broadcast
}

func (st *streamState) init() {
	st.tickets = make(map[string]ticket)
	st.inflight = make(map[string]*time.Timer)
	st.ackIdx = make(map[string]int)
}

type subscription struct {
	Type  string `json:"type"`
	Topic string `json:"topic"`
}

type openRequest struct {
	ClientID      string            `json:"clientId"`
	ClientSecret  string            `json:"clientSecret"`
	Subscriptions []subscription    `json:"subscriptions"`
	UA            string            `json:"ua"`
	LocalIP       string            `json:"localIp"`
	Extras        map[string]string `json:"extras"`
}

type openResponse struct {
	Endpoint string `json:"endpoint"`
	Ticket   string `json:"ticket"`
}

// handleGatewayOpen serves POST /v1.0/gateway/connections/open (§1.1): a
// one-use ticket valid 90 s, bound to the subscriptions asked for.
func (s *Server) handleGatewayOpen(x *exchange) {
	var req openRequest
	if !x.decode(&req) {
		return
	}
	if req.ClientID != s.opts.ClientID || req.ClientSecret != s.opts.ClientSecret {
		x.v1Error(http.StatusBadRequest, "invalidClientIdOrSecret", "无效的clientId或者clientSecret")
		return
	}
	t := ticket{subs: make(map[string]bool), expires: time.Now().Add(ticketLifetime)}
	for _, sub := range req.Subscriptions {
		t.subs[sub.Type+" "+sub.Topic] = true
	}
	id := secret()
	s.stream.mu.Lock()
	s.stream.purgeTickets()
	s.stream.tickets[id] = t
	s.stream.mu.Unlock()
	x.ok(openResponse{Endpoint: "ws://" + strings.TrimPrefix(s.url, "http://") + "/connect", Ticket: id})
}

// purgeTickets drops expired tickets once the map grows. Caller holds mu.
func (st *streamState) purgeTickets() {
	if len(st.tickets) < 256 {
		return
	}
	now := time.Now()
	for id, t := range st.tickets {
		if now.After(t.expires) {
			delete(st.tickets, id)
		}
	}
}

// takeTicket consumes a ticket; ok is false for unknown, used or expired ones.
func (st *streamState) takeTicket(id string) (ticket, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	t, ok := st.tickets[id]
	delete(st.tickets, id)
	return t, ok && time.Now().Before(t.expires)
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// handleConnect upgrades GET /connect?ticket= to the stream websocket.
func (s *Server) handleConnect(w http.ResponseWriter, r *http.Request) {
	t, ok := s.stream.takeTicket(r.URL.Query().Get("ticket"))
	if !ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"code":"InvalidTicket","message":"ticket is invalid, used or expired"}`))
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(maxBody)
	c := &wsConn{s: s, ws: ws, subs: t.subs, wake: make(chan struct{}, 1), closed: make(chan struct{}), dropLeft: -1}
	if !s.register(c) {
		_ = ws.Close()
	}
}

// register makes c live and hands it the queued frames it subscribed to.
func (s *Server) register(c *wsConn) bool {
	st := &s.stream
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closing {
		return false
	}
	st.connSeq++
	c.id = "conn-" + strconv.Itoa(st.connSeq) + "-" + secret()[:8]
	st.live = append(st.live, c)
	s.wg.Add(2)
	go c.readLoop()
	go c.writeLoop()
	kept := st.pending[:0]
	for _, f := range st.pending {
		if c.wants(f) {
			c.enqueue(f)
		} else {
			kept = append(kept, f)
		}
	}
	clear(st.pending[len(kept):])
	st.pending = kept
	st.changed.notify()
	return true
}

// unregister removes c and routes the frames it never wrote elsewhere.
func (s *Server) unregister(c *wsConn) {
	st := &s.stream
	st.mu.Lock()
	defer st.mu.Unlock()
	for i, lc := range st.live {
		if lc == c {
			st.live = append(st.live[:i], st.live[i+1:]...)
			break
		}
	}
	c.mu.Lock()
	unsent := c.queue
	c.queue = nil
	c.mu.Unlock()
	for _, f := range unsent {
		if f.typ != typeSystem {
			s.routeLocked(f)
		}
	}
	st.changed.notify()
}

// closeStream shuts every connection and timer down for Close.
func (s *Server) closeStream() {
	st := &s.stream
	st.mu.Lock()
	st.closing = true
	conns := append([]*wsConn(nil), st.live...)
	for id, t := range st.inflight {
		t.Stop()
		delete(st.inflight, id)
	}
	st.changed.notify()
	st.mu.Unlock()
	for _, c := range conns {
		c.shutdown()
	}
}
