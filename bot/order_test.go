package bot

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/commands"
)

// The frames of one chat run in arrival order, one at a time, however
// slow the first one is: a message and the next message, or a message
// and a card click on that chat's card.
//
// How the test knows the second frame waited rather than was just slow to
// start: the first frame's command blocks until a frame of another chat,
// sent after the second, has run on the other of the two workers. That
// worker was free while the first command ran and took the later frame of
// the other chat, not the second frame of this one; a handler that
// dispatched frames to any free worker would have started the second
// (queued before the other chat's) first. No sleep is involved: each step
// waits on a channel.
func TestHandlerRunsOneChatsFramesInArrivalOrder(t *testing.T) {
	t.Parallel()
	msg := func(id, chat string) func(t *testing.T) *payload.DataFrame {
		return func(t *testing.T) *payload.DataFrame {
			return frame(t, func(p map[string]any) { p["msgId"], p["conversationId"] = id, chat })
		}
	}
	// frame's chat message is in chat cidGroup== of dingCORP: the click is
	// on a card of that chat.
	click := func(id string) func(t *testing.T) *payload.DataFrame {
		return func(t *testing.T) *payload.DataFrame {
			return cardFrame(t, id, func(p map[string]any) { p["corpId"], p["spaceId"] = "dingCORP", "cidGroup==" })
		}
	}
	tests := []struct {
		name   string
		second func(t *testing.T) *payload.DataFrame
	}{
		{"two messages", msg("second", "cidGroup==")},
		{"a message then a card click", click("second")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := newOrderRecorder()
			h := newTestHandler(t, o.commands(), newFakeReplier(), &mapClaimer{}, Config{Workers: 2, Cards: newFakeCards()})
			t.Cleanup(o.unblock) // before the handler's Shutdown, even when an assertion stops the test

			pushFrame(t, h, msg("first", "cidGroup==")(t))
			<-o.firstStarted
			pushFrame(t, h, tt.second(t))
			pushFrame(t, h, msg("other", "cidOtherChat==")(t))
			select { // a failure guard, not a synchronisation: "other" must get a worker
			case <-o.otherDone:
			case <-time.After(10 * time.Second):
				t.Fatal("the other chat's frame never ran while the first command was running")
			}
			h.Shutdown(context.Background()) // runs everything still queued

			events := o.all()
			require.Len(t, events, 6, "every frame ran: %v", events)
			assert.Less(t, slices.Index(events, "start other"), slices.Index(events, "end first"),
				"a worker was free while the first command ran: %v", events)
			var chat []string
			for _, e := range events {
				if !strings.HasSuffix(e, " other") {
					chat = append(chat, e)
				}
			}
			assert.Equal(t, []string{"start first", "end first", "start second", "end second"}, chat,
				"the second frame started only after the first had finished")
		})
	}
}

// pushFrame hands a frame to the handler as the stream reader does.
func pushFrame(t *testing.T, h *Handler, df *payload.DataFrame) {
	t.Helper()
	var err error
	if strings.Contains(df.Data, `"outTrackId"`) {
		_, err = h.OnCardFrame(context.Background(), df)
	} else {
		_, err = h.OnChatFrame(context.Background(), df)
	}
	require.NoError(t, err)
}

// orderRecorder is a Commands that records when each frame's command
// starts and ends. The command of frame "first" blocks until the command
// of frame "other" has run (or the test unblocks it).
type orderRecorder struct {
	mu           sync.Mutex
	events       []string
	firstStarted chan struct{}
	otherDone    chan struct{}
	once         sync.Once
}

func newOrderRecorder() *orderRecorder {
	return &orderRecorder{firstStarted: make(chan struct{}, 1), otherDone: make(chan struct{})}
}

func (o *orderRecorder) note(e string) {
	o.mu.Lock()
	o.events = append(o.events, e)
	o.mu.Unlock()
}

func (o *orderRecorder) all() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.events)
}

func (o *orderRecorder) unblock() { o.once.Do(func() { close(o.otherDone) }) }

func (o *orderRecorder) commands() fakeCommands {
	return fakeCommands{handle: func(_ context.Context, req commands.Request) commands.Reply {
		o.note("start " + req.MsgID)
		switch req.MsgID {
		case "first":
			o.firstStarted <- struct{}{}
			<-o.otherDone
		case "other":
			defer o.unblock()
		}
		o.note("end " + req.MsgID)
		return commands.Reply{Text: "done", Outcome: commands.OK}
	}}
}
