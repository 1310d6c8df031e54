package dingtalktest

import "encoding/json"

// snapshotLive returns the live connections.
func (s *Server) snapshotLive() []*wsConn {
	s.stream.mu.Lock()
	defer s.stream.mu.Unlock()
	return append([]*wsConn(nil), s.stream.live...)
}

// systemFrame builds a SYSTEM frame with a JSON data document.
func systemFrame(topic string, data any) *frame {
	b, _ := json.Marshal(data)
	return &frame{typ: typeSystem, topic: topic, messageID: frameMessageID(), data: string(b)}
}

// Disconnect sends a SYSTEM "disconnect" frame ({"reason":…}) to every
// connection. Those connections take no new pushes; each is closed once it
// acks the frame (after Options.DisconnectGrace), or after 10 s regardless.
// It returns the disconnect frames' messageIds.
func (s *Server) Disconnect(reason string) []string {
	s.stream.mu.Lock()
	var conns []*wsConn
	for _, c := range s.stream.live {
		if !c.draining {
			c.draining = true
			conns = append(conns, c)
		}
	}
	s.stream.changed.notify()
	s.stream.mu.Unlock()
	ids := make([]string, 0, len(conns))
	for _, c := range conns {
		f := systemFrame("disconnect", map[string]string{"reason": reason})
		c.mu.Lock()
		c.disconnectID = f.messageID
		c.mu.Unlock()
		c.closeAfter(disconnectAfter)
		c.enqueue(f)
		ids = append(ids, f.messageID)
	}
	return ids
}

// DropConnections closes every websocket's TCP connection abruptly, without
// a close frame. Frames written but not acked are lost unless
// Options.Redeliver is set; frames not yet written are routed elsewhere or
// queued for the next connection.
func (s *Server) DropConnections() {
	for _, c := range s.snapshotLive() {
		c.shutdown()
	}
}

// DropAfter drops each currently open connection abruptly after it has been
// sent n more frames (n <= 0: now). Later connections are not affected.
func (s *Server) DropAfter(n int) {
	for _, c := range s.snapshotLive() {
		if n <= 0 {
			c.shutdown()
			continue
		}
		c.mu.Lock()
		c.dropLeft = n
		c.mu.Unlock()
	}
}

// Ping sends a SYSTEM "ping" frame ({"opaque":…}) to every connection and
// returns their messageIds; the SDK answers with an ack echoing the data.
func (s *Server) Ping() []string {
	conns := s.snapshotLive()
	ids := make([]string, 0, len(conns))
	for _, c := range conns {
		f := systemFrame("ping", map[string]string{"opaque": requestID()})
		c.enqueue(f)
		ids = append(ids, f.messageID)
	}
	return ids
}
