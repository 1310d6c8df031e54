package dingtalktest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const vcPath = "/v1.0/conference/videoConferences/"

func TestConferenceCreate(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := setup(t, Options{Now: func() time.Time { return t0 }})
	tok := token(t, s)
	r := do(t, s, "POST", "/v1.0/conference/videoConferences", tok,
		map[string]any{"userId": "union-alice", "confTitle": "Standup", "inviteUserIds": []string{"union-bob"}})
	require.Equal(t, http.StatusOK, r.status, string(r.raw))
	id := r.str("conferenceId")
	for _, k := range []string{"roomCode", "externalLinkUrl", "conferencePassword", "hostPassword"} {
		assert.NotEmpty(t, r.str(k), k)
	}
	st, ok := s.Meeting(id)
	require.True(t, ok)
	assert.Equal(t, 2, st.Status)
	assert.Equal(t, "union-alice", st.HostUnionID)
	assert.Equal(t, []MemberState{
		{UnionID: "union-alice", Nick: "Alice", Host: true, Present: true, AttendStatus: 3, Mic: MediaOn, Camera: MediaOn, JoinTime: t0},
		{UnionID: "union-bob", Nick: "Bob", AttendStatus: 2},
	}, st.Members)

	tests := []struct {
		name string
		body map[string]any
		code string
	}{
		{"no title", map[string]any{"userId": "union-alice"}, "MissingconfTitle"},
		{"empty title", map[string]any{"userId": "union-alice", "confTitle": ""}, "MissingconfTitle"},
		{"title too long", map[string]any{"userId": "union-alice", "confTitle": strings.Repeat("x", 257)}, "paramsError"},
		{"no host", map[string]any{"confTitle": "x"}, "MissinguserId"},
		{"unknown host", map[string]any{"userId": "union-zed", "confTitle": "x"}, "unknownUserError"},
		{"unknown invitee", map[string]any{"userId": "union-alice", "confTitle": "x", "inviteUserIds": []string{"zed"}}, "unknownUserError"},
	}
	for _, tc := range tests {
		r := do(t, s, "POST", "/v1.0/conference/videoConferences", tok, tc.body)
		assert.Equal(t, http.StatusBadRequest, r.status, tc.name)
		assert.Equal(t, tc.code, r.str("code"), tc.name)
	}
	long := do(t, s, "POST", "/v1.0/conference/videoConferences", tok, map[string]any{"userId": "union-alice", "confTitle": strings.Repeat("会", 60)})
	st, _ = s.Meeting(long.str("conferenceId"))
	assert.Equal(t, strings.Repeat("会", 50), st.Title, "titles are kept to 50 chars")
}

// meetingFixture seeds alice (host), bob (co-host) and carol.
func meetingFixture(t *testing.T) (*Server, string, string) {
	s := setup(t, Options{})
	id := s.AddMeeting(MeetingSpec{Title: "Ops", HostUserID: "alice", Members: []string{"bob", "carol"}, CoHosts: []string{"bob"}, RoomCode: "123456789"})
	return s, id, token(t, s)
}

func TestConferenceControl(t *testing.T) {
	t.Parallel()
	s, id, tok := meetingFixture(t)
	tests := []struct {
		name, path string
		body       map[string]any
		status     int
		code       string
	}{
		{"focus", "/focus", map[string]any{"action": "focus", "unionId": "union-carol"}, 200, ""},
		{"focus stranger", "/focus", map[string]any{"action": "focus", "unionId": "union-zed"}, 400, "unknownUserError"},
		{"focus no user", "/focus", map[string]any{"action": "focus"}, 400, "MissingunionId"},
		{"focus bad action", "/focus", map[string]any{"action": "zoom", "unionId": "union-carol"}, 400, "paramsError"},
		{"cohost add", "/coHosts/set", map[string]any{"action": "add", "userList": []map[string]string{{"unionId": "union-carol"}}}, 200, ""},
		{"cohost remove", "/coHosts/set", map[string]any{"action": "remove", "userList": []map[string]string{{"unionId": "union-bob"}}}, 200, ""},
		{"cohost partly unknown", "/coHosts/set", map[string]any{"action": "remove", "userList": []map[string]string{{"unionId": "union-carol"}, {"unionId": "union-zed"}}}, 400, "unknownUserError"},
		{"cohost bad action", "/coHosts/set", map[string]any{"action": "promote", "userList": []map[string]string{{"unionId": "union-carol"}}}, 400, "paramsError"},
		{"mute all", "/allMembers/mute", map[string]any{"action": "mute", "forceMute": true}, 200, ""},
		{"lock", "/lock", map[string]any{"action": "lock"}, 200, ""},
		{"lock bad action", "/lock", map[string]any{"action": "bolt"}, 400, "paramsError"},
		{"mute one", "/members/mute", map[string]any{"action": "mute", "userList": []map[string]string{{"unionId": "union-bob"}}}, 200, ""},
	}
	for _, tc := range tests {
		r := do(t, s, "POST", vcPath+id+tc.path, tok, tc.body)
		assert.Equal(t, tc.status, r.status, tc.name+": "+string(r.raw))
		if tc.status == 200 {
			assert.Equal(t, map[string]any{"success": true}, r.body, tc.name)
		} else {
			assert.Equal(t, tc.code, r.str("code"), tc.name)
		}
	}
	st, _ := s.Meeting(id)
	assert.Equal(t, "union-carol", st.Focus)
	assert.True(t, st.MutedAll)
	assert.True(t, st.Locked)
	assert.Equal(t, []bool{false, false, true}, []bool{st.Members[0].CoHost, st.Members[1].CoHost, st.Members[2].CoHost},
		"the failed partial remove changed nothing")

	r := do(t, s, "POST", vcPath+id+"/focus", tok, map[string]any{"action": "un_focus", "unionId": "union-carol"})
	require.Equal(t, http.StatusOK, r.status, string(r.raw))
	st, _ = s.Meeting(id)
	assert.Equal(t, "", st.Focus)
}

