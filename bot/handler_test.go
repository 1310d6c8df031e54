package bot

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/commands"
)

// fakeCommands answers every request through handle.
type fakeCommands struct {
	handle func(ctx context.Context, req commands.Request) commands.Reply
}

func (f fakeCommands) Handle(ctx context.Context, req commands.Request) commands.Reply {
	return f.handle(ctx, req)
}

func (f fakeCommands) Restarting(req commands.Request) commands.Reply {
	return commands.Reply{Text: "restarting, send it again", Outcome: commands.Failed}
}

func (f fakeCommands) Busy(req commands.Request) commands.Reply {
	if req.Action != nil { // as commands does: the clicker's private line on the card
		return commands.Reply{Outcome: commands.Failed, Card: &commands.Card{OutTrackID: req.Action.OutTrackID,
			Private: map[string]map[string]string{req.Sender.UserID: {"result": "busy, try again"}}}}
	}
	return commands.Reply{Text: "busy, try again", Outcome: commands.Failed}
}

// fakeReplier records replies and signals each one on sent.
type fakeReplier struct {
	mu   sync.Mutex
	got  []Message
	sent chan Message
	err  error
}

func newFakeReplier() *fakeReplier { return &fakeReplier{sent: make(chan Message, 100)} }

func (f *fakeReplier) Reply(_ context.Context, _ Destination, m Message) error {
	f.mu.Lock()
	f.got = append(f.got, m)
	f.mu.Unlock()
	f.sent <- m
	return f.err
}

func (f *fakeReplier) next(t *testing.T) Message {
	t.Helper()
	select {
	case m := <-f.sent:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no reply")
		return Message{}
	}
}

// mapClaimer is an in-memory SetNX.
type mapClaimer struct {
	mu   sync.Mutex
	seen map[string]bool
	err  error
}

func (c *mapClaimer) SetNX(_ context.Context, key string, _ []byte, _ time.Duration) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return false, c.err
	}
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if c.seen[key] {
		return false, nil
	}
	c.seen[key] = true
	return true, nil
}

func newTestHandler(t *testing.T, cmds fakeCommands, r *fakeReplier, c *mapClaimer, cfg Config) *Handler {
	t.Helper()
	cfg.Commands, cfg.Replier, cfg.Dedupe, cfg.Logger = cmds, r, c, zerolog.Nop()
	h := New(cfg)
	t.Cleanup(func() { h.Shutdown(context.Background()) })
	return h
}

func frame(t *testing.T, mutate func(map[string]any)) *payload.DataFrame {
	return &payload.DataFrame{Headers: payload.DataFrameHeader{"messageId": "frame-1"}, Data: payloadJSON(t, mutate)}
}

func echo(text string) fakeCommands {
	return fakeCommands{handle: func(_ context.Context, req commands.Request) commands.Reply {
		return commands.Reply{Text: text + req.Text, Outcome: commands.OK}
	}}
}

func TestHandlerRepliesOncePerMessageID(t *testing.T) {
	t.Parallel()
	r := newFakeReplier()
	h := newTestHandler(t, echo("got"), r, &mapClaimer{}, Config{})
	for range 3 { // the same msgId three times: DingTalk or a second replica may deliver it again
		resp, err := h.OnChatFrame(context.Background(), frame(t, nil))
		require.NoError(t, err)
		assert.Nil(t, resp, "nil response: the SDK acks 200 at once")
	}
	text, _ := r.next(t).WithAt()
	assert.Equal(t, "@bob01 got /spotlight ", text)
	h.Shutdown(context.Background())
	assert.Len(t, r.got, 1)
}

func TestHandlerAsksToRetryWhenTheStoreIsDown(t *testing.T) {
	t.Parallel()
	r := newFakeReplier()
	h := newTestHandler(t, echo("ran"), r, &mapClaimer{err: errors.New("redis down")}, Config{})
	_, _ = h.OnChatFrame(context.Background(), frame(t, nil))
	assert.Contains(t, r.next(t).Markdown, "busy, try again")
}

