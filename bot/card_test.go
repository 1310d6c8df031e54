package bot

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/commands"
)

// cardJSON is a card callback as in the official tutorial's sample, with
// content (and value) as JSON text.
func cardJSON(t *testing.T, mutate func(map[string]any)) string {
	t.Helper()
	content := `{"cardPrivateData":{"actionIds":["btn_spotlight"],"params":{"action":"spotlight","unionId":"u-alice","n":3,"ok":true}}}`
	p := map[string]any{"outTrackId": "meetbot-1", "userId": "host01", "userIdType": 1, "corpId": "corp1",
		"spaceType": "im", "spaceId": "cidOps==", "type": "actionCallback", "content": content, "value": content, "extension": "{}"}
	if mutate != nil {
		mutate(p)
	}
	b, err := json.Marshal(p)
	require.NoError(t, err)
	return string(b)
}

func TestDecodeCard(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	want := commands.Request{CorpID: "corp1", ChatID: "cidOps==", ChatKind: commands.Group,
		Sender: commands.Person{UserID: "host01"}, Received: now,
		Action: &commands.CardAction{OutTrackID: "meetbot-1", ActionID: "btn_spotlight",
			Params: map[string]string{"action": "spotlight", "unionId": "u-alice", "n": "3", "ok": "true"}}}
	tests := []struct {
		name   string
		mutate func(map[string]any)
		want   func() commands.Request
		err    bool
	}{
		{name: "tutorial sample", want: func() commands.Request { return want }},
		{name: "malformed content, value usable", mutate: func(p map[string]any) { p["content"] = "{oops" },
			want: func() commands.Request { return want }},
		{name: "unionId clicker", mutate: func(p map[string]any) { p["userIdType"] = 2; p["userId"] = "union-h" },
			want: func() commands.Request {
				w := want
				w.Sender = commands.Person{UnionID: "union-h"}
				return w
			}},
		{name: "no params", mutate: func(p map[string]any) { p["content"] = `{"cardPrivateData":{}}`; delete(p, "value") },
			want: func() commands.Request {
				w := want
				w.Action = &commands.CardAction{OutTrackID: "meetbot-1", Params: map[string]string{}}
				return w
			}},
		{name: "content and value malformed", mutate: func(p map[string]any) { p["content"] = "{"; p["value"] = 7 }, err: true},
		{name: "content not a string", mutate: func(p map[string]any) { p["content"] = map[string]any{} }, err: true},
		{name: "no outTrackId", mutate: func(p map[string]any) { delete(p, "outTrackId") }, err: true},
		{name: "no user", mutate: func(p map[string]any) { p["userId"] = "" }, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := decodeCard(cardJSON(t, tt.mutate), now)
			if tt.err {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want(), got)
		})
	}
	for _, junk := range []string{"", "{", "null", "[]", `{"outTrackId":1}`} {
		_, err := decodeCard(junk, now)
		assert.Error(t, err, junk)
	}
}

// fakeCards records card sends and signals each on sent.
type fakeCards struct {
	mu   sync.Mutex
	got  []sentCard
	sent chan sentCard
}

type sentCard struct {
	Deliver bool
	To      Destination
	Card    commands.Card
}

func newFakeCards() *fakeCards { return &fakeCards{sent: make(chan sentCard, 100)} }

func (f *fakeCards) Deliver(_ context.Context, to Destination, c commands.Card) error {
	return f.record(sentCard{Deliver: true, To: to, Card: c})
}

func (f *fakeCards) Update(_ context.Context, to Destination, c commands.Card) error {
	return f.record(sentCard{To: to, Card: c})
}

func (f *fakeCards) record(s sentCard) error {
	f.mu.Lock()
	f.got = append(f.got, s)
	f.mu.Unlock()
	f.sent <- s
	return nil
}

func (f *fakeCards) next(t *testing.T) sentCard {
	t.Helper()
	select {
	case s := <-f.sent:
		return s
	case <-time.After(5 * time.Second):
		t.Fatal("no card sent")
		return sentCard{}
	}
}

