package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
	"github.com/rs/zerolog"

	"github.com/meetbot/meetbot/commands"
)

// CardSender delivers and updates meeting control cards. main adapts
// DingTalk's card API to it; nil in Config means no cards are sent.
type CardSender interface {
	// Deliver creates the card (or delivers it again) in the chat of to.
	Deliver(ctx context.Context, to Destination, card commands.Card) error
	// Update changes the delivered card in place: only the keys given, for
	// everyone (Params) and for single users (Private). to names the
	// organisation (CorpID) and chat the card is in.
	Update(ctx context.Context, to Destination, card commands.Card) error
}

// cardPayload is the `data` of a /v1.0/card/instances/callback frame
// (docs/wire-contract.md §4c). It is decoded here rather than by the SDK's card
// handler, which fails the frame (no ack) when content is malformed.
type cardPayload struct {
	OutTrackID string `json:"outTrackId"`
	UserID     string `json:"userId"`
	UserIDType int    `json:"userIdType"` // 1 userId, 2 unionId
	CorpID     string `json:"corpId"`
	SpaceType  string `json:"spaceType"`
	SpaceID    string `json:"spaceId"`
	Type       string `json:"type"`
	Content    string `json:"content"` // JSON text: {"cardPrivateData":{"actionIds":[…],"params":{…}}}
	Value      string `json:"value"`   // the same JSON in the tutorial's sample; used when content is unusable
}

// cardContent is the decoded content of a card callback.
type cardContent struct {
	CardPrivateData struct {
		ActionIDs []string       `json:"actionIds"`
		Params    map[string]any `json:"params"`
	} `json:"cardPrivateData"`
}

// decodeCard turns a card callback into a request for commands. Params
// that are not strings (numbers, booleans) are kept as their JSON text.
func decodeCard(data string, now time.Time) (commands.Request, error) {
	var p cardPayload
	if err := json.Unmarshal([]byte(data), &p); err != nil {
		return commands.Request{}, fmt.Errorf("decode card callback (%d bytes): %w", len(data), err)
	}
	if p.OutTrackID == "" || p.UserID == "" {
		return commands.Request{}, errors.New("card callback without outTrackId or userId")
	}
	c, err := p.content()
	if err != nil {
		return commands.Request{}, err
	}
	action := &commands.CardAction{OutTrackID: p.OutTrackID, Params: map[string]string{}}
	if ids := c.CardPrivateData.ActionIDs; len(ids) > 0 {
		action.ActionID = ids[0]
	}
	for k, v := range c.CardPrivateData.Params {
		action.Params[k] = paramString(v)
	}
	sender := commands.Person{UserID: p.UserID}
	if p.UserIDType == 2 {
		sender = commands.Person{UnionID: p.UserID}
	}
	return commands.Request{CorpID: p.CorpID, ChatID: p.SpaceID, ChatKind: commands.Group,
		Sender: sender, Action: action, Received: now}, nil
}

// content decodes Content, or Value when Content is empty or malformed.
func (p *cardPayload) content() (cardContent, error) {
	var c cardContent
	err := json.Unmarshal([]byte(p.Content), &c)
	if err == nil && c.CardPrivateData.Params != nil {
		return c, nil
	}
	var v cardContent
	if json.Unmarshal([]byte(p.Value), &v) == nil && v.CardPrivateData.Params != nil {
		return v, nil
	}
	if err != nil {
		return cardContent{}, fmt.Errorf("card callback content: %w", err)
	}
	return c, nil // valid, but no params: the button carries none
}

func paramString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// cardAck is the immediate answer to a card callback: an empty response,
// so the card stays as it is until the update that follows the work.
func cardAck() *payload.DataFrameResponse {
	resp := payload.NewSuccessDataFrameResponse()
	_ = resp.SetJson(map[string]any{"response": map[string]any{}}) // a constant map always encodes
	return resp
}