func TestConferenceUnknownAndEnded(t *testing.T) {
	t.Parallel()
	s, id, tok := meetingFixture(t)
	r := do(t, s, "POST", vcPath+"nope/focus", tok, map[string]any{"action": "focus", "unionId": "union-bob"})
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "paramsError", r.str("code"))
	assert.True(t, strings.HasPrefix(r.str("message"), "error:"))

	r = do(t, s, "DELETE", vcPath+id+"?unionId=union-bob", tok, nil)
	assert.Equal(t, "paramsError", r.str("code"), "only the host may close")
	r = do(t, s, "DELETE", vcPath+id+"?unionId=union-alice", tok, nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, map[string]any{"code": float64(200), "cause": "success"}, r.body)

	r = do(t, s, "POST", vcPath+id+"/focus", tok, map[string]any{"action": "focus", "unionId": "union-bob"})
	assert.Equal(t, "paramsError", r.str("code"), "control calls fail on an ended meeting")
	r = do(t, s, "GET", vcPath+id, tok, nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, float64(1), r.body["confInfo"].(map[string]any)["status"])
	lists := do(t, s, "GET", "/v1.0/conference/users/lists?unionId=union-bob", tok, nil)
	assert.Equal(t, []any{}, lists.body["onGoingConfIdList"])
}

func TestConferenceQueries(t *testing.T) {
	t.Parallel()
	s, id, tok := meetingFixture(t)
	r := do(t, s, "GET", vcPath+id, tok, nil)
	info := r.body["confInfo"].(map[string]any)
	assert.Equal(t, "Ops", info["title"])
	assert.Equal(t, "union-alice", info["creatorId"])
	assert.Equal(t, float64(2), info["status"])

	lists := do(t, s, "GET", "/v1.0/conference/users/lists?unionId=union-bob", tok, nil)
	assert.Equal(t, []any{id}, lists.body["onGoingConfIdList"])
	model := lists.body["memberModelMap"].(map[string]any)[id].(map[string]any)
	assert.Equal(t, true, model["coHost"])
	assert.Equal(t, float64(3), model["attendStatus"])

	rc := do(t, s, "GET", "/v1.0/conference/roomCodes/123456789/infos", tok, nil)
	assert.Equal(t, float64(1), rc.body["totalCount"])
	assert.Equal(t, id, rc.body["conferenceList"].([]any)[0].(map[string]any)["conferenceId"])
	spaced := do(t, s, "GET", "/v1.0/conference/roomCodes/123%20456%20789/infos", tok, nil)
	assert.Equal(t, float64(0), spaced.body["totalCount"], "spaces are not stripped")
}

func TestConferenceMembersPaging(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	var others []string
	for i := range 130 {
		uid := "u" + itoa(i)
		s.AddUser(User{UserID: uid})
		others = append(others, uid)
	}
	id := s.AddMeeting(MeetingSpec{Title: "Big", HostUserID: "alice", Members: others})
	tok := token(t, s)

	first := do(t, s, "GET", vcPath+id+"/members", tok, nil)
	assert.Len(t, first.body["memberModels"], 128, "default page is 128")
	assert.Equal(t, float64(131), first.body["totalCount"])
	assert.Equal(t, true, first.body["memberModels"].([]any)[0].(map[string]any)["host"])

	var seen []string
	next := "0"
	for pages := 0; next != "" && pages < 100; pages++ {
		r := do(t, s, "GET", vcPath+id+"/members?maxResults=50&nextToken="+next, tok, nil)
		require.Equal(t, http.StatusOK, r.status)
		for _, m := range r.body["memberModels"].([]any) {
			seen = append(seen, m.(map[string]any)["unionId"].(string))
		}
		next = r.str("nextToken")
	}
	require.Len(t, seen, 131)
	assert.Equal(t, "union-alice", seen[0])
	assert.Equal(t, "union-u129", seen[130])
	bad := do(t, s, "GET", vcPath+id+"/members?nextToken=abc", tok, nil)
	assert.Equal(t, "paramsError", bad.str("code"))
}

func TestAddMeetingPanicsOnUnknownUser(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	assert.Panics(t, func() { s.AddMeeting(MeetingSpec{HostUserID: "zed"}) })
	assert.Panics(t, func() { s.AddMeeting(MeetingSpec{HostUserID: "alice", CoHosts: []string{"bob"}}) })
}

// TestCloseAnswer: a successful close answers code 200 and cause success.
func TestCloseAnswer(t *testing.T) {
	t.Parallel()
	s, id, tok := meetingFixture(t)
	r := do(t, s, "DELETE", vcPath+id+"?unionId=union-alice", tok, nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.JSONEq(t, `{"code":200,"cause":"success"}`, string(r.raw))
	st, _ := s.Meeting(id)
	assert.Equal(t, statusEnded, st.Status)

	for _, q := range []string{"", "?unionId="} {
		r := do(t, s, "DELETE", vcPath+id+q, tok, nil)
		assert.Equal(t, http.StatusBadRequest, r.status)
		assert.Equal(t, "MissingunionId", r.str("code"), "the contract runs before the meeting is looked up")
	}
}
