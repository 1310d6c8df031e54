package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rs/zerolog"

	"github.com/meetbot/meetbot/bot"
	"github.com/meetbot/meetbot/commands"
	"github.com/meetbot/meetbot/dingtalk"
)

// cardSender adapts dingtalk.CardsService to bot.CardSender: control cards
// from the template MEETBOT_CARD_TEMPLATE_ID, with clicks sent back over
// the stream (callbackType STREAM).
type cardSender struct {
	s          *dingtalk.CardsService
	templateID string
	robotCode  string // used when the message carried none
}

var _ bot.CardSender = cardSender{}

// newCardSender is the bot's card sender, or nil (no cards) when no
// template is configured.
func newCardSender(s *dingtalk.CardsService, templateID, robotCode string) bot.CardSender {
	if strings.TrimSpace(templateID) == "" {
		return nil
	}
	return cardSender{s: s, templateID: templateID, robotCode: robotCode}
}

// Deliver creates the card in the chat of to: the group (IM_GROUP) or the
// user's 1:1 chat with the robot (IM_ROBOT). The outTrackId is stable per
// chat and meeting, so asking for the panel again delivers the same
// instance; if DingTalk refuses to create an instance whose outTrackId it
// already has (UNCONFIRMED), the card is updated in place instead.
func (c cardSender) Deliver(ctx context.Context, to bot.Destination, card commands.Card) error {
	ctx = dingtalk.WithCorp(ctx, to.CorpID)
	req := dingtalk.CreateAndDeliverRequest{
		CardTemplateID: c.templateID, OutTrackID: card.OutTrackID,
		CardData: dingtalk.CardData{CardParamMap: card.Params}, PrivateData: privateData(card.Private),
		CallbackType: dingtalk.CallbackStream, UserIDType: dingtalk.UserIDTypeUserID,
	}
	robot := firstNonEmpty(to.RobotCode, c.robotCode)
	if to.Group {
		req.OpenSpaceID = dingtalk.GroupSpace(to.ChatID)
		req.IMGroupOpenSpaceModel = &dingtalk.IMGroupOpenSpaceModel{}
		req.IMGroupOpenDeliverModel = &dingtalk.IMGroupOpenDeliverModel{RobotCode: robot}
	} else {
		req.OpenSpaceID = dingtalk.RobotSpace(to.UserID)
		req.IMRobotOpenSpaceModel = &dingtalk.IMGroupOpenSpaceModel{}
		req.IMRobotOpenDeliverModel = &dingtalk.IMRobotOpenDeliverModel{RobotCode: robot}
	}
	out, err := c.s.CreateAndDeliver(ctx, req)
	var apiErr *dingtalk.APIError
	if errors.As(err, &apiErr) && !apiErr.Retryable() && ctx.Err() == nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("card not created; updating the existing instance instead")
		return c.Update(ctx, to, card)
	}
	if err != nil {
		return fmt.Errorf("deliver card: %w", err)
	}
	for _, r := range out.DeliverResults {
		if !r.Success {
			return fmt.Errorf("deliver card to %s: %s", r.SpaceType, r.ErrorMsg)
		}
	}
	return nil
}

// Update changes only the keys given, public and private.
func (c cardSender) Update(ctx context.Context, to bot.Destination, card commands.Card) error {
	ctx = dingtalk.WithCorp(ctx, to.CorpID)
	req := dingtalk.UpdateCardRequest{
		OutTrackID: card.OutTrackID, PrivateData: privateData(card.Private), UserIDType: dingtalk.UserIDTypeUserID,
		Options: &dingtalk.CardUpdateOptions{UpdateCardDataByKey: true, UpdatePrivateDataByKey: true},
	}
	if card.Params != nil {
		req.CardData = &dingtalk.CardData{CardParamMap: card.Params}
	}
	if err := c.s.Update(ctx, req); err != nil {
		return fmt.Errorf("update card: %w", err)
	}
	return nil
}

func privateData(p map[string]map[string]string) map[string]dingtalk.CardData {
	if len(p) == 0 {
		return nil
	}
	out := make(map[string]dingtalk.CardData, len(p))
	for user, params := range p {
		out[user] = dingtalk.CardData{CardParamMap: params}
	}
	return out
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
