package dingtalktest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const batchPath = "/v1.0/conference/videoConferences/query"

// batchUsers indexes userList by userId.
func batchUsers(t *testing.T, info map[string]any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, u := range info["userList"].([]any) {
		um := u.(map[string]any)
		out[um["userId"].(string)] = um
	}
	return out
}

// TestBatchQueryMedia: micStatus and cameraStatus follow each member's
// state; invitees are 0 (init), members who left 1 (off).
func TestBatchQueryMedia(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{})
	s.AddUser(User{UserID: "dave", Name: "Dave"})
	s.AddUser(User{UserID: "frank", Name: "Frank"})
	call(t, s, tok, "POST", vcPath+id+"/members/mute", map[string]any{"action": "mute", "userList": users("union-bob")}, 200)
	require.NoError(t, s.SetCamera(id, "carol", false))
	call(t, s, tok, "POST", vcPath+id+"/users/invite", map[string]any{"unionId": "union-alice",
		"inviteeList": invitees("union-dave", "Dave", "union-frank", "Frank")}, 200)
	require.NoError(t, s.Decline(id, "frank", "在路上"))

	r := call(t, s, tok, "POST", batchPath, map[string]any{"conferenceIdList": []string{id}}, 200)
	infos := r.body["infos"].([]any)
	require.Len(t, infos, 1)
	info := infos[0].(map[string]any)
	assert.Equal(t, id, info["conferenceId"])
	assert.Equal(t, "Ops", info["title"])
	assert.Equal(t, float64(2), info["status"])
	assert.Equal(t, float64(t0.UnixMilli()), info["startTime"])
	assert.Equal(t, float64(0), info["mediaStatus"])
	got := batchUsers(t, info)
	type row struct{ attend, mic, camera float64 }
	want := map[string]row{
		"union-alice": {3, 2, 2}, "union-bob": {3, 1, 2}, "union-carol": {3, 2, 1},
		"union-dave": {2, 0, 0}, "union-frank": {4, 0, 0},
	}
	for union, w := range want {
		u := got[union]
		require.NotNil(t, u, union)
		assert.Equal(t, w, row{u["attendStatus"].(float64), u["micStatus"].(float64), u["cameraStatus"].(float64)}, union)
	}
	assert.Equal(t, "在路上", got["union-frank"]["rejectDescription"])
	assert.Equal(t, "张三", got["union-carol"]["nick"])

	require.NoError(t, s.Leave(id, "carol"))
	call(t, s, tok, "POST", vcPath+id+"/allMembers/mute", map[string]any{"action": "mute", "forceMute": true}, 200)
	r = call(t, s, tok, "POST", batchPath, map[string]any{"conferenceIdList": []string{id}}, 200)
	info = r.body["infos"].([]any)[0].(map[string]any)
	assert.Equal(t, float64(5), info["mediaStatus"], "mute-all (1) forced (4)")
	carol := batchUsers(t, info)["union-carol"]
	assert.Equal(t, []any{float64(6), float64(1), float64(1)}, []any{carol["attendStatus"], carol["micStatus"], carol["cameraStatus"]})
}

// TestBatchQueryOngoingOnly: ended and unknown meetings are missing from
// infos; the order asked is kept and repeats answered once.
func TestBatchQueryOngoingOnly(t *testing.T) {
	t.Parallel()
	s, a, tok := liveFixture(t, Options{})
	b := s.AddMeeting(MeetingSpec{Title: "B", HostUserID: "bob"})
	ended := s.AddMeeting(MeetingSpec{Title: "Gone", HostUserID: "carol"})
	s.EndMeeting(ended)
	r := call(t, s, tok, "POST", batchPath, map[string]any{"conferenceIdList": []string{b, ended, "nope", a, b}}, 200)
	var ids []string
	for _, info := range r.body["infos"].([]any) {
		ids = append(ids, info.(map[string]any)["conferenceId"].(string))
	}
	assert.Equal(t, []string{b, a}, ids)

	r = call(t, s, tok, "POST", batchPath, map[string]any{"conferenceIdList": []string{ended}}, 200)
	assert.JSONEq(t, `{"infos":[]}`, string(r.raw))
}

func TestBatchQueryRefusals(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{})
	many := make([]string, 51)
	for i := range many {
		many[i] = id
	}
	tests := []struct {
		name string
		body any
		code string
	}{
		{"no list", map[string]any{}, "MissingconferenceIdList"},
		{"empty list", map[string]any{"conferenceIdList": []string{}}, "MissingconferenceIdList"},
		{"51 ids", map[string]any{"conferenceIdList": many}, "paramsError"},
		{"a number", map[string]any{"conferenceIdList": []any{id, 7}}, "paramsError"},
		{"an empty id", map[string]any{"conferenceIdList": []string{id, ""}}, "paramsError"},
		{"not a list", map[string]any{"conferenceIdList": id}, "paramsError"},
	}
	for _, tc := range tests {
		r := call(t, s, tok, "POST", batchPath, tc.body, 400)
		assert.Equal(t, tc.code, r.str("code"), tc.name)
	}
	call(t, s, tok, "POST", batchPath, map[string]any{"conferenceIdList": many[:50]}, 200)
}

// TestBatchQueryStaffIDs: with Options.BatchStaffIDs userId carries the
// staff userId, empty for an external member.
func TestBatchQueryStaffIDs(t *testing.T) {
	t.Parallel()
	for _, staff := range []bool{false, true} {
		s := setup(t, Options{BatchStaffIDs: staff})
		id := s.AddMeeting(MeetingSpec{HostUserID: "alice", Members: []string{"eve"}})
		r := call(t, s, token(t, s), "POST", batchPath, map[string]any{"conferenceIdList": []string{id}}, 200)
		got := batchUsers(t, r.body["infos"].([]any)[0].(map[string]any))
		if staff {
			assert.Contains(t, got, "alice")
			assert.Contains(t, got, "", "eve is external: no staff userId")
		} else {
			assert.Contains(t, got, "union-alice")
			assert.Contains(t, got, "union-eve")
		}
	}
}