func cardFrame(t *testing.T, id string, mutate func(map[string]any)) *payload.DataFrame {
	return &payload.DataFrame{Headers: payload.DataFrameHeader{"messageId": id}, Data: cardJSON(t, mutate)}
}

func TestCardClickIsAckedAtOnceThenUpdatesTheCard(t *testing.T) {
	t.Parallel()
	r, cards := newFakeReplier(), newFakeCards()
	release := make(chan struct{})
	got := make(chan commands.Request, 10)
	cmds := fakeCommands{handle: func(_ context.Context, req commands.Request) commands.Reply {
		got <- req
		<-release
		return commands.Reply{Outcome: commands.OK, Command: "spotlight",
			Card: &commands.Card{OutTrackID: req.Action.OutTrackID, Params: map[string]string{"spotlight": "Alice"}}}
	}}
	h := newTestHandler(t, cmds, r, &mapClaimer{}, Config{Cards: cards})

	resp, err := h.OnCardFrame(context.Background(), cardFrame(t, "f1", nil))
	require.NoError(t, err)
	require.NotNil(t, resp)
	assert.Equal(t, payload.DataFrameResponseStatusCodeKOK, resp.Code)
	assert.JSONEq(t, `{"response":{}}`, resp.Data, "acked before the work is done")
	req := <-got
	assert.Equal(t, "f1", req.MsgID, "deduped by frame messageId")
	assert.Equal(t, "spotlight", req.Action.Params["action"])

	close(release)
	s := cards.next(t)
	assert.False(t, s.Deliver)
	assert.Equal(t, Destination{CorpID: "corp1", ChatID: "cidOps=="}, s.To)
	assert.Equal(t, "Alice", s.Card.Params["spotlight"])
	_, _ = h.OnCardFrame(context.Background(), cardFrame(t, "f1", nil)) // redelivered frame
	h.Shutdown(context.Background())
	assert.Len(t, cards.got, 1)
	assert.Empty(t, r.got, "a click never posts to the chat")
}

func TestMalformedCardFrameIsAckedWithoutPanic(t *testing.T) {
	t.Parallel()
	r, cards := newFakeReplier(), newFakeCards()
	called := false
	cmds := fakeCommands{handle: func(context.Context, commands.Request) commands.Reply { called = true; return commands.Reply{} }}
	h := newTestHandler(t, cmds, r, &mapClaimer{}, Config{Cards: cards})
	for _, data := range []string{"", "{not json", `{"outTrackId":"x","userId":"u","content":"{"}`, "null"} {
		resp, err := h.OnCardFrame(context.Background(), &payload.DataFrame{Data: data})
		require.NoError(t, err, data)
		assert.JSONEq(t, `{"response":{}}`, resp.Data)
	}
	h.Shutdown(context.Background())
	assert.False(t, called)
	assert.Empty(t, cards.got)
}

func TestChatReplyCardIsDeliveredToTheChat(t *testing.T) {
	t.Parallel()
	r, cards := newFakeReplier(), newFakeCards()
	cmds := fakeCommands{handle: func(context.Context, commands.Request) commands.Reply {
		return commands.Reply{Text: "Started", Outcome: commands.OK,
			Card: &commands.Card{OutTrackID: "meetbot-2", Deliver: true, Params: map[string]string{"title": "T"}}}
	}}
	h := newTestHandler(t, cmds, r, &mapClaimer{}, Config{Cards: cards})
	_, _ = h.OnChatFrame(context.Background(), frame(t, nil))
	assert.Contains(t, r.next(t).Markdown, "Started")
	s := cards.next(t)
	assert.True(t, s.Deliver)
	assert.True(t, s.To.Group)
	assert.NotEmpty(t, s.To.ChatID)
	assert.Equal(t, "meetbot-2", s.Card.OutTrackID)
}

