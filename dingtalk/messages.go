package dingtalk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Robot message routes.
const (
	routeWebhook   = "/robot/sendBySession"
	routeGroupSend = "/v1.0/robot/groupMessages/send"
	routeOtoSend   = "/v1.0/robot/oToMessages/batchSend"
	// maxOtoUsers is DingTalk's limit of userIds per batchSend.
	maxOtoUsers = 20
)

// ErrForeignWebhook is returned by ReplyWebhook for a URL whose scheme and
// host are not the configured oapi base URL's: a forged chat payload must
// not make the bot POST to an arbitrary URL.
var ErrForeignWebhook = errors.New("dingtalk: session webhook is not on the oapi host")

// MessagesService sends robot messages: replies through a message's
// session webhook, and group or 1:1 sends through the robot API.
type MessagesService service

// MessageType is the kind of message.
type MessageType string

// Message types.
const (
	Text     MessageType = "text"
	Markdown MessageType = "markdown"
)

// Message is a text or markdown message.
type Message struct {
	Type  MessageType // Text (default) or Markdown
	Title string      // markdown only: shown in notifications; defaults to the start of Text
	Text  string
	// AtUserIDs are org userIds to @-mention; DingTalk renders the mention
	// only if Text also contains "@<userId>". Session webhooks only.
	AtUserIDs []string
	AtAll     bool // session webhooks only
}

// ReplyWebhook replies through a message's sessionWebhook. The URL must be
// on the configured oapi scheme and host (else ErrForeignWebhook); it
// takes no token. A JSON answer with errcode != 0 is an *APIError.
func (s *MessagesService) ReplyWebhook(ctx context.Context, webhookURL string, m Message) error {
	if err := m.validate(); err != nil {
		return err
	}
	if err := s.client.checkWebhook(webhookURL); err != nil {
		return err
	}
	r := &request{
		method: http.MethodPost, route: routeWebhook, url: webhookURL,
		auth: authNone, sendsOnce: true, in: webhookBody(m),
	}
	return s.client.do(ctx, r, nil)
}

// checkWebhook accepts only URLs on the oapi base URL's scheme and host.
// Its errors never quote the URL, whose query holds the session key.
func (c *Client) checkWebhook(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.User != nil {
		return fmt.Errorf("%w: malformed URL", ErrForeignWebhook)
	}
	base, err := url.Parse(c.oapiURL)
	if err != nil {
		return fmt.Errorf("dingtalk: bad oapi base URL: %w", err)
	}
	if !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host) {
		return fmt.Errorf("%w: got %s://%s, want %s://%s", ErrForeignWebhook, u.Scheme, u.Host, base.Scheme, base.Host)
	}
	return nil
}

// GroupSend posts a message to a group the robot is in and returns
// DingTalk's processQueryKey. robotCode is the app's Client ID for
// internal-app robots; openConversationID is the chat's conversationId.
func (s *MessagesService) GroupSend(ctx context.Context, robotCode, openConversationID string, m Message) (string, error) {
	key, param, err := robotMsg(m)
	if err != nil {
		return "", err
	}
	r := s.client.v1(http.MethodPost, routeGroupSend, nil)
	r.idempotent, r.sendsOnce = false, true
	r.in = groupSendRequest{RobotCode: robotCode, OpenConversationID: openConversationID, MsgKey: key, MsgParam: param}
	var out struct {
		ProcessQueryKey string `json:"processQueryKey"`
	}
	if err := s.client.do(ctx, r, &out); err != nil {
		return "", err
	}
	return out.ProcessQueryKey, nil
}

// OtoResult is the answer of OtoSend: who did not get the message.
type OtoResult struct {
	ProcessQueryKey        string   `json:"processQueryKey"`
	InvalidStaffIDs        []string `json:"invalidStaffIdList"`
	FlowControlledStaffIDs []string `json:"flowControlledStaffIdList"`
	FilteredStaffIDs       []string `json:"filteredStaffIdList"`
}

// OtoSend sends a message to up to 20 users in their 1:1 chats with the robot.
func (s *MessagesService) OtoSend(ctx context.Context, robotCode string, userIDs []string, m Message) (*OtoResult, error) {
	if len(userIDs) == 0 || len(userIDs) > maxOtoUsers {
		return nil, fmt.Errorf("dingtalk: OtoSend: %d userIds, want 1 to %d", len(userIDs), maxOtoUsers)
	}
	key, param, err := robotMsg(m)
	if err != nil {
		return nil, err
	}
	r := s.client.v1(http.MethodPost, routeOtoSend, nil)
	r.idempotent, r.sendsOnce = false, true
	r.in = otoSendRequest{RobotCode: robotCode, UserIDs: userIDs, MsgKey: key, MsgParam: param}
	var out OtoResult
	if err := s.client.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
