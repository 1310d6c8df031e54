package sandbox

import (
	"context"
	"net/http"
	"sync"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// callLog collects the DingTalk API calls the emulator answers (through
// dingtalktest.Options.OnCall), so that the sandbox can show, under each
// reply, the calls the bot made between the message and its reply.
type callLog struct {
	mu      sync.Mutex
	calls   []dingtalktest.Call
	changed chan struct{} // closed and replaced on every add
}

func newCallLog() *callLog { return &callLog{changed: make(chan struct{})} }

// add records c; it is the emulator's OnCall hook.
func (l *callLog) add(c dingtalktest.Call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, c)
	close(l.changed)
	l.changed = make(chan struct{})
}

// mark is the position the next call will take.
func (l *callLog) mark() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.calls)
}

// since returns the calls recorded from position i on.
func (l *callLog) since(i int) []dingtalktest.Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]dingtalktest.Call(nil), l.calls[min(i, len(l.calls)):]...)
}

// cardChanged reports whether a card was delivered or updated (a card
// API call that succeeded) at position from or later.
func (l *callLog) cardChanged(from int) bool {
	for _, c := range l.since(from) {
		if isCardCall(c) && c.Status == http.StatusOK {
			return true
		}
	}
	return false
}

// The card API calls that change what a chat's card shows.
const (
	cardDeliverPath = "/v1.0/card/instances/createAndDeliver"
	cardUpdatePath  = "/v1.0/card/instances"
)

func isCardCall(c dingtalktest.Call) bool {
	return (c.Method == http.MethodPost && c.Path == cardDeliverPath) ||
		(c.Method == http.MethodPut && c.Path == cardUpdatePath)
}

// waitPath waits until a call to path is recorded at position from or
// later. The emulator reports a reply to WaitReply before it records the
// reply's own call, so this keeps that call in the right message's list.
func (l *callLog) waitPath(ctx context.Context, from int, path string) bool {
	for {
		l.mu.Lock()
		for _, c := range l.calls[min(from, len(l.calls)):] {
			if c.Path == path {
				l.mu.Unlock()
				return true
			}
		}
		changed := l.changed
		l.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return false
		}
	}
}

// replyPath is the API path a reply sent through via takes.
func replyPath(via string) string {
	switch via {
	case "group":
		return "/v1.0/robot/groupMessages/send"
	case "oto":
		return "/v1.0/robot/oToMessages/batchSend"
	}
	return "/robot/sendBySession"
}