func TestCardClickRefusedAsBusyWhenTheQueueIsFull(t *testing.T) {
	t.Parallel()
	r, cards := newFakeReplier(), newFakeCards()
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	slow := fakeCommands{handle: func(context.Context, commands.Request) commands.Reply {
		started <- struct{}{}
		<-release
		return commands.Reply{Outcome: commands.OK}
	}}
	h := newTestHandler(t, slow, r, &mapClaimer{}, Config{Workers: 1, Queue: 1, Cards: cards})
	var once sync.Once
	unblock := func() { once.Do(func() { close(release) }) }
	t.Cleanup(unblock) // runs before the handler's Shutdown, even when an assertion stops the test
	_, _ = h.OnCardFrame(context.Background(), cardFrame(t, "f1", nil))
	<-started
	resp, err := h.OnCardFrame(context.Background(), cardFrame(t, "f2", func(p map[string]any) { p["userId"] = "cole01" }))
	require.NoError(t, err)
	assert.JSONEq(t, `{"response":{}}`, resp.Data, "acked at once")
	s := cards.next(t)
	assert.False(t, s.Deliver, "an update of the clicked card")
	assert.Equal(t, Destination{CorpID: "corp1", ChatID: "cidOps=="}, s.To)
	assert.Equal(t, "meetbot-1", s.Card.OutTrackID)
	assert.Nil(t, s.Card.Params, "nothing changes for everyone")
	assert.Equal(t, map[string]map[string]string{"cole01": {"result": "busy, try again"}}, s.Card.Private)
	unblock()
	h.Shutdown(context.Background())
	assert.Empty(t, r.got, "a click never posts to the chat")
}

func TestCardClickAsksToPressAgainWhenTheStoreIsDown(t *testing.T) {
	t.Parallel()
	r, cards := newFakeReplier(), newFakeCards()
	called := false
	cmds := fakeCommands{handle: func(context.Context, commands.Request) commands.Reply { called = true; return commands.Reply{} }}
	h := newTestHandler(t, cmds, r, &mapClaimer{err: errors.New("redis down")}, Config{Cards: cards})
	_, _ = h.OnCardFrame(context.Background(), cardFrame(t, "f1", nil))
	s := cards.next(t)
	assert.Equal(t, map[string]map[string]string{"host01": {"result": "busy, try again"}}, s.Card.Private)
	h.Shutdown(context.Background())
	assert.False(t, called, "not run: it might be a duplicate")
	assert.Empty(t, r.got)
}

func TestCardClickPanicAsksToPressAgain(t *testing.T) {
	t.Parallel()
	r, cards := newFakeReplier(), newFakeCards()
	boom := fakeCommands{handle: func(context.Context, commands.Request) commands.Reply { panic("boom") }}
	h := newTestHandler(t, boom, r, &mapClaimer{}, Config{Cards: cards})
	_, _ = h.OnCardFrame(context.Background(), cardFrame(t, "f1", nil))
	assert.Equal(t, "busy, try again", cards.next(t).Card.Private["host01"]["result"])
}

func TestChatReplyRetiresTheReplacedCardFirst(t *testing.T) {
	t.Parallel()
	r, cards := newFakeReplier(), newFakeCards()
	cmds := fakeCommands{handle: func(context.Context, commands.Request) commands.Reply {
		return commands.Reply{Text: "Now controls Retro", Outcome: commands.OK,
			Replaced: &commands.Card{OutTrackID: "meetbot-old", Params: map[string]string{"ended": "true"}},
			Card:     &commands.Card{OutTrackID: "meetbot-new", Deliver: true}}
	}}
	h := newTestHandler(t, cmds, r, &mapClaimer{}, Config{Cards: cards})
	_, _ = h.OnChatFrame(context.Background(), frame(t, nil))
	old := cards.next(t)
	assert.False(t, old.Deliver, "the old card is updated in place")
	assert.Equal(t, "meetbot-old", old.Card.OutTrackID)
	assert.Equal(t, "true", old.Card.Params["ended"])
	assert.Equal(t, "meetbot-new", cards.next(t).Card.OutTrackID)
}
