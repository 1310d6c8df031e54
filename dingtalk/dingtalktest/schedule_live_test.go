package dingtalktest

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const schedConfsPath = "/v1.0/conference/videoConferences/scheduleConferences/"

func listSchedConfs(t *testing.T, s *Server, tok, id, query string) response {
	t.Helper()
	return call(t, s, tok, "GET", schedConfsPath+id+query, nil, 200)
}

// TestScheduleStartsWithTheClock: the live conference appears once the
// clock passes the start time, and is a normal meeting.
func TestScheduleStartsWithTheClock(t *testing.T) {
	t.Parallel()
	s, id, tok := schedFixture(t, Options{}, nil)
	r := listSchedConfs(t, s, tok, id, "")
	assert.JSONEq(t, `{"conferenceList":[],"nextToken":"","totalCount":0}`, string(r.raw))

	s.AdvanceClock(time.Hour - time.Millisecond)
	assert.Equal(t, float64(0), listSchedConfs(t, s, tok, id, "").body["totalCount"], "a millisecond early")
	s.AdvanceClock(90 * time.Minute)
	r = listSchedConfs(t, s, tok, id, "")
	require.Equal(t, float64(1), r.body["totalCount"])
	c := r.body["conferenceList"].([]any)[0].(map[string]any)
	confID := c["conferenceId"].(string)
	sc, _ := s.Schedule(id)
	assert.Equal(t, []string{confID}, sc.Conferences)
	assert.Equal(t, float64(2), c["status"])
	assert.Equal(t, "周会", c["title"])
	assert.Equal(t, float64(ms(t0.Add(time.Hour))), c["startTime"], "it started at its start time")
	assert.Equal(t, strings.ReplaceAll(sc.RoomCode, " ", ""), c["roomCode"], "the conference's code has no spaces")
	assert.Contains(t, r.body, "nextToken")

	info := infoOf(t, s, tok, confID)
	assert.Equal(t, id, info["scheduleConferenceId"])
	assert.Equal(t, "union-alice", info["creatorId"])
	st, _ := s.Meeting(confID)
	assert.Equal(t, "union-alice", st.HostUnionID)
	assert.Equal(t, sc.URL, st.JoinURL)
	require.NoError(t, s.Join(confID, "carol"))
	call(t, s, tok, "POST", vcPath+confID+"/focus", map[string]any{"action": "focus", "unionId": "union-carol"}, 200)
	rc := call(t, s, tok, "GET", "/v1.0/conference/roomCodes/"+c["roomCode"].(string)+"/infos", nil, 200)
	assert.Equal(t, float64(1), rc.body["totalCount"])

	call(t, s, tok, "DELETE", vcPath+confID+"?unionId=union-alice", nil, 200)
	c = listSchedConfs(t, s, tok, id, "").body["conferenceList"].([]any)[0].(map[string]any)
	assert.Equal(t, float64(1), c["status"], "ended conferences stay listed")
	assert.Equal(t, float64(ms(t0.Add(150*time.Minute-time.Millisecond))), c["endTime"])
	s.AdvanceClock(24 * time.Hour)
	assert.Equal(t, float64(1), listSchedConfs(t, s, tok, id, "").body["totalCount"], "it starts on its own once")
}

// TestScheduleSettingsApplied: the live conference is hosted as set, with
// co-hosts, mute on join, lock and the automatic recording.
func TestScheduleSettingsApplied(t *testing.T) {
	t.Parallel()
	s, id, tok := schedFixture(t, Options{}, map[string]any{
		"hostUnionId": "union-bob", "cohostUnionIds": []string{"union-carol"}, "muteOnJoin": -1, "screenShareForbidden": 1,
		"moziConfVirtualExtraSetting": map[string]any{"waitingRoom": 1, "minutesOwnerUnionId": "union-carol"},
		"moziConfOpenRecordSetting":   map[string]any{"recordAutoStart": 1, "mode": "speech"},
	})
	confID, err := s.StartSchedule(id)
	require.NoError(t, err)
	_, err = s.StartSchedule(id)
	assert.ErrorIs(t, err, ErrScheduleLive)
	st, _ := s.Meeting(confID)
	assert.Equal(t, "union-bob", st.HostUnionID, "hostUnionId hosts")
	assert.Equal(t, "union-alice", st.CreatorUnionID)
	assert.Equal(t, t0, st.Start, "started by the test, now")
	assert.Equal(t, []bool{true, true, true}, []bool{st.ForbiddenShareScreen, st.WaitingRoom, st.MuteOnJoin == -1})
	assert.Equal(t, 1, st.CloudRecordStatus, "recording started with the host")
	assert.Equal(t, "speech", s.Recordings(confID)[0].Mode)

	require.NoError(t, s.Join(confID, "carol"))
	carol := memberOf(t, s, confID, "union-carol")
	assert.True(t, carol.CoHost, "a co-host of the schedule")
	assert.Equal(t, MediaOff, carol.Mic, "muted on join")
	assert.Equal(t, MediaOn, memberOf(t, s, confID, "union-bob").Mic, "the host is not")

	call(t, s, tok, "POST", vcPath+confID+"/minutes/start", map[string]any{"unionId": "union-bob"}, 200)
	assert.Equal(t, "union-carol", infoOf(t, s, tok, confID)["minutesOwnerUnionId"])
}

