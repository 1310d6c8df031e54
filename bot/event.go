package bot

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/open-dingtalk/dingtalk-stream-sdk-go/handler"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
	"github.com/rs/zerolog"
)

// EVENT frames (docs/wire-contract.md §1.3–1.5). DingTalk subscribes an app to
// events with the single topic "*"; which topic value the server puts on
// the frames is UNCONFIRMED ("*" in one doc example, "dingTalk" in
// another), so every EVENT frame reaches the event handler whatever its
// topic.
const (
	frameEvent = "EVENT"
	topicEvent = "*"
	// eventRoute is the event handler's key in gateway.routes; it cannot
	// collide with a CALLBACK topic, which always starts with "/".
	eventRoute = frameEvent + " " + topicEvent
	// ticketSaveTimeout bounds storing a ticket on the connection's reader.
	ticketSaveTimeout = 5 * time.Second
)

// TicketStore keeps the newest suite ticket of a third-party app where
// every replica reads it (the state store), so a restart or a new replica
// needs no fresh push.
type TicketStore interface {
	// SaveSuiteTicket stores ticket unless a ticket pushed later than
	// pushedAt is already stored.
	SaveSuiteTicket(ctx context.Context, ticket string, pushedAt time.Time) error
}

// OnEvents routes every EVENT frame to h and subscribes the connection to
// events (type EVENT, topic "*"). Call it before Run.
func (s *Stream) OnEvents(h handler.IFrameHandler) { s.cli.routes[eventRoute] = h }

// subscriptionFor is the gateway subscription of a routes key.
func subscriptionFor(key string) *payload.SubscriptionModel {
	if key == eventRoute {
		return &payload.SubscriptionModel{Type: frameEvent, Topic: topicEvent}
	}
	return &payload.SubscriptionModel{Type: frameCallback, Topic: key}
}

// routeKey is the routes key of a data frame: its topic for CALLBACK
// frames, eventRoute for any EVENT frame, "" (no route) otherwise.
func routeKey(df *payload.DataFrame) string {
	switch df.Type {
	case frameCallback:
		return df.GetTopic()
	case frameEvent:
		return eventRoute
	}
	return ""
}

// Events handles EVENT frames: it keeps the suite ticket of a third-party
// app and acks every event (§1.4), ignoring the kinds it does not use.
type Events struct {
	tickets TicketStore
	log     zerolog.Logger
	now     func() time.Time
	shape   sync.Once // logs the header names of the first ticket frame
}

// NewEvents returns an event handler that stores suite tickets in tickets.
func NewEvents(tickets TicketStore, log zerolog.Logger) *Events {
	return &Events{tickets: tickets, log: log, now: time.Now}
}

// eventData holds the fields meetbot reads from an event's data. DingTalk
// spells them PascalCase in HTTP callbacks; encoding/json also accepts
// other casings (suiteTicket, eventType), as the stream form is UNCONFIRMED.
type eventData struct {
	EventType   string          `json:"EventType"`
	SuiteTicket string          `json:"SuiteTicket"`
	TimeStamp   json.RawMessage `json:"TimeStamp"` // ms, as a string or a number
}

// OnEventFrame is the stream handler of EVENT frames. Its ack is SUCCESS,
// or LATER (DingTalk pushes again) when a ticket could not be stored.
func (e *Events) OnEventFrame(ctx context.Context, df *payload.DataFrame) (*payload.DataFrameResponse, error) {
	var d eventData
	if err := json.Unmarshal([]byte(df.Data), &d); err != nil && df.Data != "" {
		e.log.Warn().Err(err).Str("frame_id", df.GetMessageId()).Msg("undecodable event dropped")
		return eventAck("SUCCESS")
	}
	kind := firstNonEmpty(df.GetHeader("eventType"), d.EventType)
	if d.SuiteTicket == "" {
		// The one sample of a stream ticket push carries only
		// {"suiteTicket":…,"action":"suite"}: the data decides, not the
		// event type, which is only logged.
		if strings.EqualFold(kind, "suite_ticket") {
			e.log.Warn().Str("frame_id", df.GetMessageId()).Msg("suite_ticket event without a ticket dropped")
		} else {
			e.log.Debug().Str("event_type", kind).Str("frame_id", df.GetMessageId()).Msg("event ignored")
		}
		return eventAck("SUCCESS")
	}
	e.shape.Do(func() { e.logShape(df, kind) })
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ticketSaveTimeout)
	defer cancel()
	if err := e.tickets.SaveSuiteTicket(sctx, d.SuiteTicket, e.bornAt(df, d)); err != nil {
		e.log.Error().Err(err).Msg("suite ticket not stored; DingTalk will push it again")
		return eventAck("LATER")
	}
	e.log.Info().Str("frame_id", df.GetMessageId()).Msg("suite ticket stored")
	return eventAck("SUCCESS")
}

// logShape logs the header names (never their values) of the first frame
// that carried a suite ticket, so an operator can see the real shape of
// DingTalk's push, which no reference confirms.
func (e *Events) logShape(df *payload.DataFrame, kind string) {
	names := make([]string, 0, len(df.Headers))
	for k := range df.Headers {
		names = append(names, k)
	}
	slices.Sort(names)
	e.log.Info().Strs("headers", names).Str("topic", df.GetTopic()).Str("event_type", kind).
		Msg("first suite ticket frame: its header names")
}

// bornAt is when DingTalk issued the event: header eventBornTime, else the
// data's TimeStamp, else now.
func (e *Events) bornAt(df *payload.DataFrame, d eventData) time.Time {
	for _, s := range []string{df.GetHeader("eventBornTime"), strings.Trim(string(d.TimeStamp), `"`)} {
		if ms, err := strconv.ParseInt(s, 10, 64); err == nil && ms > 0 {
			return time.UnixMilli(ms)
		}
	}
	return e.now()
}

// eventAck is an EVENT ack (§1.4): code 200 with {"status":"SUCCESS",…},
// or code 500 with LATER, the pair the Go SDK sends, so that DingTalk
// pushes the event again whichever of the two it reads (§11.3).
func eventAck(status string) (*payload.DataFrameResponse, error) {
	ack := payload.NewSuccessDataFrameResponse()
	if status == "LATER" {
		ack.Code = payload.DataFrameResponseStatusCodeKInternalError
	}
	if err := ack.SetJson(map[string]string{"status": status, "message": strings.ToLower(status)}); err != nil {
		return nil, err
	}
	return ack, nil
}
