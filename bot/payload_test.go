package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/commands"
)

func payloadJSON(t *testing.T, mutate func(map[string]any)) string {
	t.Helper()
	p := map[string]any{
		"conversationId": "cidGroup==", "conversationType": "2", "conversationTitle": "Ops",
		"atUsers": []map[string]any{
			{"dingtalkId": "$:LWCP_v1:$BOT"},
			{"dingtalkId": "$:LWCP_v1:$ALICE", "staffId": "alice01"},
		},
		"chatbotCorpId": "dingCORP", "chatbotUserId": "$:LWCP_v1:$BOT", "robotCode": "dingROBOT",
		"msgId": "msgXYZ==", "msgtype": "text", "text": map[string]any{"content": " /spotlight "},
		"senderId": "$:LWCP_v1:$BOB", "senderStaffId": "bob01", "senderNick": "Bob", "senderCorpId": "dingCORP",
		"isAdmin": false, "isInAtList": true, "createAt": 1695283635765,
		"sessionWebhook":            "https://oapi.dingtalk.com/robot/sendBySession?session=abc",
		"sessionWebhookExpiredTime": 1695289035765,
	}
	if mutate != nil {
		mutate(p)
	}
	b, err := json.Marshal(p)
	require.NoError(t, err)
	return string(b)
}

func TestDecodeChatGroupMessage(t *testing.T) {
	t.Parallel()
	m, err := decodeChat(payloadJSON(t, nil), "fallback", time.Unix(0, 0))
	require.NoError(t, err)
	assert.Equal(t, commands.Request{
		MsgID: "msgXYZ==", CorpID: "dingCORP", ChatID: "cidGroup==", ChatKind: commands.Group, ChatTitle: "Ops",
		Sender:   commands.Person{UserID: "bob01", Name: "Bob"},
		Text:     " /spotlight ",
		Mentions: []commands.Person{{UserID: "alice01"}},
		Received: time.Unix(0, 0),
	}, m.req)
	assert.Equal(t, Destination{CorpID: "dingCORP", ChatID: "cidGroup==", Group: true, UserID: "bob01",
		UserName: "Bob", RobotCode: "dingROBOT", Webhook: "https://oapi.dingtalk.com/robot/sendBySession?session=abc",
		WebhookExpiry: time.UnixMilli(1695289035765)}, m.dest)
	assert.Equal(t, readable, m.kind)
}

func TestDecodeChatVariants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(map[string]any)
		check  func(t *testing.T, m message)
	}{
		{"1:1 chat", func(p map[string]any) { p["conversationType"] = "1"; delete(p, "atUsers") }, func(t *testing.T, m message) {
			assert.Equal(t, commands.Direct, m.req.ChatKind)
			assert.Empty(t, m.req.Mentions)
		}},
		{"union ids when DingTalk sends them", func(p map[string]any) {
			p["senderUnionId"] = "u-bob"
			p["atUsers"] = []map[string]any{{"dingtalkId": "$:LWCP_v1:$ALICE", "staffId": "alice01", "unionId": "u-alice"}}
		}, func(t *testing.T, m message) {
			assert.Equal(t, "u-bob", m.req.Sender.UnionID)
			assert.Equal(t, []commands.Person{{UserID: "alice01", UnionID: "u-alice"}}, m.req.Mentions)
		}},
		{"external mention counted, duplicates collapsed", func(p map[string]any) {
			p["atUsers"] = []map[string]any{{"dingtalkId": "$:LWCP_v1:$BOT"}, {"dingtalkId": "$:X"},
				{"dingtalkId": "$:A", "staffId": "alice01"}, {"dingtalkId": "$:A", "staffId": "alice01"}}
		}, func(t *testing.T, m message) {
			assert.Equal(t, 1, m.req.ExternalMentions)
			assert.Equal(t, []commands.Person{{UserID: "alice01"}}, m.req.Mentions)
		}},
		{"richText keeps its text parts", func(p map[string]any) {
			p["msgtype"] = "richText"
			p["content"] = map[string]any{"richText": []map[string]any{{"text": "@meetbot /spotlight"}, {"type": "picture", "downloadCode": "x"}, {"text": "@Alice"}}}
		}, func(t *testing.T, m message) {
			assert.Equal(t, "@meetbot /spotlight @Alice", m.req.Text)
			assert.Equal(t, readable, m.kind)
		}},
		{"picture", func(p map[string]any) { p["msgtype"] = "picture"; p["content"] = map[string]any{"downloadCode": "x"} }, func(t *testing.T, m message) {
			assert.Equal(t, notText, m.kind)
		}},
		{"over 4 KB", func(p map[string]any) { p["text"] = map[string]any{"content": strings.Repeat("a", MaxTextBytes+1)} }, func(t *testing.T, m message) {
			assert.Equal(t, tooLong, m.kind)
			assert.Empty(t, m.req.Text)
		}},
		{"no robotCode uses the fallback", func(p map[string]any) { delete(p, "robotCode") }, func(t *testing.T, m message) {
			assert.Equal(t, "fallback", m.dest.RobotCode)
		}},
		{"times as strings (one DingTalk table says String)", func(p map[string]any) {
			p["createAt"], p["sessionWebhookExpiredTime"] = "1695283635765", "1695289035765"
		}, func(t *testing.T, m message) {
			assert.Equal(t, time.UnixMilli(1695289035765), m.dest.WebhookExpiry)
			assert.Equal(t, "msgXYZ==", m.req.MsgID, "the message is kept")
		}},
		{"times that are neither: the message is still read", func(p map[string]any) {
			p["createAt"], p["sessionWebhookExpiredTime"] = "soon", true
		}, func(t *testing.T, m message) {
			assert.Equal(t, time.UnixMilli(0), m.dest.WebhookExpiry, "no usable expiry: the robot API answers")
			assert.Equal(t, " /spotlight ", m.req.Text)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := decodeChat(payloadJSON(t, tt.mutate), "fallback", time.Now())
			require.NoError(t, err)
			tt.check(t, m)
		})
	}
}