func TestHandlerRecoversFromPanics(t *testing.T) {
	t.Parallel()
	r := newFakeReplier()
	boom := fakeCommands{handle: func(context.Context, commands.Request) commands.Reply { panic("boom") }}
	h := newTestHandler(t, boom, r, &mapClaimer{}, Config{})
	_, _ = h.OnChatFrame(context.Background(), frame(t, nil))
	assert.Contains(t, r.next(t).Markdown, "try again")
	_, _ = h.OnChatFrame(context.Background(), frame(t, func(p map[string]any) { p["msgId"] = "another" }))
	assert.Contains(t, r.next(t).Markdown, "try again", "the worker survived the panic")
}

func TestHandlerGivesEachCommandADeadline(t *testing.T) {
	t.Parallel()
	r := newFakeReplier()
	var deadline time.Time
	cmds := fakeCommands{handle: func(ctx context.Context, _ commands.Request) commands.Reply {
		deadline, _ = ctx.Deadline()
		<-ctx.Done()
		return commands.Reply{Text: "timed out", Outcome: commands.Failed, Err: ctx.Err()}
	}}
	h := newTestHandler(t, cmds, r, &mapClaimer{}, Config{CommandTimeout: 20 * time.Millisecond})
	_, _ = h.OnChatFrame(context.Background(), frame(t, nil))
	assert.Contains(t, r.next(t).Markdown, "timed out")
	assert.False(t, deadline.IsZero())
}

func TestHandlerHintsForNonTextAndOversizedMessages(t *testing.T) {
	t.Parallel()
	r := newFakeReplier()
	called := false
	cmds := fakeCommands{handle: func(context.Context, commands.Request) commands.Reply { called = true; return commands.Reply{} }}
	h := newTestHandler(t, cmds, r, &mapClaimer{}, Config{})
	_, _ = h.OnChatFrame(context.Background(), frame(t, func(p map[string]any) { p["msgtype"] = "picture" }))
	assert.Contains(t, r.next(t).Markdown, "I only read text commands")
	long := make([]byte, MaxTextBytes+1)
	_, _ = h.OnChatFrame(context.Background(), frame(t, func(p map[string]any) {
		p["msgId"] = "long"
		p["text"] = map[string]any{"content": string(long)}
	}))
	assert.Contains(t, r.next(t).Markdown, "too long")
	h.Shutdown(context.Background())
	assert.False(t, called, "commands never sees unreadable messages")
}

func TestHandlerAcksMalformedFrames(t *testing.T) {
	t.Parallel()
	r := newFakeReplier()
	h := newTestHandler(t, echo(""), r, &mapClaimer{}, Config{})
	resp, err := h.OnChatFrame(context.Background(), &payload.DataFrame{Data: "{not json"})
	assert.NoError(t, err)
	assert.Nil(t, resp)
	h.Shutdown(context.Background())
	assert.Empty(t, r.got)
}

func TestHandlerRefusesAsBusyWhenTheQueueIsFull(t *testing.T) {
	t.Parallel()
	r := newFakeReplier()
	release := make(chan struct{})
	slow := fakeCommands{handle: func(context.Context, commands.Request) commands.Reply {
		<-release
		return commands.Reply{Text: "done", Outcome: commands.OK}
	}}
	h := newTestHandler(t, slow, r, &mapClaimer{}, Config{Workers: 1, Queue: 1})
	_, _ = h.OnChatFrame(context.Background(), frame(t, nil))
	_, _ = h.OnChatFrame(context.Background(), frame(t, func(p map[string]any) { p["msgId"] = "second" }))
	assert.Contains(t, r.next(t).Markdown, "busy, try again", "the second message is refused at once, not dropped")
	close(release)
	assert.Contains(t, r.next(t).Markdown, "done")
}
