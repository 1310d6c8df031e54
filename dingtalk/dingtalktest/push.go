package dingtalktest

import (
	"encoding/json"
	"time"
)

// Chat is a conversation with the bot.
type Chat struct {
	ID    string // "cid…"; derived from the sender (1:1) or Title (group) when empty
	Title string
	Group bool // false means a 1:1 chat with the bot
}

// ChatMessage is what a user sends the bot; Push turns it into the payload
// DingTalk would deliver.
type ChatMessage struct {
	From string // sender userId (a known user)
	Chat Chat
	// Text is what the user typed WITHOUT the bot's own @mention. DingTalk
	// removes that mention and leaves the separating space: text.content is
	// " "+Text.
	Text string
	// Mentions are userIds @-mentioned (atUsers entries with dingtalkId and
	// staffId; external users get no staffId). In groups the bot itself is
	// always an atUsers entry too (dingtalkId == chatbotUserId, no staffId).
	Mentions []string
	// StripMentionText removes "@"+Name (also full-width "＠") of each mention
	// from text.content, as DingTalk may do for text messages.
	StripMentionText bool
	// MsgType is "text" (default), "richText" (content.richText =
	// [{"text": Text}], @Names kept), "picture", "audio" or "file".
	MsgType string
	MsgID   string // optional; generated otherwise (set it to test duplicates)
	CorpID  string // optional; default Options.CorpID
	// StringNumbers sends createAt and sessionWebhookExpiredTime of this
	// message as JSON strings, as Options.StringNumbers does for all.
	StringNumbers bool
}

// sessionLifetime is how long a sessionWebhook stays valid (§2: createAt + 90 min).
const sessionLifetime = 90 * time.Minute

// Push delivers a chat message to ONE connected stream client subscribed to
// the bot topic, chosen at random (queued until one connects), and returns
// its msgId. It never blocks. It panics if From or a mention is unknown.
func (s *Server) Push(m ChatMessage) string {
	p := s.chatPayload(&m)
	s.msgs.trackPush(m, p.MsgID, p.ConversationID)
	b, _ := json.Marshal(p)
	s.deliver(&frame{typ: typeCallback, topic: TopicBotMessage, messageID: frameMessageID(), data: string(b)})
	return p.MsgID
}

// chatPayload fills m's defaults and builds its payload with a fresh
// session webhook.
func (s *Server) chatPayload(m *ChatMessage) chatPayload {
	from := s.mustUser(m.From)
	if m.MsgType == "" {
		m.MsgType = "text"
	}
	if m.MsgID == "" {
		m.MsgID = "msg" + randomOpaque()
	}
	if m.Chat.ID == "" {
		m.Chat.ID = s.defaultChatID(m.Chat, m.From)
	}
	now := time.Now()
	asString := m.StringNumbers || s.opts.StringNumbers
	p := chatPayload{
		ConversationID: m.Chat.ID, ConversationType: "1", AtUsers: s.atUsers(*m),
		ChatbotCorpID: s.corp(m.CorpID), ChatbotUserID: s.ChatbotUserID(), RobotCode: s.opts.RobotCode,
		MsgID: m.MsgID, Msgtype: m.MsgType, SenderID: s.DingtalkID(from.UserID), SenderNick: from.Name,
		SenderCorpID: s.corp(m.CorpID), IsAdmin: from.Admin, IsInAtList: m.Chat.Group,
		SessionWebhookExpiredTime: jsonMillis{ms: millis(now.Add(sessionLifetime)), asString: asString},
		CreateAt:                  jsonMillis{ms: millis(now), asString: asString},
	}
	p.SessionWebhook = s.url + "/robot/sendBySession?session=" + s.msgs.newSession(m.MsgID, m.Chat.ID, now.Add(sessionLifetime))
	if m.Chat.Group {
		p.ConversationType, p.ConversationTitle = "2", m.Chat.Title
	}
	if from.External {
		p.SenderCorpID = ExternalCorpID
	} else {
		p.SenderStaffID = from.UserID
	}
	if s.opts.SendUnionIDs {
		p.SenderUnionID = from.UnionID
	}
	if m.MsgType == "text" {
		p.Text = &textContent{Content: s.messageText(*m)}
	} else {
		p.Content = content(*m)
	}
	return p
}

func (s *Server) corp(override string) string {
	if override != "" {
		return override
	}
	return s.opts.CorpID
}

func (s *Server) defaultChatID(c Chat, from string) string {
	if c.Group {
		return "cid" + opaque(s.opts.CorpID, "group", c.Title)
	}
	return "cid" + opaque(s.opts.CorpID, "oto", from)
}

// PushRaw puts arbitrary (possibly malformed) data on a CALLBACK frame of
// topic and returns the frame's messageId.
func (s *Server) PushRaw(topic string, data string) string {
	f := &frame{typ: typeCallback, topic: topic, messageID: frameMessageID(), data: data}
	s.deliver(f)
	return f.messageID
}

// CardClick is a button click on a card created with callbackType STREAM.
type CardClick struct {
	UserID, OutTrackID, ChatID string
	Group                      bool
	ActionID                   string
	Params                     map[string]string
	CorpID                     string
}

type cardPrivateData struct {
	ActionIDs []string          `json:"actionIds"`
	Params    map[string]string `json:"params"`
}

// cardCallback is the data of a /v1.0/card/instances/callback frame (§4c).
type cardCallback struct {
	OutTrackID string `json:"outTrackId"`
	UserID     string `json:"userId"`
	UserIDType int    `json:"userIdType"`
	CorpID     string `json:"corpId"`
	SpaceType  string `json:"spaceType"`
	SpaceID    string `json:"spaceId"`
	Type       string `json:"type"`
	Content    string `json:"content"`
	Value      string `json:"value"`
	Extension  string `json:"extension"`
}

// PushCardClick delivers a card callback and returns the frame messageId.
// content and value are JSON strings of {"cardPrivateData":{"actionIds":
// [ActionID],"params":Params}}. userId is the clicker's userId, or unionId
// when the card was created with userIdType 2. A click on a card the
// emulator knows was NOT created with callbackType "STREAM" is never
// delivered, as DingTalk would not deliver it.
func (s *Server) PushCardClick(c CardClick) string {
	if c.Params == nil {
		c.Params = map[string]string{}
	}
	priv, _ := json.Marshal(map[string]cardPrivateData{"cardPrivateData": {ActionIDs: []string{c.ActionID}, Params: c.Params}})
	cb := cardCallback{OutTrackID: c.OutTrackID, UserID: c.UserID, UserIDType: 1, CorpID: s.corp(c.CorpID),
		SpaceType: "im", SpaceID: c.ChatID, Type: "actionCallback", Content: string(priv), Value: string(priv), Extension: "{}"}
	card, known := s.Card(c.OutTrackID)
	if known && card.UserIDType == 2 {
		if u, ok := s.User(c.UserID); ok {
			cb.UserID, cb.UserIDType = u.UnionID, 2
		}
	}
	b, _ := json.Marshal(cb)
	f := &frame{typ: typeCallback, topic: TopicCardCallback, messageID: frameMessageID(), data: string(b)}
	if !known || card.CallbackType == "STREAM" {
		s.deliver(f)
	}
	return f.messageID
}

// SessionWebhook returns a fresh session webhook for a chat, as a message
// from the chat would carry, without pushing anything: for client tests
// that reply through a webhook with no stream connected. Replies through it
// are recorded with msgID "".
func (s *Server) SessionWebhook(chatID string) string {
	return s.url + "/robot/sendBySession?session=" + s.msgs.newSession("", chatID, time.Now().Add(sessionLifetime))
}
