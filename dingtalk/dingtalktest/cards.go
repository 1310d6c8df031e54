package dingtalktest

import (
	"maps"
	"strings"
	"sync"
)

// CardInstance is a card created through the card API (§4a).
type CardInstance struct {
	OutTrackID, TemplateID, OpenSpaceID, CallbackType string
	Params                                            map[string]string            // cardData.cardParamMap
	PrivateData                                       map[string]map[string]string // userId → cardParamMap
	UserIDType                                        int                          // 1 userId (default), 2 unionId
	Deliveries, Updates                               int
}

func (c CardInstance) clone() CardInstance {
	c.Params = maps.Clone(c.Params)
	priv := make(map[string]map[string]string, len(c.PrivateData))
	for k, v := range c.PrivateData {
		priv[k] = maps.Clone(v)
	}
	c.PrivateData = priv
	return c
}

type cardStore struct {
	mu    sync.Mutex
	byID  map[string]*CardInstance
	order []string
}

func (cs *cardStore) init() { cs.byID = make(map[string]*CardInstance) }

// Card returns a copy of a card instance.
func (s *Server) Card(outTrackID string) (CardInstance, bool) {
	s.cards.mu.Lock()
	defer s.cards.mu.Unlock()
	c, ok := s.cards.byID[outTrackID]
	if !ok {
		return CardInstance{}, false
	}
	return c.clone(), true
}

// Cards returns copies of every card instance, in creation order.
func (s *Server) Cards() []CardInstance {
	s.cards.mu.Lock()
	defer s.cards.mu.Unlock()
	out := make([]CardInstance, 0, len(s.cards.order))
	for _, id := range s.cards.order {
		out = append(out, s.cards.byID[id].clone())
	}
	return out
}

type cardParams struct {
	CardParamMap map[string]string `json:"cardParamMap"`
}

type cardUpdateOptions struct {
	UpdateCardDataByKey    bool `json:"updateCardDataByKey"`
	UpdatePrivateDataByKey bool `json:"updatePrivateDataByKey"`
}

// cardRequest covers createAndDeliver and update bodies (SDK keys).
type cardRequest struct {
	CardTemplateID    string                `json:"cardTemplateId"`
	OutTrackID        string                `json:"outTrackId"`
	CardData          *cardParams           `json:"cardData"`
	PrivateData       map[string]cardParams `json:"privateData"`
	CallbackType      string                `json:"callbackType"`
	OpenSpaceID       string                `json:"openSpaceId"`
	UserIDType        int                   `json:"userIdType"`
	CardUpdateOptions *cardUpdateOptions    `json:"cardUpdateOptions"`
}

type deliverResult struct {
	SpaceType string `json:"spaceType"`
	SpaceID   string `json:"spaceId"`
	Success   bool   `json:"success"`
	ErrorMsg  string `json:"errorMsg"`
	CarrierID string `json:"carrierId"`
}

// parseSpaces splits "dtv1.card//IM_GROUP.cid…;IM_ROBOT.user" into deliver
// results (space type upper-cased); ok is false when malformed.
func parseSpaces(openSpaceID string) ([]deliverResult, bool) {
	rest, ok := strings.CutPrefix(openSpaceID, "dtv1.card//")
	if !ok || rest == "" {
		return nil, false
	}
	var out []deliverResult
	for _, part := range strings.Split(rest, ";") {
		typ, id, ok := strings.Cut(part, ".")
		if !ok || typ == "" || id == "" {
			return nil, false
		}
		out = append(out, deliverResult{SpaceType: strings.ToUpper(typ), SpaceID: id, Success: true, CarrierID: secret()})
	}
	return out, true
}

// handleCardCreate serves POST /v1.0/card/instances/createAndDeliver. A
// repeated outTrackId replaces the data and counts as another delivery.
// Required fields and enums were checked by the contract (contract.go).
func (s *Server) handleCardCreate(x *exchange) {
	var req cardRequest
	if !x.decode(&req) {
		return
	}
	results, ok := parseSpaces(req.OpenSpaceID)
	if !ok {
		x.paramsError("invalid openSpaceId")
		return
	}
	s.storeCard(req)
	x.ok(map[string]any{"success": true, "result": map[string]any{"outTrackId": req.OutTrackID, "deliverResults": results}})
}

func (s *Server) storeCard(req cardRequest) {
	s.cards.mu.Lock()
	defer s.cards.mu.Unlock()
	c, ok := s.cards.byID[req.OutTrackID]
	if !ok {
		c = &CardInstance{OutTrackID: req.OutTrackID}
		s.cards.byID[req.OutTrackID] = c
		s.cards.order = append(s.cards.order, req.OutTrackID)
	}
	c.TemplateID, c.OpenSpaceID, c.CallbackType = req.CardTemplateID, req.OpenSpaceID, req.CallbackType
	c.UserIDType = max(req.UserIDType, 1)
	c.Params = maps.Clone(req.CardData.CardParamMap)
	c.PrivateData = make(map[string]map[string]string)
	for uid, p := range req.PrivateData {
		c.PrivateData[uid] = maps.Clone(p.CardParamMap)
	}
	c.Deliveries++
}

// handleCardUpdate serves PUT /v1.0/card/instances: with updateCardDataByKey
// (updatePrivateDataByKey) true only the keys sent change, false replaces
// the whole map.
func (s *Server) handleCardUpdate(x *exchange) {
	var req cardRequest
	if !x.decode(&req) {
		return
	}
	if !s.updateCard(req) {
		x.paramsError("card not found: " + req.OutTrackID)
		return
	}
	x.ok(map[string]bool{"success": true, "result": true})
}

func (s *Server) updateCard(req cardRequest) bool {
	opts := cardUpdateOptions{}
	if req.CardUpdateOptions != nil {
		opts = *req.CardUpdateOptions
	}
	s.cards.mu.Lock()
	defer s.cards.mu.Unlock()
	c, ok := s.cards.byID[req.OutTrackID]
	if !ok {
		return false
	}
	if req.CardData != nil {
		c.Params = mergeParams(c.Params, req.CardData.CardParamMap, opts.UpdateCardDataByKey)
	}
	for uid, p := range req.PrivateData {
		c.PrivateData[uid] = mergeParams(c.PrivateData[uid], p.CardParamMap, opts.UpdatePrivateDataByKey)
	}
	c.Updates++
	return true
}

func mergeParams(old, upd map[string]string, byKey bool) map[string]string {
	if !byKey || old == nil {
		return maps.Clone(upd)
	}
	maps.Copy(old, upd)
	return old
}
