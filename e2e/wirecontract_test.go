package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// These tests hold the bot to DingTalk's wire contract (issue 12) through
// the real bot and the strict emulator, which refuses a request missing a
// field the official SDK marks required.

const focusRoute = "/v1.0/conference/videoConferences/*"

func TestE2ESpotlightOffNamesThePersonToDingTalk(t *testing.T) {
	t.Parallel()
	for _, off := range []string{"/spotlight off", "/取消聚焦"} {
		h := newHarness(t)
		h.group(host, "/spotlight @Alice", alice)
		skip := len(h.emu.Calls())
		reply := h.group(host, off)
		assert.NotContains(t, reply, "refused", off)
		assert.Empty(t, h.meeting(h.weekly).Focus, "%s turned the spotlight off", off)
		assert.Equal(t, []string{`{"action":"un_focus","unionId":"` + h.unionID(alice) + `"}`}, h.focusBodies(skip),
			"one focus call carrying Alice's unionId")
		assert.Contains(t, h.group(host, "/spotlight @Bob", bob), "**Bob** is now spotlighted", "the chat stays bound")
	}
}

func TestE2ESpotlightOffWithoutKnowingWhomCallsNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/meeting") // bind
	calls := h.controlCalls()
	reply := h.group(host, "/spotlight off")
	assert.Contains(t, reply, "name them: `/spotlight off @Alice`")
	assert.Equal(t, calls, h.controlCalls())
	reply = h.group(host, "/取消聚焦 @张三", zhang) // named: DingTalk decides (the emulator: nobody is spotlighted)
	assert.Contains(t, reply, "钉钉拒绝了")
	assert.Contains(t, h.group(host, "/spotlight @Alice", alice), "is now spotlighted", "still bound")
}

func TestE2EMeetingEndSaysEndedAndUnbinds(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/spotlight @Alice", alice)
	reply := h.group(host, "/meeting end")
	assert.Contains(t, reply, "Ended **周会 Weekly sync** for everyone.")
	for _, failure := range []string{"wrong", "try again", "refused", "failed"} {
		assert.NotContains(t, reply, failure)
	}
	assert.Equal(t, 1, h.meeting(h.weekly).Status, "ended in DingTalk")
	calls := h.controlCalls()
	reply = h.group(host, "/spotlight @Bob", bob)
	assert.Equal(t, calls, h.controlCalls(), "the chat is unbound: no control call on the ended meeting")
	assert.Contains(t, reply, "you are not the host or a co-host of any meeting in progress", "the sender hosts nothing else")
}

// A 400 on a control call keeps the binding unless the meeting's own info
// says it ended.
func TestE2EAFourHundredIsNotTheMeetingEnding(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/meeting")
	h.emu.Fault(dingtalktest.Fault{Path: "/v1.0/conference/videoConferences/" + h.weekly + "/focus", Kind: "paramsError", Count: 1})
	reply := h.group(host, "/spotlight @Alice", alice)
	assert.Contains(t, reply, "DingTalk refused `/spotlight` for **周会 Weekly sync**")
	assert.NotContains(t, reply, "has ended")
	assert.Contains(t, h.group(host, "/spotlight @Alice", alice), "is now spotlighted", "the binding stayed")

	h.emu.EndMeeting(h.weekly)
	reply = h.group(host, "/spotlight @Bob", bob)
	assert.Contains(t, reply, "has ended")
	calls := h.controlCalls()
	h.group(host, "/spotlight @Bob", bob)
	assert.Equal(t, calls, h.controlCalls(), "unbound once DingTalk says the meeting ended")
}

func TestE2EGroupReplyThroughTheRobotAPINamesTheSender(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/meeting")
	h.emu.Fault(dingtalktest.Fault{Path: "/robot/sendBySession", Kind: "paramsError"}) // the webhook refuses
	reply := h.group(host, "/spotlight @Alice", alice)
	assert.True(t, strings.HasPrefix(reply, "@Wei Lin 林伟 "), "starts with the name: %q", reply)
	assert.NotContains(t, reply, host, "never the raw userId")
}

func TestE2ESuiteTicketFromAnyEventShape(t *testing.T) {
	t.Parallel()
	for _, shape := range []dingtalktest.SuiteTicketShape{dingtalktest.TicketSampleShape, dingtalktest.TicketSampleUntypedShape} {
		h := newThirdPartyHarness(t)
		id, _ := h.emu.PushSuiteTicketAs(shape, "ticket-sample")
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		ack, err := h.emu.WaitAck(ctx, id)
		cancel()
		require.NoError(t, err)
		assert.Contains(t, ack.Data, "SUCCESS")
		h.emu.ExpireTokens() // the next command needs a token, fetched with the new ticket
		assert.Contains(t, h.group(host, "/spotlight @Alice", alice), "is now spotlighted")
		assert.Contains(t, h.corpTokenTickets()[h.emu.CorpID()], "ticket-sample")
		assert.Equal(t, 1, strings.Count(h.logs.String(), "first suite ticket frame"), "the first ticket frame's headers are logged once")
	}
}

// The members list ends in whichever way DingTalk signals it; the bot
// never pages past the end.
func TestE2EMemberPagingStopsAtEveryKindOfEnd(t *testing.T) {
	t.Parallel()
	for _, p := range []dingtalktest.MemberPaging{dingtalktest.PagingPlain, dingtalktest.PagingTrailingEmpty,
		dingtalktest.PagingRepeatToken, dingtalktest.PagingEndless} {
		h := newHarness(t, func(o *dingtalktest.Options, _ *config.Config) { o.MemberPaging = p })
		assert.Contains(t, h.group(host, "/spotlight @Alice", alice), "is now spotlighted", "paging %v", p)
		assert.LessOrEqual(t, h.emu.CountCalls("GET", "/v1.0/conference/videoConferences/*"), 4,
			"paging %v: info plus at most two member pages", p)
	}
}

func TestE2ETimesSentAsStrings(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(o *dingtalktest.Options, _ *config.Config) { o.StringNumbers = true })
	assert.Contains(t, h.group(host, "/spotlight @Alice", alice), "is now spotlighted")
	assert.Zero(t, h.emu.CountCalls("POST", "/v1.0/robot/groupMessages/send"), "the webhook's expiry was read: no fallback")
}

func TestE2EMonthlyQuotaUsedUp(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/meeting")
	h.emu.ExhaustQuota()
	before := h.emu.CountCalls("POST", focusRoute)
	reply := h.group(host, "/spotlight @Alice", alice)
	assert.Contains(t, reply, "used up this month's DingTalk API quota")
	assert.Contains(t, reply, "open-dev.dingtalk.com")
	assert.Equal(t, before+1, h.emu.CountCalls("POST", focusRoute), "never retried")
	h.group(host, "/spotlight @Bob", bob)
	h.waitMetric("meetbot_dingtalk_quota_exceeded_total", 2)
	assert.Equal(t, 1, strings.Count(h.logs.String(), "its commands fail until the month ends"), "logged once a minute")
	h.emu.RestoreQuota()
	assert.Contains(t, h.group(host, "/spotlight @Bob", bob), "is now spotlighted")
}