func TestDecodeChatRejectsMalformed(t *testing.T) {
	t.Parallel()
	for _, data := range []string{"", "{", "[]", `{"conversationId":5}`, `{"msgId":"x"}`} {
		_, err := decodeChat(data, "", time.Now())
		assert.Error(t, err, "data %q", data)
	}
}

func TestComposeMentionsSenderInGroups(t *testing.T) {
	t.Parallel()
	group := compose(Destination{Group: true, UserID: "bob01", UserName: "Bob"}, "**Alice** is now spotlighted")
	assert.Equal(t, Message{Title: "Alice is now spotli…", Markdown: "**Alice** is now spotlighted",
		Mention: Mention{UserID: "bob01", Name: "Bob"}}, group)
	text, at := group.WithAt()
	assert.Equal(t, "@bob01 **Alice** is now spotlighted", text, "the webhook renders @userId as the name")
	assert.Equal(t, []string{"bob01"}, at)
	assert.Equal(t, "@Bob **Alice** is now spotlighted", group.WithName(),
		"the robot API renders no mention: the group sees the name, not the userId")

	direct := compose(Destination{UserID: "bob01"}, "已将 **张三** 设为全员聚焦")
	assert.Equal(t, Message{Title: "已将 张三 设为全员聚焦", Markdown: "已将 **张三** 设为全员聚焦"}, direct)
	text, at = direct.WithAt()
	assert.Equal(t, "已将 **张三** 设为全员聚焦", text)
	assert.Nil(t, at)
	assert.Equal(t, "已将 **张三** 设为全员聚焦", direct.WithName())
}

func TestWithNameNeutralisesTheName(t *testing.T) {
	t.Parallel()
	m := Message{Markdown: "done", Mention: Mention{UserID: "u1", Name: "[x](http://evil)\n# hi"}}
	assert.Equal(t, "@［x］（http：//evil） ＃ hi done", m.WithName())
	m.Mention.Name = " \u202e\n "
	assert.Equal(t, "done", m.WithName(), "nothing left of the name: no mention at all, never the userId")
}

func TestRedactTicket(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "dial wss://h/connect?ticket=REDACTED failed", redactTicket("dial wss://h/connect?ticket=7724109a-abc failed"))
	assert.Equal(t, "a?ticket=REDACTED&x=1 b ticket=REDACTED", redactTicket("a?ticket=1&x=1 b ticket=2"))
	assert.Equal(t, "nothing here", redactTicket("nothing here"))
}
