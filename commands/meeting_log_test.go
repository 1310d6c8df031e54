package commands

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestMeetingLog(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	assert.Equal(t, "Nothing has been done in **周会 Weekly sync** through me yet.", e.handle(req("alice", "/meeting log")).Text)

	e.handle(req("hana", "/spotlight", "alice"))
	e.advance(time.Minute)
	e.handle(req("cole", "/cohost add", "li"))
	e.handle(req("cole", "/spotlight", "bob")) // fails: bob is not in the meeting
	e.advance(time.Minute)
	e.handle(req("hana", "/undo"))

	rep := e.handle(req("alice", "/meeting log"))
	assert.Equal(t, OK, rep.Outcome)
	assert.Equal(t, "meeting.log", rep.Command)
	assert.Equal(t, "Last 4 actions in **周会 Weekly sync** (times UTC):\n"+
		"- 09:02 **Hana** undo: turned the spotlight on **Alice** off — done\n"+
		"- 09:01 **Cole** spotlighted **Bob** — failed: not joined\n"+
		"- 09:01 **Cole** gave **李四** the co-host role — done\n"+
		"- 09:00 **Hana** spotlighted **Alice** — done", rep.Text)

	zh := e.handle(req("alice", "/操作记录"))
	assert.Equal(t, "**周会 Weekly sync**最近 4 条操作记录（UTC）：\n"+
		"- 09:02 **Hana**撤销：取消全员看**Alice**（成功）\n"+
		"- 09:01 **Cole**让全员看**Bob**（失败：对方未入会）\n"+
		"- 09:01 **Cole**将**李四**设为联席主持人（成功）\n"+
		"- 09:00 **Hana**让全员看**Alice**（成功）", zh.Text)
}

func TestMeetingLogShowsTheLastTenInTheConfiguredZone(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	e := newEnv(t, func(c *Config) { c.Location = shanghai })
	for range 12 {
		e.handle(req("hana", "/spotlight off", "alice"))
	}
	e.advance(24 * time.Hour)
	rep := e.handle(req("hana", "/meeting log"))
	assert.Contains(t, rep.Text, "Last 10 actions")
	assert.Contains(t, rep.Text, "(times CST)")
	assert.Contains(t, rep.Text, "- 11-20 17:00 **Hana** turned the spotlight on **Alice** off — done", "older than today: with the date")
}

func TestStoredRecordsShowInTheLog(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.Location = time.UTC })
	e.store(
		`{"id":"a1","action":"focus","meetingId":"m1","targets":[`+jsonAlice+`],"by":`+jsonHana+`,"at":"2025-11-20T08:50:00Z","undo":{"action":"unfocus"}}`,
		`{"id":"a2","action":"unfocus","meetingId":"m1","chatId":"chat1","via":"command","targets":[`+jsonAlice+`],"by":`+jsonHana+`,"at":"2025-11-20T08:51:00Z","outcome":"ok","requestId":"R2","reverts":"a1"}`,
		`{"id":"a3","action":"cohost.add","meetingId":"m1","via":"card","targets":[`+jsonLi+`,`+jsonAlice+`],"by":`+jsonCole+`,"at":"2025-11-20T08:52:00Z","outcome":"busy"}`,
		`{"id":"a4","action":"unmute.all","meetingId":"m1","by":`+jsonCole+`,"at":"2025-11-20T08:53:00Z","outcome":"something_new"}`,
		`{"id":"a5","action":"focus","meetingId":"m1","by":`+jsonHana+`,"at":"2025-11-20T08:54:00Z","outcome":"ok"}`,
		`{"id":"a6","action":"cohost.remove","meetingId":"m1","targets":[`+jsonLi+`],"by":`+jsonHana+`,"at":"2025-11-20T08:55:00Z","outcome":"unchanged","reverts":"a0"}`,
		`{"id":"a7","action":"mute.all","meetingId":"m1","via":"card","by":`+jsonHana+`,"at":"2025-11-19T08:56:00Z","outcome":"ok","undo":{"action":"unmute.all"}}`,
		`{"id":"a8","action":"teleport","meetingId":"m1","by":`+jsonHana+`,"at":"2025-11-20T08:57:00Z","outcome":"ok"}`,
		`not json`,
	)
	tests := []struct {
		text, want string
	}{
		{"/meeting log", "Last 8 actions in **周会 Weekly sync** (times UTC):\n" +
			"- 08:57 **Hana** teleport — done\n" +
			"- 11-19 08:56 **Hana** muted everyone — done (card)\n" +
			"- 08:55 **Hana** undo: took the co-host role from **李四** — nothing to change\n" +
			"- 08:54 **Hana** spotlighted someone — done\n" +
			"- 08:53 **Cole** unmuted everyone — failed\n" +
			"- 08:52 **Cole** gave **李四** and **Alice** the co-host role — failed: DingTalk was busy (card)\n" +
			"- 08:51 **Hana** undo: turned the spotlight on **Alice** off — done\n" +
			"- 08:50 **Hana** spotlighted **Alice** — done"},
		{"/会议 记录", "**周会 Weekly sync**最近 8 条操作记录（UTC）：\n" +
			"- 08:57 **Hana**teleport（成功）\n" +
			"- 11-19 08:56 **Hana**开启全员静音（成功，会控卡片）\n" +
			"- 08:55 **Hana**撤销：取消**李四**的联席主持人身份（无需更改）\n" +
			"- 08:54 **Hana**让全员看某人（成功）\n" +
			"- 08:53 **Cole**解除全员静音（失败）\n" +
			"- 08:52 **Cole**将**李四**、**Alice**设为联席主持人（失败：钉钉繁忙，会控卡片）\n" +
			"- 08:51 **Hana**撤销：取消全员看**Alice**（成功）\n" +
			"- 08:50 **Hana**让全员看**Alice**（成功）"},
	}
	for _, tt := range tests {
		rep := e.handle(req("olga", tt.text))
		assert.Equal(t, OK, rep.Outcome, tt.text)
		assert.Equal(t, tt.want, rep.Text, tt.text)
	}
}