// OnCardFrame is the SDK frame handler for card button clicks. It decodes
// the frame, queues the click on its chat's queue (so it runs in order
// with that chat's typed commands) and acks at once; a malformed frame is
// logged and acked too.
func (h *Handler) OnCardFrame(_ context.Context, df *payload.DataFrame) (*payload.DataFrameResponse, error) {
	req, err := decodeCard(df.Data, h.cfg.Now())
	if err != nil {
		h.log.Warn().Err(err).Str("frame_id", df.GetMessageId()).Msg("malformed card callback dropped")
		return cardAck(), nil
	}
	req.MsgID = df.GetMessageId() // a click has no msgId of its own: dedupe by frame
	j := job{run: func() { h.processCard(req) }, abandon: func(ctx context.Context) bool { return h.tellRestartCard(ctx, req) }}
	if !h.queue.SubmitJob(req.CorpID+"|"+req.ChatID, j) {
		h.refuseBusyCard(req)
	}
	return cardAck(), nil
}

// refuseBusyCard tells the clicker, privately on the card, that the click
// was not run and to press again. The update is sent off the stream
// reader, like refuseBusy's reply to a chat message.
func (h *Handler) refuseBusyCard(req commands.Request) {
	h.cfg.Observer.BusyRefusal()
	log := h.cardLogger(req)
	to := Destination{CorpID: req.CorpID, ChatID: req.ChatID}
	ok := h.busy.Submit(req.CorpID+"|"+req.ChatID, func() {
		h.sendCard(log, to, h.cfg.Commands.Busy(req).Card)
	})
	log.Warn().Bool("told_user", ok && h.cfg.Cards != nil).Msg("queue full: card click refused as busy")
}

func (h *Handler) cardLogger(req commands.Request) zerolog.Logger {
	return h.log.With().Str("frame_id", req.MsgID).Str("conversation_id", req.ChatID).
		Str("out_track_id", req.Action.OutTrackID).Str("clicker", req.Sender.UserID+req.Sender.UnionID).Logger()
}

// processCard runs one click on a worker, through the pipeline: it is
// deduplicated by frame (a click has no msgId of its own) and answers on
// the card.
func (h *Handler) processCard(req commands.Request) {
	log := h.cardLogger(req)
	to := Destination{CorpID: req.CorpID, ChatID: req.ChatID}
	busy := func() { h.sendCard(log, to, h.cfg.Commands.Busy(req).Card) }
	h.runUnit(unit{kind: "card click", key: "cardframe:" + req.CorpID + ":" + req.MsgID, log: log, retry: busy,
		click:  true,
		handle: func(ctx context.Context) commands.Reply { return h.cfg.Commands.Handle(ctx, req) },
		send: func(rep commands.Reply) {
			h.sendCard(log, to, rep.Card)
			for _, c := range rep.Others {
				h.sendCard(log, to, c)
			}
		}})
}

// tellRestartCard tells a clicker, privately on the card, that the click
// was not run because the bot is stopping.
func (h *Handler) tellRestartCard(ctx context.Context, req commands.Request) bool {
	to := Destination{CorpID: req.CorpID, ChatID: req.ChatID}
	return h.sendCardErr(ctx, h.cardLogger(req), to, h.cfg.Commands.Restarting(req).Card) == nil
}

// sendCard delivers or updates a reply's card, if there is one and cards
// are configured.
func (h *Handler) sendCard(log zerolog.Logger, to Destination, card *commands.Card) {
	_ = h.sendCardErr(context.Background(), log, to, card)
}

// sendCardErr is sendCard within ctx, reporting the failure it logs.
func (h *Handler) sendCardErr(ctx context.Context, log zerolog.Logger, to Destination, card *commands.Card) error {
	if card == nil || h.cfg.Cards == nil {
		return errNoCard
	}
	ctx, cancel := context.WithTimeout(log.WithContext(ctx), h.cfg.ReplyTimeout)
	defer cancel()
	var err error
	if card.Deliver {
		err = h.cfg.Cards.Deliver(ctx, to, *card)
	} else {
		err = h.cfg.Cards.Update(ctx, to, *card)
	}
	if err != nil {
		log.Error().Err(err).Bool("deliver", card.Deliver).Msg("control card not sent")
	}
	return err
}

// errNoCard: there was no card to send, or cards are not configured.
var errNoCard = errors.New("no card to send")
