package dingtalk

import (
	"encoding/json"
	"fmt"
	"strings"
)

// maxTitleRunes bounds a markdown title derived from the text.
const maxTitleRunes = 30

type webhookMsg struct {
	MsgType  string        `json:"msgtype"`
	Text     *textParam    `json:"text,omitempty"`
	Markdown *markdownBody `json:"markdown,omitempty"`
	At       *atParam      `json:"at,omitempty"`
}

type textParam struct {
	Content string `json:"content"`
}

type markdownBody struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

type atParam struct {
	AtUserIDs []string `json:"atUserIds,omitempty"`
	IsAtAll   bool     `json:"isAtAll,omitempty"`
}

func (m Message) validate() error {
	switch m.Type {
	case Text, Markdown, "":
		return nil
	}
	return fmt.Errorf("dingtalk: unsupported message type %q", m.Type)
}

// webhookBody is m in the session-webhook (custom robot) shape.
func webhookBody(m Message) webhookMsg {
	var w webhookMsg
	if m.Type == Markdown {
		w.MsgType, w.Markdown = "markdown", &markdownBody{Title: title(m), Text: m.Text}
	} else {
		w.MsgType, w.Text = "text", &textParam{Content: m.Text}
	}
	if len(m.AtUserIDs) > 0 || m.AtAll {
		w.At = &atParam{AtUserIDs: m.AtUserIDs, IsAtAll: m.AtAll}
	}
	return w
}

// robotMsg is m as the robot API's msgKey and msgParam (a JSON string).
func robotMsg(m Message) (key, param string, err error) {
	if err := m.validate(); err != nil {
		return "", "", err
	}
	var v any = textParam{Content: m.Text}
	key = "sampleText"
	if m.Type == Markdown {
		key, v = "sampleMarkdown", markdownBody{Title: title(m), Text: m.Text}
	}
	b, err := json.Marshal(v)
	return key, string(b), err
}

// title is the markdown title: m.Title, or the start of the first line.
func title(m Message) string {
	if m.Title != "" {
		return m.Title
	}
	line, _, _ := strings.Cut(strings.TrimSpace(m.Text), "\n")
	line = strings.TrimLeft(line, "#>*- ")
	if r := []rune(line); len(r) > maxTitleRunes {
		line = string(r[:maxTitleRunes])
	}
	return line
}

type groupSendRequest struct {
	RobotCode          string `json:"robotCode"`
	OpenConversationID string `json:"openConversationId"`
	MsgKey             string `json:"msgKey"`
	MsgParam           string `json:"msgParam"`
}

type otoSendRequest struct {
	RobotCode string   `json:"robotCode"`
	UserIDs   []string `json:"userIds"`
	MsgKey    string   `json:"msgKey"`
	MsgParam  string   `json:"msgParam"`
}
