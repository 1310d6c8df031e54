package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/app"
	"github.com/meetbot/meetbot/internal/testkit"
	"github.com/meetbot/meetbot/store"
)

// TestE2EStoreBytesPerMeetingAreReclaimed controls meetings through the
// real bot over the embedded store: bind, spotlight, co-host, mute, the
// log, then end each one. It reports the store's live bytes per meeting
// right after, and once the retention period has passed and the sweeper
// ran: everything a finished meeting left behind expires.
func TestE2EStoreBytesPerMeetingAreReclaimed(t *testing.T) {
	t.Parallel()
	const meetings = 20
	h := newHarness(t)
	h.restart(app.WithStoreOptions(store.WithClock(h.clock.Now))) // the store on the harness's clock
	bolt, ok := h.app.Store().(*store.Bolt)
	require.True(t, ok, "the embedded store")
	before, err := bolt.Usage()
	require.NoError(t, err)

	for i := range meetings {
		room := fmt.Sprintf("9%08d", i)
		h.emu.AddMeeting(dingtalktest.MeetingSpec{Title: fmt.Sprintf("Meeting %d", i), HostUserID: host,
			Members: []string{alice, bob, carol}, RoomCode: room})
		chat := dingtalktest.Chat{ID: fmt.Sprintf("cidRetention%02d==", i), Title: "R", Group: true}
		for _, m := range []dingtalktest.ChatMessage{
			{Text: "/meeting use " + room}, {Text: "/spotlight @Alice", Mentions: []string{alice}},
			{Text: "/cohost add @Bob", Mentions: []string{bob}}, {Text: "/mute all"}, {Text: "/meeting log"},
			{Text: "/meeting end"},
		} {
			m.From, m.Chat = host, chat
			h.say(m)
		}
	}
	require.NoError(t, h.app.Flush(context.Background()))
	live, err := bolt.Usage()
	require.NoError(t, err)

	h.advance(31 * 24 * time.Hour) // past MEETBOT_RETENTION (30 days)
	_, err = bolt.Sweep()
	require.NoError(t, err)
	after, err := bolt.Usage()
	require.NoError(t, err)
	perMeeting := func(u store.Usage) int { return (u.Bytes - before.Bytes) / meetings }
	t.Logf("store bytes per controlled meeting: %d B live after it ended (%d keys for %d meetings); %d B after the retention period",
		perMeeting(live), live.Keys-before.Keys, meetings, max(perMeeting(after), 0))
	assert.LessOrEqual(t, perMeeting(after), 0, "a finished meeting leaves nothing behind after the retention period")
}

// TestE2ERedisKeysAllExpire is the Redis side: after a meeting's lifecycle
// every key the bot wrote for the organisation carries an expiry, so
// nothing it stores outlives the retention period. On a cluster the keys
// are looked for on every master.
func TestE2ERedisKeysAllExpire(t *testing.T) {
	t.Parallel()
	forEachRedis(t, testRedisKeysAllExpire)
}

func testRedisKeysAllExpire(t *testing.T, dsn string) {
	h := newHarness(t, withRedis(dsn))
	chat := dingtalktest.Chat{ID: "cidRedisRetention==", Title: "R", Group: true}
	for _, m := range []dingtalktest.ChatMessage{
		{Text: "/meeting use 838722123"}, {Text: "/spotlight @Alice", Mentions: []string{alice}},
		{Text: "/cohost add @Bob", Mentions: []string{bob}}, {Text: "/mute all"}, {Text: "/meeting log"},
	} {
		m.From, m.Chat = host, chat
		h.say(m)
	}
	ctx := context.Background()
	r, err := store.OpenRedis(ctx, dsn)
	require.NoError(t, err)
	defer r.Close()
	keys, err := testkit.RedisKeys(ctx, r.Client(), "meetbot:*"+h.emu.CorpID()+"*")
	require.NoError(t, err)
	require.NotEmpty(t, keys)
	for _, k := range keys {
		ttl, err := r.Client().PTTL(ctx, k).Result()
		require.NoError(t, err)
		assert.Positive(t, ttl, "%s never expires", k)
	}
}
