package dingtalk

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConferenceControlCalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		pattern  string
		wantBody string
		call     func(context.Context, *ConferenceService) error
	}{
		{"focus", focusPattern, `{"action":"focus","unionId":"u1"}`,
			func(ctx context.Context, s *ConferenceService) error { return s.Focus(ctx, "c1", "u1") }},
		{"unfocus", focusPattern, `{"action":"un_focus","unionId":"u1"}`,
			func(ctx context.Context, s *ConferenceService) error { return s.Unfocus(ctx, "c1", "u1") }},
		{"add co-hosts", "POST /v1.0/conference/videoConferences/{id}/coHosts/set",
			`{"action":"add","userList":[{"unionId":"u1"},{"unionId":"u2"}]}`,
			func(ctx context.Context, s *ConferenceService) error {
				return s.AddCoHosts(ctx, "c1", []string{"u1", "u2"})
			}},
		{"remove co-hosts", "POST /v1.0/conference/videoConferences/{id}/coHosts/set",
			`{"action":"remove","userList":[{"unionId":"u2"}]}`,
			func(ctx context.Context, s *ConferenceService) error {
				return s.RemoveCoHosts(ctx, "c1", []string{"u2"})
			}},
		{"mute all", "POST /v1.0/conference/videoConferences/{id}/allMembers/mute", `{"action":"mute"}`,
			func(ctx context.Context, s *ConferenceService) error { return s.MuteAll(ctx, "c1") }},
		{"unmute all", "POST /v1.0/conference/videoConferences/{id}/allMembers/mute", `{"action":"un_mute"}`,
			func(ctx context.Context, s *ConferenceService) error { return s.UnmuteAll(ctx, "c1") }},
		{"lock", "POST /v1.0/conference/videoConferences/{id}/lock", `{"action":"lock"}`,
			func(ctx context.Context, s *ConferenceService) error { return s.Lock(ctx, "c1") }},
		{"unlock", "POST /v1.0/conference/videoConferences/{id}/lock", `{"action":"unlock"}`,
			func(ctx context.Context, s *ConferenceService) error { return s.Unlock(ctx, "c1") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.mux.HandleFunc(tt.pattern, func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, "c1", r.PathValue("id"))
				assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
				testV1Auth(t, r, token(1))
				testJSONBody(t, r, tt.wantBody)
				writeJSON(w, 200, `{"success":true}`)
			})
			require.NoError(t, tt.call(context.Background(), f.client.Conference))

			f2 := setup(t)
			f2.mux.HandleFunc(tt.pattern, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"success":false}`) })
			assert.Error(t, tt.call(context.Background(), f2.client.Conference), "success=false is an error")
		})
	}
}

func TestConferenceEmptyIDFailsWithoutCalling(t *testing.T) {
	t.Parallel()
	f := setup(t)
	err := f.client.Conference.Focus(context.Background(), "", "u1")
	require.Error(t, err)
	assert.Equal(t, int32(0), f.fetches.Load())
}

func TestConferenceCreate(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc("POST /v1.0/conference/videoConferences", func(w http.ResponseWriter, r *http.Request) {
		testV1Auth(t, r, token(1))
		testJSONBody(t, r, `{"userId":"host-u","confTitle":"Standup","inviteUserIds":["u2"],"inviteCaller":false}`)
		writeJSON(w, 200, `{"conferenceId":"c9","roomCode":"123456789","externalLinkUrl":"https://meet/x",
			"conferencePassword":"p","hostPassword":"hp","phoneNumbers":["+86 1"]}`)
	})
	no := false
	got, err := f.client.Conference.Create(context.Background(),
		CreateRequest{HostUnionID: "host-u", Title: "Standup", InviteUnionIDs: []string{"u2"}, InviteCaller: &no})
	require.NoError(t, err)
	assert.Equal(t, &Created{ConferenceID: "c9", RoomCode: "123456789", ExternalLinkURL: "https://meet/x",
		ConferencePassword: "p", HostPassword: "hp", PhoneNumbers: []string{"+86 1"}}, got)
}

func TestConferenceClose(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		wantErr bool
	}{
		{"closed: DingTalk's published answer", `{"code":200,"cause":"success"}`, false},
		{"closed: code as a string", `{"code":"200","cause":"success"}`, false},
		{"closed: code 0", `{"code":0,"cause":""}`, false},
		{"closed: no body", ``, false},
		{"refused in a 200", `{"code":1001,"cause":"not host"}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.mux.HandleFunc("DELETE /v1.0/conference/videoConferences/{id}", func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, "c1", r.PathValue("id"))
				assert.Equal(t, "host-u", r.URL.Query().Get("unionId"))
				writeJSON(w, 200, tt.body)
			})
			err := f.client.Conference.Close(context.Background(), "c1", "host-u")
			if !tt.wantErr {
				assert.NoError(t, err)
				return
			}
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, "1001", apiErr.Code)
			assert.Equal(t, "not host", apiErr.Message)
		})
	}
}