func TestScheduleLockRoom(t *testing.T) {
	t.Parallel()
	s, id, _ := schedFixture(t, Options{}, map[string]any{"lockRoom": 1,
		"moziConfOpenRecordSetting": map[string]any{"recordAutoStart": 1, "recordAutoStartType": 1}})
	s.AdvanceClock(time.Hour)
	sc, _ := s.Schedule(id)
	require.Len(t, sc.Conferences, 1)
	confID := sc.Conferences[0]
	assert.ErrorIs(t, s.Join(confID, "bob"), ErrMeetingLocked)
	st, _ := s.Meeting(confID)
	assert.Equal(t, 0, st.CloudRecordStatus, "type 1 waits for a co-host")
}

// TestScheduleRestart: after its conference ends, the test can start the
// schedule again: a second conference, same room code.
func TestScheduleRestart(t *testing.T) {
	t.Parallel()
	s, id, tok := schedFixture(t, Options{}, nil)
	first, err := s.StartSchedule(id)
	require.NoError(t, err)
	s.AdvanceClock(2 * time.Hour)
	s.EndMeeting(first)
	second, err := s.StartSchedule(id)
	require.NoError(t, err)
	r := listSchedConfs(t, s, tok, id, "?maxResults=1")
	assert.Equal(t, float64(2), r.body["totalCount"])
	assert.Equal(t, "1", r.str("nextToken"))
	assert.Equal(t, first, r.body["conferenceList"].([]any)[0].(map[string]any)["conferenceId"])
	r = listSchedConfs(t, s, tok, id, "?maxResults=1&nextToken=1")
	assert.Equal(t, second, r.body["conferenceList"].([]any)[0].(map[string]any)["conferenceId"])
	assert.Equal(t, "", r.str("nextToken"))
	_, err = s.StartSchedule("nope")
	assert.ErrorIs(t, err, ErrNoSchedule)
}

// TestScheduleCancelEndsLive: cancelling ends a running conference.
func TestScheduleCancelEndsLive(t *testing.T) {
	t.Parallel()
	s, id, tok := schedFixture(t, Options{}, nil)
	confID, err := s.StartSchedule(id)
	require.NoError(t, err)
	call(t, s, tok, "POST", schedPath+"/cancel", map[string]any{"creatorUnionId": "union-alice", "scheduleConferenceId": id}, 200)
	st, _ := s.Meeting(confID)
	assert.Equal(t, 1, st.Status)
}

// TestScheduleConfsRoute: the schedule route shares its shape with
// …/{conferenceId}/members; other GET …/videoConferences/X/Y stay not found.
func TestScheduleConfsRoute(t *testing.T) {
	t.Parallel()
	s, id, tok := schedFixture(t, Options{}, nil)
	meeting := s.AddMeeting(MeetingSpec{HostUserID: "alice"})
	call(t, s, tok, "GET", vcPath+meeting+"/members", nil, 200)
	r := call(t, s, tok, "GET", vcPath+meeting+"/infos?realData=true", nil, 404)
	assert.Equal(t, "InvalidAction.NotFound", r.str("code"))
	r = call(t, s, tok, "GET", schedConfsPath+"nope", nil, 400)
	assert.Equal(t, "paramsError", r.str("code"))
	r = call(t, s, tok, "GET", schedConfsPath+id+"?nextToken=x", nil, 400)
	assert.Equal(t, "paramsError", r.str("code"))
}

func TestAddSchedule(t *testing.T) {
	t.Parallel()
	s := setup(t, clocked())
	id := s.AddSchedule(ScheduleSpec{Title: "Seeded", CreatorUserID: "alice", Start: t0.Add(-time.Minute), End: t0.Add(time.Hour)})
	sc, ok := s.Schedule(id)
	require.True(t, ok)
	assert.Len(t, sc.Conferences, 1, "a start in the past starts on the next look")
	assert.Panics(t, func() { s.AddSchedule(ScheduleSpec{CreatorUserID: "zed"}) })
}
