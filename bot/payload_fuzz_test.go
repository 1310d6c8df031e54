package bot

import (
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzDecodeChat feeds arbitrary frame data to decodeChat: it must never
// panic, and whatever it accepts must be usable (valid UTF-8 text, a
// destination whose webhook is only what the payload said).
func FuzzDecodeChat(f *testing.F) {
	f.Add(`{"conversationId":"cid1","conversationType":"2","msgId":"m1","msgtype":"text","text":{"content":" /spotlight @A"},` +
		`"senderStaffId":"u1","atUsers":[{"dingtalkId":"x","staffId":"a"}],"sessionWebhook":"https://oapi.dingtalk.com/robot/sendBySession?session=s",` +
		`"sessionWebhookExpiredTime":1695289035765}`)
	f.Add(`{"msgtype":"richText","content":{"richText":[{"text":"/聚焦 "},{"type":"picture"}]}}`)
	f.Add(`{"msgtype":"text","text":{"content":null},"atUsers":[null,{}]}`)
	f.Add(`{"sessionWebhook":"http://evil.example/steal","sessionWebhookExpiredTime":-1}`)
	f.Add(`[]`)
	f.Add(`"\u0000"`)
	f.Fuzz(func(t *testing.T, data string) {
		m, err := decodeChat(data, "robot", time.Unix(1695283635, 0))
		if err != nil {
			return
		}
		if utf8.ValidString(data) && !utf8.ValidString(m.req.Text) {
			t.Errorf("invalid UTF-8 text %q from valid input", m.req.Text)
		}
		if m.dest.RobotCode == "" {
			t.Errorf("no robot code in %+v", m.dest)
		}
	})
}
