package bot

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/meetbot/meetbot/commands"
)

// countingObserver counts what it is told.
type countingObserver struct {
	mu       sync.Mutex
	commands []string // command/outcome
	counts   map[string]int
}

var _ Observer = (*countingObserver)(nil)

func (o *countingObserver) inc(what string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.counts == nil {
		o.counts = map[string]int{}
	}
	o.counts[what]++
}

func (o *countingObserver) get(what string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.counts[what]
}

func (o *countingObserver) CommandDone(command string, outcome commands.Outcome, latency time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.commands = append(o.commands, command+"/"+string(outcome))
}

func (o *countingObserver) BusyRefusal()       { o.inc("busy") }
func (o *countingObserver) DedupeHit()         { o.inc("dedupe") }
func (o *countingObserver) CardClick(a string) { o.inc("card:" + a) }
func (o *countingObserver) StreamConnected()   { o.inc("connect") }
func (o *countingObserver) StreamDisconnected() {
	o.inc("disconnect")
}
func (o *countingObserver) ReconnectAttempt() { o.inc("reconnect") }

func TestHandlerReportsCommandsDuplicatesAndBusyRefusals(t *testing.T) {
	t.Parallel()
	r := newFakeReplier()
	obs := &countingObserver{}
	release := make(chan struct{})
	slow := fakeCommands{handle: func(_ context.Context, req commands.Request) commands.Reply {
		<-release
		return commands.Reply{Text: "done", Command: "spotlight", Outcome: commands.OK}
	}}
	// One worker and room for two: the first runs, the second waits, the
	// third is refused as busy.
	h := newTestHandler(t, slow, r, &mapClaimer{}, Config{Workers: 1, Queue: 2, ChatQueue: 2, Observer: obs})
	_, _ = h.OnChatFrame(context.Background(), frame(t, nil))
	_, _ = h.OnChatFrame(context.Background(), frame(t, func(p map[string]any) { p["msgId"] = "second" }))
	_, _ = h.OnChatFrame(context.Background(), frame(t, func(p map[string]any) { p["msgId"] = "third" }))
	assert.Contains(t, r.next(t).Markdown, "busy")
	close(release)
	r.next(t)
	r.next(t)
	// Both replies are sent: at most the second job's slot is still taken
	// (its worker frees it after the reply), so the queue has room and the
	// first msgId again is a duplicate, never a busy refusal.
	_, _ = h.OnChatFrame(context.Background(), frame(t, nil))
	h.Shutdown(context.Background())

	assert.Equal(t, []string{"spotlight/ok", "spotlight/ok"}, obs.commands)
	assert.Equal(t, 1, obs.get("busy"))
	assert.Equal(t, 1, obs.get("dedupe"))
}

func TestNilObserverIsNop(t *testing.T) {
	t.Parallel()
	assert.Equal(t, NopObserver{}, observer(nil))
}
