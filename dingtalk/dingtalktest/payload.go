package dingtalktest

import (
	"crypto/sha256"
	"encoding/binary"
	"strconv"
	"strings"
)

// dingtalkIDPrefix starts every encrypted DingTalk id in payloads.
const dingtalkIDPrefix = "$:LWCP_v1:$"

// atUser is one atUsers entry (§2).
type atUser struct {
	DingtalkID string `json:"dingtalkId"`
	StaffID    string `json:"staffId,omitempty"`
	UnionID    string `json:"unionId,omitempty"`
}

type textContent struct {
	Content string `json:"content"`
}

// chatPayload is the data of a /v1.0/im/bot/messages/get frame (§2).
type chatPayload struct {
	ConversationID            string       `json:"conversationId"`
	ConversationType          string       `json:"conversationType"`
	ConversationTitle         string       `json:"conversationTitle,omitempty"`
	AtUsers                   []atUser     `json:"atUsers,omitempty"`
	ChatbotCorpID             string       `json:"chatbotCorpId"`
	ChatbotUserID             string       `json:"chatbotUserId"`
	RobotCode                 string       `json:"robotCode"`
	MsgID                     string       `json:"msgId"`
	Msgtype                   string       `json:"msgtype"`
	Text                      *textContent `json:"text,omitempty"`
	Content                   any          `json:"content,omitempty"`
	SenderID                  string       `json:"senderId"`
	SenderStaffID             string       `json:"senderStaffId"`
	SenderUnionID             string       `json:"senderUnionId,omitempty"`
	SenderNick                string       `json:"senderNick"`
	SenderCorpID              string       `json:"senderCorpId"`
	IsAdmin                   bool         `json:"isAdmin"`
	IsInAtList                bool         `json:"isInAtList"`
	SessionWebhook            string       `json:"sessionWebhook"`
	SessionWebhookExpiredTime jsonMillis   `json:"sessionWebhookExpiredTime"`
	CreateAt                  jsonMillis   `json:"createAt"`
}

// jsonMillis is a millisecond timestamp written as a JSON number, or as a
// JSON string when asString is set: the samples show numbers, one doc table
// types createAt as String (docs/wire-contract.md §2). It reads either form.
type jsonMillis struct {
	ms       int64
	asString bool
}

// MarshalJSON writes 1695283635765, or "1695283635765" when asString.
func (m jsonMillis) MarshalJSON() ([]byte, error) {
	n := strconv.FormatInt(m.ms, 10)
	if m.asString {
		return []byte(`"` + n + `"`), nil
	}
	return []byte(n), nil
}

// UnmarshalJSON reads a number or a string of digits.
func (m *jsonMillis) UnmarshalJSON(b []byte) error {
	s, quoted := strings.CutPrefix(string(b), `"`)
	if quoted {
		s = strings.TrimSuffix(s, `"`)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return err
	}
	*m = jsonMillis{ms: n, asString: quoted}
	return nil
}

// DingtalkID is the encrypted id ("$:LWCP_v1:$…") payloads use for a user.
func (s *Server) DingtalkID(userID string) string {
	return dingtalkIDPrefix + opaque(s.opts.CorpID, "user", userID)
}

// ChatbotUserID is the bot's own encrypted id (payload chatbotUserId, and
// the bot's entry in group atUsers).
func (s *Server) ChatbotUserID() string {
	return dingtalkIDPrefix + opaque(s.opts.CorpID, "bot", s.opts.RobotCode)
}

// ExternalCorpID is the senderCorpId of messages from External users.
const ExternalCorpID = "dingexternalcorp"

// appID is the numeric appId header of CALLBACK frames.
func (s *Server) appID() string {
	sum := sha256.Sum256([]byte(s.opts.ClientID))
	return strconv.FormatUint(binary.BigEndian.Uint64(sum[:8])%1e10, 10)
}

// atUsers builds the atUsers list: the bot first in groups, then mentions.
func (s *Server) atUsers(m ChatMessage) []atUser {
	var out []atUser
	if m.Chat.Group {
		out = append(out, atUser{DingtalkID: s.ChatbotUserID()})
	}
	for _, id := range m.Mentions {
		u := s.mustUser(id)
		a := atUser{DingtalkID: s.DingtalkID(id)}
		if !u.External {
			a.StaffID = u.UserID
		}
		if s.opts.SendUnionIDs {
			a.UnionID = u.UnionID
		}
		out = append(out, a)
	}
	return out
}

// messageText is text.content: " "+Text, minus "@Name"/"＠Name" of each
// mention when StripMentionText is set.
func (s *Server) messageText(m ChatMessage) string {
	text := m.Text
	if m.StripMentionText {
		for _, id := range m.Mentions {
			name := s.mustUser(id).Name
			text = strings.ReplaceAll(text, "@"+name, "")
			text = strings.ReplaceAll(text, "＠"+name, "")
		}
	}
	return " " + text
}

// richPart is one element of content.richText.
type richPart struct {
	Text string `json:"text"`
}

// content returns the non-text content of m's msgtype (§2 shapes).
func content(m ChatMessage) any {
	code := randomOpaque()
	switch m.MsgType {
	case "richText":
		return map[string][]richPart{"richText": {{Text: m.Text}}}
	case "picture":
		return map[string]string{"downloadCode": code, "pictureDownloadCode": code}
	case "audio":
		return map[string]any{"downloadCode": code, "recognition": m.Text, "duration": 3000}
	case "file":
		return map[string]string{"downloadCode": code, "fileName": "file.zip", "spaceId": "1", "fileId": "1"}
	}
	return map[string]string{"unknownMsgType": "该消息类型暂不支持"}
}
