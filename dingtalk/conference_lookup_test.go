package dingtalk

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUserOngoing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want []Participation
	}{
		{
			name: "models carry conferenceId",
			body: `{"onGoingConfIdList":["c1","c2"],"memberModelMap":{
				"k1":{"unionId":"u1","conferenceId":"c1","host":true,"attendStatus":3},
				"k2":{"unionId":"u1","conferenceId":"c2","coHost":true,"attendStatus":2}}}`,
			want: []Participation{{ConferenceID: "c1", Host: true, AttendStatus: 3}, {ConferenceID: "c2", CoHost: true, AttendStatus: 2}},
		},
		{
			name: "key is the conference id",
			body: `{"onGoingConfIdList":["c1"],"memberModelMap":{"c1":{"unionId":"u1","coHost":true}}}`,
			want: []Participation{{ConferenceID: "c1", CoHost: true}},
		},
		{
			name: "no model for a listed meeting",
			body: `{"onGoingConfIdList":["c1"]}`,
			want: []Participation{{ConferenceID: "c1"}},
		},
		{
			name: "no id list",
			body: `{"memberModelMap":{"c2":{"host":true},"x":{"conferenceId":"c1"}}}`,
			want: []Participation{{ConferenceID: "c1"}, {ConferenceID: "c2", Host: true}},
		},
		{name: "none", body: `{"onGoingConfIdList":[]}`, want: []Participation{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.mux.HandleFunc("GET /v1.0/conference/users/lists", func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, "u1", r.URL.Query().Get("unionId"))
				testV1Auth(t, r, token(1))
				writeJSON(w, 200, tt.body)
			})
			got, err := f.client.Conference.UserOngoing(context.Background(), "u1")
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestByRoomCode(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var pages []string
	f.mux.HandleFunc("GET /v1.0/conference/roomCodes/{code}/infos", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "838722123", r.PathValue("code"))
		next := r.URL.Query().Get("nextToken")
		pages = append(pages, next)
		if next == "" {
			writeJSON(w, 200, `{"conferenceList":[{"conferenceId":"c1","roomCode":"838722123","status":1}],"hasMore":true,"nextToken":"n2"}`)
			return
		}
		writeJSON(w, 200, `{"conferenceList":[{"conferenceId":"c2","roomCode":"838722123","status":2,"title":"Weekly","creatorId":"h"}],"hasMore":false,"nextToken":"n3"}`)
	})
	got, err := f.client.Conference.ByRoomCode(context.Background(), " 838 722-123 ")
	require.NoError(t, err)
	assert.Equal(t, []string{"", "n2"}, pages, "hasMore=false ends paging")
	assert.Equal(t, []Conference{
		{ConferenceID: "c1", RoomCode: "838722123", Status: StatusEnded},
		{ConferenceID: "c2", RoomCode: "838722123", Status: StatusStarted, Title: "Weekly", CreatorUnionID: "h"},
	}, got)
}

func TestNormalizeRoomCode(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"838722123", "838722123"},
		{"838 722 123", "838722123"},
		{"838-722-123", "838722123"},
		{"838\u00a0722\t123\n", "838722123"},
		{"838/722?123#", "838722123"},
		{" - ", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, NormalizeRoomCode(tt.in), tt.in)
	}
}

func TestByRoomCodeEmpty(t *testing.T) {
	t.Parallel()
	f := setup(t)
	_, err := f.client.Conference.ByRoomCode(context.Background(), " - ")
	assert.ErrorIs(t, err, ErrEmptyRoomCode)
}
