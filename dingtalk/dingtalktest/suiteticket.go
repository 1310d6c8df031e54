package dingtalktest

import (
	"encoding/json"
	"strconv"
	"time"
)

// SuiteTicketShape is a form in which the emulator pushes a suite ticket
// (PushSuiteTicketAs). How DingTalk delivers suite_ticket over the stream
// is UNCONFIRMED (docs/wire-contract.md §5), so a third-party bot must accept each.
type SuiteTicketShape int

const (
	// TicketCallbackShape: data with the HTTP event callback's PascalCase
	// fields {"EventType":"suite_ticket","SuiteKey","SuiteTicket",
	// "TimeStamp"}, header eventType "suite_ticket", topic "*". What
	// PushSuiteTicket sends.
	TicketCallbackShape SuiteTicketShape = iota
	// TicketSampleShape: data exactly {"suiteTicket":"…","action":"suite"}
	// (the one sample in DingTalk's protocol notes), header eventType
	// "suite", topic TopicEventSample.
	TicketSampleShape
	// TicketSampleUntypedShape: the same data, no eventType header at all,
	// topic TopicEventSample.
	TicketSampleUntypedShape
)

// TopicEventSample is the EVENT topic of DingTalk's generic frame example
// ("dingTalk", docs/wire-contract.md §1.5), which the sample ticket shapes carry
// instead of "*". They still reach connections subscribed to EVENT "*".
const TopicEventSample = "dingTalk"

// suiteTicketEvent is the data of a TicketCallbackShape frame. The field
// names follow the HTTP event callback (§5, PascalCase).
type suiteTicketEvent struct {
	EventType   string `json:"EventType"`
	SuiteKey    string `json:"SuiteKey"`
	SuiteTicket string `json:"SuiteTicket"`
	TimeStamp   string `json:"TimeStamp"`
}

// suiteTicketSample is the data of the sample shapes; field order matters
// for "exactly".
type suiteTicketSample struct {
	SuiteTicket string `json:"suiteTicket"`
	Action      string `json:"action"`
}

// PushSuiteTicket pushes ticket in TicketCallbackShape; see
// PushSuiteTicketAs.
func (s *Server) PushSuiteTicket(ticket string) (frameID, pushed string) {
	return s.PushSuiteTicketAs(TicketCallbackShape, ticket)
}

// PushSuiteTicketAs makes ticket the suite's current ticket (a random one
// when empty) and pushes it as an EVENT frame of that shape to one
// connection subscribed to EVENT "*", queued until one connects. From now
// on corpAccessToken accepts only this ticket. It returns the frame's
// messageId (for WaitAck) and the ticket.
func (s *Server) PushSuiteTicketAs(shape SuiteTicketShape, ticket string) (frameID, pushed string) {
	if ticket == "" {
		ticket = "ticket" + secret()
	}
	s.suite.mu.Lock()
	s.suite.ticket = ticket
	s.suite.mu.Unlock()
	now := strconv.FormatInt(time.Now().UnixMilli(), 10)
	f := &frame{typ: typeEvent, topic: TopicEvent, messageID: frameMessageID(),
		headers: map[string]string{
			"eventId": randomOpaque(), "eventBornTime": now, "eventCorpId": s.root.opts.CorpID,
			"eventType": "suite_ticket", "eventUnifiedAppId": s.appID(),
		}}
	var data any = suiteTicketEvent{EventType: "suite_ticket", SuiteKey: s.opts.ClientID, SuiteTicket: ticket, TimeStamp: now}
	if shape != TicketCallbackShape {
		data = suiteTicketSample{SuiteTicket: ticket, Action: "suite"}
		f.topic, f.headers["eventType"] = TopicEventSample, "suite"
	}
	if shape == TicketSampleUntypedShape {
		f.headers["eventType"] = ""
	}
	b, _ := json.Marshal(data)
	f.data = string(b)
	s.deliver(f)
	return f.messageID, ticket
}
