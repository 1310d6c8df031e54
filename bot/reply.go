package bot

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/meetbot/meetbot/commands"
)

// Destination is where a reply goes: the message's session webhook while it
// is valid, otherwise the robot API for its chat.
type Destination struct {
	CorpID        string
	ChatID        string // conversationId
	Group         bool
	UserID        string // the sender; 1:1 robot sends go to them
	UserName      string // the sender's display name (senderNick)
	RobotCode     string
	Webhook       string
	WebhookExpiry time.Time
}

// Message is one markdown reply.
type Message struct {
	Title    string
	Markdown string // the reply itself, without the mention
	// Mention is the sender to @-mention at the start of a group reply;
	// zero for none (1:1 chats).
	Mention Mention
}

// Mention is the person a group reply starts by mentioning.
type Mention struct {
	UserID string
	Name   string
}

// WithAt is the reply for a route that renders mentions (the session
// webhook): "@<userId> " before the text, which DingTalk shows as the
// person's name when at.atUserIds names the same userId.
func (m Message) WithAt() (markdown string, atUserIDs []string) {
	if m.Mention.UserID == "" {
		return m.Markdown, nil
	}
	return "@" + m.Mention.UserID + " " + m.Markdown, []string{m.Mention.UserID}
}

// WithName is the reply for a route that cannot mention anyone (the robot
// API's sampleMarkdown): the sender's name, never a raw userId, which
// the group would see as digits.
func (m Message) WithName() string {
	name := mentionName(m.Mention.Name)
	if m.Mention.UserID == "" || name == "" {
		return m.Markdown
	}
	return "@" + name + " " + m.Markdown
}

// mentionName is a display name fit to stand before a reply: data, never
// markup (commands.Inert).
func mentionName(name string) string { return commands.Inert(name) }

// Replier sends replies. main adapts the DingTalk client to it.
type Replier interface {
	Reply(ctx context.Context, to Destination, msg Message) error
}

// Commands is what the bot needs from package commands.
type Commands interface {
	Handle(ctx context.Context, req commands.Request) commands.Reply
	Busy(req commands.Request) commands.Reply
	// Restarting is the reply to a message that will not be run because
	// the bot is stopping: send it again in a moment.
	Restarting(req commands.Request) commands.Reply
}

// Claimer claims a key once; the store's SetNX. Used to deduplicate messages.
type Claimer interface {
	SetNX(ctx context.Context, key string, val []byte, ttl time.Duration) (bool, error)
}

// hints for messages commands never sees; bilingual because there is no
// command word to take the language from.
const (
	hintNotText = "I only read text commands — type /help to see them.\n\n机器人只能识别文字命令，发送 /帮助 查看。"
	hintTooLong = "That message is too long for a command — send a short one such as /help.\n\n消息太长，请发送简短的命令，例如 /帮助。"
)

// compose turns a command's reply into the message sent to the chat. In
// groups it @-mentions the sender (see Message.WithAt and WithName).
func compose(to Destination, text string) Message {
	msg := Message{Title: Title(text), Markdown: text}
	if to.Group && to.UserID != "" {
		msg.Mention = Mention{UserID: to.UserID, Name: to.UserName}
	}
	return msg
}

// titleMarks are the markdown marks a notification preview drops.
var titleMarks = strings.NewReplacer("**", "", "`", "", "#", "")

// Title is the notification preview of a markdown reply: its first line,
// without markdown marks, at most 20 characters.
func Title(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	line = strings.Trim(titleMarks.Replace(line), " ")
	if utf8.RuneCountInString(line) > 20 {
		line = string([]rune(line)[:19]) + "…"
	}
	if line == "" {
		return "meetbot"
	}
	return line
}
