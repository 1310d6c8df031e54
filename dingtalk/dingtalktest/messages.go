package dingtalktest

import (
	"encoding/json"
	"strings"
	"time"
)

type webhookAt struct {
	AtUserIDs []string `json:"atUserIds"`
	AtMobiles []string `json:"atMobiles"`
	IsAtAll   bool     `json:"isAtAll"`
}

type titledText struct {
	Title      string `json:"title"`
	Text       string `json:"text"`
	MessageURL string `json:"messageUrl"`
}

// webhookMessage is a sessionWebhook body (§3.1).
type webhookMessage struct {
	Msgtype    string       `json:"msgtype"`
	Text       *textContent `json:"text"`
	Markdown   *titledText  `json:"markdown"`
	ActionCard *titledText  `json:"actionCard"`
	Link       *titledText  `json:"link"`
	FeedCard   *struct {
		Links []json.RawMessage `json:"links"`
	} `json:"feedCard"`
	At *webhookAt `json:"at"`
}

// reply extracts title and text; ok is false when a required part is missing.
func (m webhookMessage) reply() (title, text string, ok bool) {
	switch m.Msgtype {
	case "text":
		return "", contentOf(m.Text), contentOf(m.Text) != ""
	case "markdown", "actionCard", "link":
		t := map[string]*titledText{"markdown": m.Markdown, "actionCard": m.ActionCard, "link": m.Link}[m.Msgtype]
		if t == nil || t.Title == "" || t.Text == "" {
			return "", "", false
		}
		return t.Title, t.Text, m.Msgtype != "link" || t.MessageURL != ""
	case "feedCard":
		return "", "", m.FeedCard != nil && len(m.FeedCard.Links) > 0
	}
	return "", "", false
}

func contentOf(t *textContent) string {
	if t == nil {
		return ""
	}
	return t.Content
}

// handleWebhook serves POST /robot/sendBySession?session= (no token). An
// unknown or expired session answers errcode 300001; a body missing its
// msgtype's required parts answers errcode 40035; both in an HTTP 200.
func (s *Server) handleWebhook(x *exchange) {
	sess, ok := s.session(x.r.URL.Query().Get("session"))
	if !ok {
		x.legacyError(300001, "session不存在或已过期")
		return
	}
	var m webhookMessage
	if !x.decode(&m) {
		return
	}
	title, text, ok := m.reply()
	if !ok {
		x.paramsError("msgtype " + m.Msgtype + " needs its content")
		return
	}
	r := Reply{MsgID: sess.msgID, ChatID: sess.chatID, Via: "webhook", MsgType: m.Msgtype, Title: title, Text: text, Raw: x.body}
	if m.At != nil {
		r.AtUserIDs = m.At.AtUserIDs
	}
	s.msgs.add(r)
	x.ok(legacyOK{ErrCode: 0, ErrMsg: "ok"})
}

// session returns a valid (known, unexpired) session.
func (s *Server) session(id string) (session, bool) {
	s.msgs.mu.Lock()
	defer s.msgs.mu.Unlock()
	sess, ok := s.msgs.sessions[id]
	return sess, ok && sess.epoch == s.msgs.epoch && time.Now().Before(sess.expires)
}

// robotSendRequest is the body of groupMessages/send and oToMessages/batchSend (§3.2).
type robotSendRequest struct {
	RobotCode          string   `json:"robotCode"`
	OpenConversationID string   `json:"openConversationId"`
	UserIDs            []string `json:"userIds"`
	MsgKey             string   `json:"msgKey"`
	MsgParam           string   `json:"msgParam"`
	CoolAppCode        string   `json:"coolAppCode"`
}

type msgParamFields struct {
	Content string `json:"content"`
	Title   string `json:"title"`
	Text    string `json:"text"`
}

// msgTypeOf maps a msgKey to the reply's MsgType; "" = unknown key.
func msgTypeOf(key string) string {
	switch {
	case key == "sampleText":
		return "text"
	case key == "sampleMarkdown":
		return "markdown"
	case key == "sampleActionCard" || (strings.HasPrefix(key, "sampleActionCard") && len(key) == 17 && key[16] >= '2' && key[16] <= '6'):
		return "actionCard"
	}
	return map[string]string{"sampleLink": "link", "sampleImageMsg": "image", "sampleAudio": "audio",
		"sampleFile": "file", "sampleVideo": "video"}[key]
}

// robotReply validates a robot send and builds its Reply; reason != "" on error.
func (s *Server) robotReply(x *exchange, req robotSendRequest) (r Reply, reason string) {
	typ := msgTypeOf(req.MsgKey)
	var p msgParamFields
	switch {
	case req.RobotCode != s.opts.RobotCode:
		return r, "robotCode not found"
	case typ == "":
		return r, "unknown msgKey " + req.MsgKey
	case len(req.MsgParam) > 15000:
		return r, "msgParam exceeds 15000 bytes"
	case json.Unmarshal([]byte(req.MsgParam), &p) != nil:
		return r, "msgParam must be a JSON object string"
	case typ == "text" && p.Content == "", typ == "markdown" && (p.Title == "" || p.Text == ""):
		return r, "msgParam misses required fields"
	}
	text := p.Text
	if typ == "text" {
		text = p.Content
	}
	return Reply{MsgType: typ, MsgKey: req.MsgKey, Title: p.Title, Text: text, Raw: x.body}, ""
}

// handleGroupSend serves POST /v1.0/robot/groupMessages/send.
func (s *Server) handleGroupSend(x *exchange) {
	var req robotSendRequest
	if !x.decode(&req) {
		return
	}
	r, reason := s.robotReply(x, req)
	if reason == "" && req.OpenConversationID == "" {
		reason = "openConversationId is required"
	}
	if reason != "" {
		x.paramsError(reason)
		return
	}
	r.Via, r.ChatID = "group", req.OpenConversationID
	s.msgs.add(r)
	x.ok(map[string]string{"processQueryKey": secret()})
}

type otoResponse struct {
	ProcessQueryKey           string   `json:"processQueryKey"`
	InvalidStaffIDList        []string `json:"invalidStaffIdList"`
	FlowControlledStaffIDList []string `json:"flowControlledStaffIdList"`
	FilteredStaffIDList       []string `json:"filteredStaffIdList"`
}

// handleOtoSend serves POST /v1.0/robot/oToMessages/batchSend (≤ 20 userIds;
// unknown and external ones are listed in invalidStaffIdList).
func (s *Server) handleOtoSend(x *exchange) {
	var req robotSendRequest
	if !x.decode(&req) {
		return
	}
	r, reason := s.robotReply(x, req)
	if reason == "" && (len(req.UserIDs) == 0 || len(req.UserIDs) > 20) {
		reason = "userIds must hold 1 to 20 userIds"
	}
	if reason != "" {
		x.paramsError(reason)
		return
	}
	resp := otoResponse{ProcessQueryKey: secret(), InvalidStaffIDList: []string{},
		FlowControlledStaffIDList: []string{}, FilteredStaffIDList: []string{}}
	for _, id := range req.UserIDs {
		if u, ok := s.User(id); ok && !u.External {
			r.UserIDs = append(r.UserIDs, id)
		} else {
			resp.InvalidStaffIDList = append(resp.InvalidStaffIDList, id)
		}
	}
	r.Via = "oto"
	s.msgs.add(r)
	x.ok(resp)
}
