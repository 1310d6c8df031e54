package dingtalk

import (
	"context"
	"net/http"
)

// Card routes (card_1_0).
const (
	routeCardCreateAndDeliver = "/v1.0/card/instances/createAndDeliver"
	routeCardInstances        = "/v1.0/card/instances"
)

// Card callback types and user id types.
const (
	CallbackStream = "STREAM" // button clicks arrive on the stream connection
	CallbackHTTP   = "HTTP"   // clicks are POSTed to a registered URL

	UserIDTypeUserID  = 1 // ids in spaces and private data are org userIds
	UserIDTypeUnionID = 2 // ... or unionIds
)

// GroupSpace is the openSpaceId of a group chat the robot is in.
func GroupSpace(conversationID string) string { return "dtv1.card//IM_GROUP." + conversationID }

// RobotSpace is the openSpaceId of a user's 1:1 chat with the robot.
func RobotSpace(userID string) string { return "dtv1.card//IM_ROBOT." + userID }

// CardsService creates, delivers and updates interactive cards built from
// card-platform templates.
type CardsService service

// CardData holds a card's variables. DingTalk wants every value as a
// string: encode numbers, booleans and lists as JSON text.
type CardData struct {
	CardParamMap map[string]string `json:"cardParamMap"`
}

// CreateAndDeliverRequest is the body of Cards.CreateAndDeliver. Set the
// IMGroup* models for GroupSpace and the IMRobot* models for RobotSpace.
type CreateAndDeliverRequest struct {
	CardTemplateID          string                   `json:"cardTemplateId"`
	OutTrackID              string                   `json:"outTrackId"` // your unique id of the instance
	CardData                CardData                 `json:"cardData"`
	PrivateData             map[string]CardData      `json:"privateData,omitempty"` // per user id
	CallbackType            string                   `json:"callbackType,omitempty"`
	CallbackRouteKey        string                   `json:"callbackRouteKey,omitempty"`
	OpenSpaceID             string                   `json:"openSpaceId"`
	UserIDType              int                      `json:"userIdType,omitempty"`
	IMGroupOpenSpaceModel   *IMGroupOpenSpaceModel   `json:"imGroupOpenSpaceModel,omitempty"`
	IMGroupOpenDeliverModel *IMGroupOpenDeliverModel `json:"imGroupOpenDeliverModel,omitempty"`
	IMRobotOpenSpaceModel   *IMGroupOpenSpaceModel   `json:"imRobotOpenSpaceModel,omitempty"` // same keys as the group model
	IMRobotOpenDeliverModel *IMRobotOpenDeliverModel `json:"imRobotOpenDeliverModel,omitempty"`
}

// IMGroupOpenSpaceModel configures the card in a chat (group or robot 1:1).
type IMGroupOpenSpaceModel struct {
	SupportForward bool `json:"supportForward,omitempty"`
}

// IMGroupOpenDeliverModel delivers the card to a group as the robot.
type IMGroupOpenDeliverModel struct {
	RobotCode  string            `json:"robotCode"`
	Recipients []string          `json:"recipients,omitempty"`
	AtUserIDs  map[string]string `json:"atUserIds,omitempty"` // userId → nick; {"@ALL":"@ALL"} for everyone
}

// IMRobotOpenDeliverModel delivers the card to a 1:1 robot chat.
type IMRobotOpenDeliverModel struct {
	SpaceType string `json:"spaceType"` // "IM_ROBOT"; filled in when empty
	RobotCode string `json:"robotCode"`
}

// CardDelivery is the outcome of CreateAndDeliver.
type CardDelivery struct {
	OutTrackID     string          `json:"outTrackId"`
	DeliverResults []DeliverResult `json:"deliverResults"`
}

// DeliverResult is the outcome of the delivery to one space.
type DeliverResult struct {
	SpaceType string `json:"spaceType"`
	SpaceID   string `json:"spaceId"`
	Success   bool   `json:"success"`
	ErrorMsg  string `json:"errorMsg"`
	CarrierID string `json:"carrierId"`
}

// CreateAndDeliver creates a card instance and delivers it in one call.
// Check the per-space DeliverResults: DingTalk can answer success for the
// call while a delivery failed.
func (s *CardsService) CreateAndDeliver(ctx context.Context, req CreateAndDeliverRequest) (*CardDelivery, error) {
	if req.IMRobotOpenDeliverModel != nil && req.IMRobotOpenDeliverModel.SpaceType == "" {
		m := *req.IMRobotOpenDeliverModel
		m.SpaceType = "IM_ROBOT"
		req.IMRobotOpenDeliverModel = &m
	}
	r := s.client.v1(http.MethodPost, routeCardCreateAndDeliver, nil)
	r.in = req
	var out struct {
		successBody
		Result CardDelivery `json:"result"`
	}
	if err := s.client.do(ctx, r, &out); err != nil {
		return nil, err
	}
	if err := out.check(); err != nil {
		return nil, err
	}
	return &out.Result, nil
}

// UpdateCardRequest is the body of Cards.Update.
type UpdateCardRequest struct {
	OutTrackID  string              `json:"outTrackId"`
	CardData    *CardData           `json:"cardData,omitempty"`
	PrivateData map[string]CardData `json:"privateData,omitempty"`
	Options     *CardUpdateOptions  `json:"cardUpdateOptions,omitempty"`
	UserIDType  int                 `json:"userIdType,omitempty"`
}

// CardUpdateOptions says whether an update merges keys (true) or replaces
// the whole map (false).
type CardUpdateOptions struct {
	UpdateCardDataByKey    bool `json:"updateCardDataByKey"`
	UpdatePrivateDataByKey bool `json:"updatePrivateDataByKey"`
}

// Update changes a delivered card's variables (PUT /v1.0/card/instances).
func (s *CardsService) Update(ctx context.Context, req UpdateCardRequest) error {
	r := s.client.v1(http.MethodPut, routeCardInstances, nil)
	r.in = req
	var out successBody
	if err := s.client.do(ctx, r, &out); err != nil {
		return err
	}
	return out.check()
}
