package dingtalktest

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Reply is a message the bot sent.
type Reply struct {
	MsgID     string   // the chat message whose sessionWebhook was used ("" for robot API sends)
	ChatID    string   // conversationId (webhook, group); "" for oto
	Via       string   // "webhook", "group" (groupMessages/send), "oto" (oToMessages/batchSend)
	MsgType   string   // text | markdown | actionCard | link …; robot sends map msgKey (sampleText → text …)
	Title     string   // markdown/actionCard title
	Text      string   // text.content, markdown.text or actionCard.text
	AtUserIDs []string // at.atUserIds (webhook only)
	UserIDs   []string // oto recipients
	MsgKey    string   // robot sends: the msgKey as sent
	Raw       []byte   // the request body as sent
}

type session struct {
	msgID, chatID string
	expires       time.Time
	epoch         int
}

type pushed struct {
	chatID, from string
	group        bool
	seq          int // len(replies) when pushed
}

// messageState holds session webhooks and every reply, indexed so that
// WaitReply is O(log n) rather than a scan.
type messageState struct {
	mu       sync.Mutex
	sessions map[string]session
	epoch    int // sessions with an older epoch are expired
	pushes   map[string]pushed
	replies  []Reply
	byMsg    map[string]int   // msgId → first webhook reply
	byChat   map[string][]int // chatId → group sends, ascending
	byUser   map[string][]int // userId → oto sends, ascending
	changed  broadcast
}

func (ms *messageState) init() {
	ms.sessions = make(map[string]session)
	ms.pushes = make(map[string]pushed)
	ms.byMsg = make(map[string]int)
	ms.byChat = make(map[string][]int)
	ms.byUser = make(map[string][]int)
}

func (ms *messageState) newSession(msgID, chatID string, expires time.Time) string {
	id := secret()
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.sessions[id] = session{msgID: msgID, chatID: chatID, expires: expires, epoch: ms.epoch}
	return id
}

// trackPush remembers a pushed message (the first push of a msgId wins).
func (ms *messageState) trackPush(m ChatMessage, msgID, chatID string) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if _, dup := ms.pushes[msgID]; !dup {
		ms.pushes[msgID] = pushed{chatID: chatID, from: m.From, group: m.Chat.Group, seq: len(ms.replies)}
	}
}

// add records a reply and indexes it.
func (ms *messageState) add(r Reply) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	i := len(ms.replies)
	ms.replies = append(ms.replies, r)
	switch r.Via {
	case "webhook":
		if _, ok := ms.byMsg[r.MsgID]; !ok {
			ms.byMsg[r.MsgID] = i
		}
	case "group":
		ms.byChat[r.ChatID] = append(ms.byChat[r.ChatID], i)
	case "oto":
		for _, u := range r.UserIDs {
			ms.byUser[u] = append(ms.byUser[u], i)
		}
	}
	ms.changed.notify()
}

// firstAfter returns the first index in ascending idx that is >= from.
func firstAfter(idx []int, from int) (int, bool) {
	i, _ := slices.BinarySearch(idx, from)
	if i == len(idx) {
		return 0, false
	}
	return idx[i], true
}

// replyFor finds the first reply to a pushed message. Caller holds mu.
func (ms *messageState) replyFor(msgID string) (Reply, bool) {
	p, ok := ms.pushes[msgID]
	if !ok {
		return Reply{}, false
	}
	best := -1
	consider := func(i int, ok bool) {
		if ok && (best < 0 || i < best) {
			best = i
		}
	}
	i, ok := ms.byMsg[msgID]
	consider(i, ok)
	if p.group {
		consider(firstAfter(ms.byChat[p.chatID], p.seq))
	} else {
		consider(firstAfter(ms.byUser[p.from], p.seq))
	}
	if best < 0 {
		return Reply{}, false
	}
	return ms.replies[best], true
}

// WaitReply waits for the first reply to a pushed message: one through its
// sessionWebhook, or a robot send to its chat (groupMessages/send to the
// group, oToMessages/batchSend to the sender of a 1:1 message) made after
// it was pushed.
func (s *Server) WaitReply(ctx context.Context, msgID string) (Reply, error) {
	var r Reply
	err := s.waitUntil(ctx, &s.msgs.mu, &s.msgs.changed, func() bool {
		var ok bool
		r, ok = s.msgs.replyFor(msgID)
		return ok
	})
	return r, err
}

// WaitReplies waits until at least n replies were sent in total and returns
// them all.
func (s *Server) WaitReplies(ctx context.Context, n int) ([]Reply, error) {
	var out []Reply
	err := s.waitUntil(ctx, &s.msgs.mu, &s.msgs.changed, func() bool {
		if len(s.msgs.replies) < n {
			return false
		}
		out = append([]Reply(nil), s.msgs.replies...)
		return true
	})
	return out, err
}

// Replies returns every reply, in the order received.
func (s *Server) Replies() []Reply {
	s.msgs.mu.Lock()
	defer s.msgs.mu.Unlock()
	return append([]Reply(nil), s.msgs.replies...)
}

// ExpireWebhooks makes every sessionWebhook issued so far answer errcode
// 300001 (HTTP 200). The real code for an expired session is UNCONFIRMED.
func (s *Server) ExpireWebhooks() {
	s.msgs.mu.Lock()
	defer s.msgs.mu.Unlock()
	s.msgs.epoch++
}