func TestConferenceInfo(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc("GET /v1.0/conference/videoConferences/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "c1", r.PathValue("id"))
		writeJSON(w, 200, `{"confInfo":{"conferenceId":"c1","title":"T","roomCode":"42","externalLinkUrl":"https://x",
			"status":"1","creatorId":"host-u","creatorNick":"Host","startTime":1695283635765,"endTime":0,"activeNum":3}}`)
	})
	got, err := f.client.Conference.Info(context.Background(), "c1")
	require.NoError(t, err)
	assert.Equal(t, &Conference{ConferenceID: "c1", Title: "T", RoomCode: "42", ExternalLinkURL: "https://x",
		Status: StatusEnded, CreatorUnionID: "host-u", CreatorNick: "Host", StartTime: 1695283635765}, got)
	assert.True(t, got.Ended())
}

func TestConferenceMembersFollowsPages(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var tokens []string
	f.mux.HandleFunc("GET /v1.0/conference/videoConferences/{id}/members", func(w http.ResponseWriter, r *http.Request) {
		next := r.URL.Query().Get("nextToken")
		tokens = append(tokens, next)
		switch next {
		case "":
			writeJSON(w, 200, `{"memberModels":[{"unionId":"u1","userNick":"Host","host":true,"attendStatus":3}],"nextToken":"p2","totalCount":3}`)
		case "p2":
			writeJSON(w, 200, `{"memberModels":[{"unionId":"u2","userNick":"Bob","coHost":true,"attendStatus":"6"}],"nextToken":"p3"}`)
		default:
			writeJSON(w, 200, `{"memberModels":[{"unionId":"u3","userNick":"Eve","attendStatus":3,"outerOrgMember":true}],"nextToken":""}`)
		}
	})
	got, err := f.client.Conference.Members(context.Background(), "c1")
	require.NoError(t, err)
	assert.Equal(t, []string{"", "p2", "p3"}, tokens)
	assert.Equal(t, []Member{
		{UnionID: "u1", Nick: "Host", Host: true, AttendStatus: 3},
		{UnionID: "u2", Nick: "Bob", CoHost: true, AttendStatus: 6},
		{UnionID: "u3", Nick: "Eve", AttendStatus: 3, OuterOrgMember: true},
	}, got)
	assert.True(t, got[0].Present())
	assert.False(t, got[1].Present())
}

func TestConferenceMembersStopsAtTheEndDingTalkSignals(t *testing.T) {
	t.Parallel()
	page := func(union, token string, total int) string {
		return `{"memberModels":[{"unionId":"` + union + `"}],"nextToken":"` + token + `","totalCount":` + strconv.Itoa(total) + `}`
	}
	tests := []struct {
		name      string
		pages     map[string]string // nextToken sent → answer
		wantCalls int
		wantRead  int
	}{
		{"an empty page after a trailing token", map[string]string{
			"": page("u1", "t2", 0), "t2": page("u2", "t3", 0), "t3": `{"memberModels":[],"nextToken":"t4"}`,
		}, 3, 2},
		{"totalCount reached although the token goes on", map[string]string{
			"": page("u1", "t2", 2), "t2": page("u2", "t3", 2),
		}, 2, 2},
		{"the token repeats", map[string]string{
			"": page("u1", "t2", 0), "t2": page("u2", "t2", 0),
		}, 2, 2},
		{"hasMore false", map[string]string{
			"": `{"memberModels":[{"unionId":"u1"}],"nextToken":"t2","hasMore":false}`,
		}, 1, 1},
		{"token 0", map[string]string{"": page("u1", "0", 0)}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			var calls atomic.Int32
			f.mux.HandleFunc("GET /v1.0/conference/videoConferences/{id}/members", func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				body, ok := tt.pages[r.URL.Query().Get("nextToken")]
				if !assert.True(t, ok, "asked for page %q", r.URL.Query().Get("nextToken")) {
					body = `{"memberModels":[]}`
				}
				writeJSON(w, 200, body)
			})
			got, err := f.client.Conference.Members(context.Background(), "c1")
			require.NoError(t, err)
			assert.Len(t, got, tt.wantRead)
			assert.Equal(t, int32(tt.wantCalls), calls.Load())
		})
	}
}

func TestConferenceMembersStopsOnRepeatedToken(t *testing.T) {
	t.Parallel()
	f := setup(t)
	calls := 0
	f.mux.HandleFunc("GET /v1.0/conference/videoConferences/{id}/members", func(w http.ResponseWriter, r *http.Request) {
		calls++
		writeJSON(w, 200, `{"memberModels":[{"unionId":"u1"}],"nextToken":"same"}`)
	})
	got, err := f.client.Conference.Members(context.Background(), "c1")
	require.NoError(t, err)
	assert.Len(t, got, 2)
	assert.Equal(t, 2, calls)
}
