package dingtalk

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCardsCreateAndDeliver(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		req      CreateAndDeliverRequest
		wantBody string
	}{
		{
			name: "group",
			req: CreateAndDeliverRequest{
				CardTemplateID: "tpl.schema", OutTrackID: "mtg-1",
				CardData:     CardData{CardParamMap: map[string]string{"title": "Meeting", "count": "3"}},
				CallbackType: CallbackStream, OpenSpaceID: GroupSpace("cidAbc=="), UserIDType: UserIDTypeUserID,
				IMGroupOpenSpaceModel:   &IMGroupOpenSpaceModel{SupportForward: true},
				IMGroupOpenDeliverModel: &IMGroupOpenDeliverModel{RobotCode: "robot"},
			},
			wantBody: `{"cardTemplateId":"tpl.schema","outTrackId":"mtg-1",
				"cardData":{"cardParamMap":{"title":"Meeting","count":"3"}},
				"callbackType":"STREAM","openSpaceId":"dtv1.card//IM_GROUP.cidAbc==","userIdType":1,
				"imGroupOpenSpaceModel":{"supportForward":true},"imGroupOpenDeliverModel":{"robotCode":"robot"}}`,
		},
		{
			name: "robot 1:1 with private data",
			req: CreateAndDeliverRequest{
				CardTemplateID: "tpl.schema", OutTrackID: "mtg-2",
				CardData:    CardData{CardParamMap: map[string]string{"title": "M"}},
				PrivateData: map[string]CardData{"u1": {CardParamMap: map[string]string{"me": "true"}}},
				OpenSpaceID: RobotSpace("u1"), IMRobotOpenSpaceModel: &IMGroupOpenSpaceModel{},
				IMRobotOpenDeliverModel: &IMRobotOpenDeliverModel{RobotCode: "robot"},
			},
			wantBody: `{"cardTemplateId":"tpl.schema","outTrackId":"mtg-2","cardData":{"cardParamMap":{"title":"M"}},
				"privateData":{"u1":{"cardParamMap":{"me":"true"}}},"openSpaceId":"dtv1.card//IM_ROBOT.u1",
				"imRobotOpenSpaceModel":{},"imRobotOpenDeliverModel":{"spaceType":"IM_ROBOT","robotCode":"robot"}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.mux.HandleFunc("POST /v1.0/card/instances/createAndDeliver", func(w http.ResponseWriter, r *http.Request) {
				testV1Auth(t, r, token(1))
				testJSONBody(t, r, tt.wantBody)
				writeJSON(w, 200, `{"success":true,"result":{"outTrackId":"`+tt.req.OutTrackID+`","deliverResults":[
					{"spaceType":"IM_GROUP","spaceId":"cidAbc==","success":true,"errorMsg":"","carrierId":"car"}]}}`)
			})
			got, err := f.client.Cards.CreateAndDeliver(context.Background(), tt.req)
			require.NoError(t, err)
			assert.Equal(t, &CardDelivery{OutTrackID: tt.req.OutTrackID, DeliverResults: []DeliverResult{
				{SpaceType: "IM_GROUP", SpaceID: "cidAbc==", Success: true, CarrierID: "car"}}}, got)
		})
	}
}

func TestCardsCreateAndDeliverNotSuccessful(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc("POST /v1.0/card/instances/createAndDeliver", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"success":false}`)
	})
	_, err := f.client.Cards.CreateAndDeliver(context.Background(), CreateAndDeliverRequest{OutTrackID: "x"})
	assert.Error(t, err)
}

func TestCardsUpdate(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc("PUT /v1.0/card/instances", func(w http.ResponseWriter, r *http.Request) {
		testV1Auth(t, r, token(1))
		testJSONBody(t, r, `{"outTrackId":"mtg-1","cardData":{"cardParamMap":{"status":"ended"}},
			"privateData":{"u1":{"cardParamMap":{"x":"1"}}},
			"cardUpdateOptions":{"updateCardDataByKey":true,"updatePrivateDataByKey":false}}`)
		writeJSON(w, 200, `{"success":true,"result":true}`)
	})
	err := f.client.Cards.Update(context.Background(), UpdateCardRequest{
		OutTrackID:  "mtg-1",
		CardData:    &CardData{CardParamMap: map[string]string{"status": "ended"}},
		PrivateData: map[string]CardData{"u1": {CardParamMap: map[string]string{"x": "1"}}},
		Options:     &CardUpdateOptions{UpdateCardDataByKey: true},
	})
	require.NoError(t, err)
}
