package dingtalktest

import (
	"net/url"
	"strings"
)

// WebhookMsgID reports which pushed message a recorded call replied to:
// for a successful POST /robot/sendBySession it returns the msgId whose
// sessionWebhook was used. Any other call, a failed one, or an unknown
// session gives ok false.
//
// Together with Options.OnCall it timestamps replies as they arrive, which
// is what a load generator needs to measure push-to-reply latency without
// scanning Replies.
func (s *Server) WebhookMsgID(c Call) (msgID string, ok bool) {
	if c.Path != "/robot/sendBySession" || c.Status != 200 || c.Code != "" {
		return "", false
	}
	id := sessionParam(c.Query)
	if id == "" {
		return "", false
	}
	s.msgs.mu.Lock()
	defer s.msgs.mu.Unlock()
	sess, found := s.msgs.sessions[id]
	return sess.msgID, found
}

// sessionParam extracts the session query parameter cheaply: the emulator
// issues URL-safe session ids, so the common case needs no full parse.
func sessionParam(query string) string {
	for _, kv := range strings.Split(query, "&") {
		if v, ok := strings.CutPrefix(kv, "session="); ok {
			if u, err := url.QueryUnescape(v); err == nil {
				return u
			}
			return ""
		}
	}
	return ""
}
