package dingtalktest

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"time"
)

// Ack is an ack/response frame a stream client sent (§1.4).
type Ack struct {
	MessageID string
	Code      int
	Message   string
	Data      string
}

// routeLocked hands f to one random live, non-draining connection that
// subscribed to its topic, or queues it until one connects. Caller holds
// stream.mu.
func (s *Server) routeLocked(f *frame) {
	st := &s.stream
	if st.closing {
		return
	}
	n, pick := 0, (*wsConn)(nil)
	for _, c := range st.live {
		if !c.draining && c.wants(f) {
			n++
			if rand.IntN(n) == 0 { // reservoir sampling: uniform choice
				pick = c
			}
		}
	}
	if pick == nil {
		st.pending = append(st.pending, f)
		return
	}
	pick.enqueue(f)
}

// deliver routes a new CALLBACK frame.
func (s *Server) deliver(f *frame) {
	s.stream.mu.Lock()
	defer s.stream.mu.Unlock()
	s.routeLocked(f)
}

// sent arms the redelivery timer of a CALLBACK frame once it is written.
func (s *Server) sent(f *frame) {
	if !s.opts.Redeliver || f.typ != typeCallback {
		return
	}
	st := &s.stream
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, acked := st.ackIdx[f.messageID]; acked || st.closing {
		return
	}
	if t, ok := st.inflight[f.messageID]; ok {
		t.Stop()
	}
	st.inflight[f.messageID] = time.AfterFunc(s.opts.AckTimeout, func() { s.ackTimeout(f) })
}

// ackTimeout redelivers f (same messageId and data) unless it was acked or
// already redelivered maxRedeliveries times.
func (s *Server) ackTimeout(f *frame) {
	st := &s.stream
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.inflight, f.messageID)
	if _, acked := st.ackIdx[f.messageID]; acked || f.redeliveries >= maxRedeliveries {
		return
	}
	f.redeliveries++
	s.routeLocked(f)
}

type wireAck struct {
	Code    int               `json:"code"`
	Headers map[string]string `json:"headers"`
	Message string            `json:"message"`
	Data    string            `json:"data"`
}

// onAck records an upstream frame; it returns the acked messageId.
func (s *Server) onAck(raw []byte) (string, bool) {
	var w wireAck
	if json.Unmarshal(raw, &w) != nil || w.Headers["messageId"] == "" {
		return "", false
	}
	a := Ack{MessageID: w.Headers["messageId"], Code: w.Code, Message: w.Message, Data: w.Data}
	st := &s.stream
	st.mu.Lock()
	defer st.mu.Unlock()
	st.acks = append(st.acks, a)
	if _, seen := st.ackIdx[a.MessageID]; !seen {
		st.ackIdx[a.MessageID] = len(st.acks) - 1
	}
	if t, ok := st.inflight[a.MessageID]; ok {
		t.Stop()
		delete(st.inflight, a.MessageID)
	}
	st.changed.notify()
	return a.MessageID, true
}

// WaitAck waits for the first ack of a frame (by its messageId).
func (s *Server) WaitAck(ctx context.Context, frameMessageID string) (Ack, error) {
	var a Ack
	err := s.waitUntil(ctx, &s.stream.mu, &s.stream.changed, func() bool {
		i, ok := s.stream.ackIdx[frameMessageID]
		if ok {
			a = s.stream.acks[i]
		}
		return ok
	})
	return a, err
}

// WaitAcks waits until at least n acks (of any frame) arrived and returns
// them all.
func (s *Server) WaitAcks(ctx context.Context, n int) ([]Ack, error) {
	var out []Ack
	err := s.waitUntil(ctx, &s.stream.mu, &s.stream.changed, func() bool {
		if len(s.stream.acks) < n {
			return false
		}
		out = append([]Ack(nil), s.stream.acks...)
		return true
	})
	return out, err
}

// Acks returns every ack received, in arrival order (duplicates included).
func (s *Server) Acks() []Ack {
	s.stream.mu.Lock()
	defer s.stream.mu.Unlock()
	return append([]Ack(nil), s.stream.acks...)
}

// Connections counts open stream connections that take pushes (a connection
// told to Disconnect no longer counts).
func (s *Server) Connections() int {
	s.stream.mu.Lock()
	defer s.stream.mu.Unlock()
	return s.stream.activeLocked()
}

func (st *streamState) activeLocked() int {
	n := 0
	for _, c := range st.live {
		if !c.draining {
			n++
		}
	}
	return n
}

// WaitConnected waits until at least n connections count in Connections.
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	return s.waitUntil(ctx, &s.stream.mu, &s.stream.changed, func() bool {
		return s.stream.activeLocked() >= n
	})
}
