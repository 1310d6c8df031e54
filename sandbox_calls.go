package main

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// callLog collects the DingTalk API calls the emulator answers (through
// dingtalktest.Options.OnCall), so that the sandbox can show, under each
// reply, the calls the bot made between the message and its reply. It also
// remembers every conferenceId the bot touched, for :meeting.
type callLog struct {
	mu       sync.Mutex
	calls    []dingtalktest.Call
	changed  chan struct{} // closed and replaced on every add
	meetings []string      // conferenceIds seen in call paths, first seen first
}

func newCallLog() *callLog { return &callLog{changed: make(chan struct{})} }

// add records c; it is the emulator's OnCall hook.
func (l *callLog) add(c dingtalktest.Call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, c)
	if id := conferenceID(c.Path); id != "" && !slices.Contains(l.meetings, id) {
		l.meetings = append(l.meetings, id)
	}
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

// conferences returns the conferenceIds the bot has called about.
func (l *callLog) conferences() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.meetings...)
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

// conferenceID extracts {id} from /v1.0/conference/videoConferences/{id}/….
func conferenceID(path string) string {
	rest, ok := strings.CutPrefix(path, "/v1.0/conference/videoConferences/")
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, "/")
	return id
}
