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
	RobotCode     string
	Webhook       string
	WebhookExpiry time.Time
}

// Message is one markdown reply.
type Message struct {
	Title     string
	Markdown  string
	AtUserIDs []string
}

// Replier sends replies. main adapts the DingTalk client to it.
type Replier interface {
	Reply(ctx context.Context, to Destination, msg Message) error
}

// Commands is what the bot needs from package commands.
type Commands interface {
	Handle(ctx context.Context, req commands.Request) commands.Reply
	Busy(req commands.Request) commands.Reply
}

// Claimer claims a key once; the store's SetNX. Used to deduplicate messages.
type Claimer interface {
	SetNX(ctx context.Context, key string, val []byte, ttl time.Duration) (bool, error)
}

// hints for messages commands never sees; bilingual because there is no
// command word to take the language from.
const (
	hintNotText = "I only read text commands — type /help to see them.\n\n我只能识别文字命令，输入 /帮助 查看。"
	hintTooLong = "That message is too long for a command — send a short one such as /help.\n\n消息太长，请发送简短的命令，例如 /帮助。"
)

// compose turns a command's reply into the message sent to the chat. In
// groups the sender is @-mentioned, which DingTalk renders only when the
// text also carries @userId.
func compose(to Destination, text string) Message {
	msg := Message{Title: title(text), Markdown: text}
	if to.Group && to.UserID != "" {
		msg.AtUserIDs = []string{to.UserID}
		msg.Markdown = "@" + to.UserID + " " + text
	}
	return msg
}

// title is the notification preview of a markdown reply: its first line,
// without markdown marks, at most 20 characters.
func title(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	line = strings.Trim(strings.NewReplacer("**", "", "`", "", "#", "").Replace(line), " ")
	if utf8.RuneCountInString(line) > 20 {
		line = string([]rune(line)[:19]) + "…"
	}
	if line == "" {
		return "meetbot"
	}
	return line
}
