package bot

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/meetbot/meetbot/commands"
)

// MaxTextBytes is the longest command text the bot reads. Commands are a
// few words; anything longer is a paste or an attack.
const MaxTextBytes = 4096

// chatPayload is the `data` of a /v1.0/im/bot/messages/get frame
// (docs/wire-contract.md §2). It is our own struct rather than the SDK's so that
// the UNCONFIRMED fields senderUnionId and atUsers[].unionId are kept.
type chatPayload struct {
	ConversationID            string                   `json:"conversationId"`
	ConversationType          string                   `json:"conversationType"`
	ConversationTitle         string                   `json:"conversationTitle"`
	AtUsers                   []atUser                 `json:"atUsers"`
	ChatbotCorpID             string                   `json:"chatbotCorpId"`
	ChatbotUserID             string                   `json:"chatbotUserId"`
	RobotCode                 string                   `json:"robotCode"`
	MsgID                     string                   `json:"msgId"`
	MsgType                   string                   `json:"msgtype"`
	Text                      struct{ Content string } `json:"text"`
	Content                   json.RawMessage          `json:"content"`
	SenderStaffID             string                   `json:"senderStaffId"`
	SenderUnionID             string                   `json:"senderUnionId"`
	SenderNick                string                   `json:"senderNick"`
	SenderCorpID              string                   `json:"senderCorpId"`
	SessionWebhook            string                   `json:"sessionWebhook"`
	SessionWebhookExpiredTime flexMillis               `json:"sessionWebhookExpiredTime"`
	CreateAt                  flexMillis               `json:"createAt"`
}

type atUser struct {
	DingtalkID string `json:"dingtalkId"`
	StaffID    string `json:"staffId"`
	UnionID    string `json:"unionId"`
}

// message is one decoded chat message: the request for commands and where
// to send the reply.
type message struct {
	req  commands.Request
	dest Destination
	kind textKind
}

// textKind says whether the message carries a command the bot can read.
type textKind int

const (
	readable textKind = iota
	notText           // picture, audio, video, file, unknown
	tooLong           // over MaxTextBytes
)

func decodeChat(data string, robotCode string, now time.Time) (message, error) {
	var p chatPayload
	if err := json.Unmarshal([]byte(data), &p); err != nil {
		return message{}, fmt.Errorf("decode chatbot payload (%d bytes): %w", len(data), err)
	}
	if p.ConversationID == "" {
		return message{}, fmt.Errorf("chatbot payload without conversationId")
	}
	// A sender outside the organisation has no senderStaffId (and maybe no
	// unionId): commands still answers, with a refusal.
	text, kind := p.text()
	m := message{kind: kind, req: commands.Request{
		MsgID:     p.MsgID,
		CorpID:    p.ChatbotCorpID,
		ChatID:    p.ConversationID,
		ChatKind:  chatKind(p.ConversationType),
		ChatTitle: p.ConversationTitle,
		Sender:    commands.Person{UserID: p.SenderStaffID, UnionID: p.SenderUnionID, Name: p.SenderNick},
		Text:      text,
		Received:  now,
	}}
	m.req.Mentions, m.req.ExternalMentions = p.mentions()
	m.dest = Destination{
		CorpID: p.ChatbotCorpID, ChatID: p.ConversationID, Group: m.req.ChatKind == commands.Group,
		UserID: p.SenderStaffID, UserName: p.SenderNick, RobotCode: firstNonEmpty(p.RobotCode, robotCode),
		Webhook: p.SessionWebhook, WebhookExpiry: time.UnixMilli(int64(p.SessionWebhookExpiredTime)),
	}
	return m, nil
}

func chatKind(conversationType string) commands.ChatKind {
	if conversationType == "1" {
		return commands.Direct
	}
	return commands.Group
}

// text returns the command text: text.content, or the text parts of a
// richText message.
func (p *chatPayload) text() (string, textKind) {
	var text string
	switch p.MsgType {
	case "text", "":
		text = p.Text.Content
	case "richText":
		text = p.richText()
	default:
		return "", notText
	}
	if len(text) > MaxTextBytes {
		return "", tooLong
	}
	return text, readable
}

func (p *chatPayload) richText() string {
	var c struct {
		RichText []struct {
			Text string `json:"text"`
		} `json:"richText"`
	}
	if json.Unmarshal(p.Content, &c) != nil {
		return ""
	}
	parts := make([]string, 0, len(c.RichText))
	for _, part := range c.RichText {
		if part.Text != "" {
			parts = append(parts, part.Text)
		}
	}
	return strings.Join(parts, " ")
}

// mentions returns the people @-mentioned, without the bot itself, and how
// many of them are external (no staffId, no unionId).
func (p *chatPayload) mentions() ([]commands.Person, int) {
	var people []commands.Person
	external := 0
	seen := map[string]bool{}
	for _, u := range p.AtUsers {
		if u.DingtalkID != "" && u.DingtalkID == p.ChatbotUserID {
			continue
		}
		if u.StaffID == "" && u.UnionID == "" {
			if p.ChatbotUserID != "" { // without it the bot's own entry looks the same
				external++
			}
			continue
		}
		key := u.StaffID + "|" + u.UnionID
		if seen[key] {
			continue
		}
		seen[key] = true
		people = append(people, commands.Person{UserID: u.StaffID, UnionID: u.UnionID})
	}
	return people, external
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// flexMillis is a time in Unix milliseconds sent as a JSON number or as a
// string: DingTalk documents createAt and sessionWebhookExpiredTime as
// strings in one table and sends numbers in its samples. A value that is
// neither (or empty) reads as 0, so an odd time never drops the message;
// an unusable webhook expiry only sends the reply through the robot API.
type flexMillis int64

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexMillis) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		x, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil {
			*f = 0
			return nil
		}
		n = int64(x)
	}
	*f = flexMillis(n)
	return nil
}
