package dingtalktest

import (
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const schedPath = "/v1.0/conference/scheduleConferences"

func ms(t time.Time) int64 { return t.UnixMilli() }

// schedBody is a valid creation by alice, an hour from t0 for an hour.
func schedBody(edit func(map[string]any)) map[string]any {
	b := map[string]any{"creatorUnionId": "union-alice", "title": "周会",
		"startTime": ms(t0.Add(time.Hour)), "endTime": ms(t0.Add(2 * time.Hour))}
	if edit != nil {
		edit(b)
	}
	return b
}

func TestScheduleCreate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		edit   func(map[string]any)
		status int
		code   string
	}{
		{"plain", nil, 200, ""},
		{"with settings", func(b map[string]any) {
			b["scheduleConfSettingModel"] = map[string]any{"cohostUnionIds": []string{"union-bob"}, "muteOnJoin": -1, "lockRoom": 1}
		}, 200, ""},
		{"starts now", func(b map[string]any) { b["startTime"] = ms(t0) }, 200, ""},
		{"in the past", func(b map[string]any) { b["startTime"] = ms(t0.Add(-time.Millisecond)) }, 400, "paramsError"},
		{"ends before it starts", func(b map[string]any) { b["endTime"] = ms(t0.Add(30 * time.Minute)) }, 400, "paramsError"},
		{"ends as it starts", func(b map[string]any) { b["endTime"] = b["startTime"] }, 400, "paramsError"},
		{"no creator", func(b map[string]any) { delete(b, "creatorUnionId") }, 400, "MissingcreatorUnionId"},
		{"no title", func(b map[string]any) { b["title"] = "" }, 400, "Missingtitle"},
		{"no start", func(b map[string]any) { delete(b, "startTime") }, 400, "MissingstartTime"},
		{"no end", func(b map[string]any) { delete(b, "endTime") }, 400, "MissingendTime"},
		{"start as text", func(b map[string]any) { b["startTime"] = "1687924800000" }, 400, "paramsError"},
		{"unknown creator", func(b map[string]any) { b["creatorUnionId"] = "union-zed" }, 400, "unknownUserError"},
		{"external creator", func(b map[string]any) { b["creatorUnionId"] = "union-eve" }, 400, "unknownUserError"},
		{"unknown co-host", func(b map[string]any) {
			b["scheduleConfSettingModel"] = map[string]any{"cohostUnionIds": []string{"union-zed"}}
		}, 400, "unknownUserError"},
		{"muteOnJoin 5", func(b map[string]any) { b["scheduleConfSettingModel"] = map[string]any{"muteOnJoin": 5} }, 400, "paramsError"},
		{"settings not an object", func(b map[string]any) { b["scheduleConfSettingModel"] = "x" }, 400, "paramsError"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := setup(t, clocked())
			r := call(t, s, token(t, s), "POST", schedPath, schedBody(tc.edit), tc.status)
			if tc.status != 200 {
				assert.Equal(t, tc.code, r.str("code"))
				assert.Empty(t, s.Schedules())
				return
			}
			assert.Regexp(t, regexp.MustCompile(`^\d{3} \d{3} \d{5}$`), r.str("roomCode"))
			assert.Regexp(t, `^https://meeting\.dingtalk\.com/j/`, r.str("url"))
			assert.NotEmpty(t, r.body["phones"])
			assert.Equal(t, r.header.Get("x-acs-request-id"), r.str("requestId"))
			sc, ok := s.Schedule(r.str("scheduleConferenceId"))
			require.True(t, ok)
			assert.Equal(t, "周会", sc.Title)
			assert.Equal(t, "union-alice", sc.CreatorUnionID)
			assert.Equal(t, r.str("roomCode"), sc.RoomCode)
			assert.Equal(t, tc.name == "starts now", len(sc.Conferences) == 1, "starts at its start time, not before")
		})
	}
}

// TestScheduleSettingsStoredWhole: the settings model is kept as sent,
// and read into the typed view.
func TestScheduleSettingsStoredWhole(t *testing.T) {
	t.Parallel()
	s := setup(t, clocked())
	settings := map[string]any{
		"cohostUnionIds": []string{"union-bob"}, "muteOnJoin": 6, "lockRoom": 1, "screenShareForbidden": 1,
		"moziConfVirtualExtraSetting": map[string]any{"waitingRoom": 1, "minutesOwnerUnionId": "union-carol", "pushMinutesCard": true},
		"moziConfOpenRecordSetting":   map[string]any{"recordAutoStart": 1, "recordAutoStartType": 0, "mode": "speech"},
		"aiAgentSummarySetting":       map[string]any{"enableAiAgentStatus": true, "value": "enable"},
	}
	r := call(t, s, token(t, s), "POST", schedPath, schedBody(func(b map[string]any) { b["scheduleConfSettingModel"] = settings }), 200)
	sc, _ := s.Schedule(r.str("scheduleConferenceId"))
	var raw map[string]any
	require.NoError(t, jsonUnmarshal(string(sc.SettingsJSON), &raw))
	assert.Equal(t, map[string]any{"waitingRoom": float64(1), "minutesOwnerUnionId": "union-carol", "pushMinutesCard": true},
		raw["moziConfVirtualExtraSetting"])
	assert.Equal(t, []string{"union-bob"}, sc.Settings.CohostUnionIDs)
	assert.Equal(t, 6, sc.Settings.MuteOnJoin)
	assert.Equal(t, 1, sc.Settings.Virtual.WaitingRoom)
	assert.Equal(t, 1, sc.Settings.Record.RecordAutoStart)
	assert.Equal(t, "speech", sc.Settings.Record.Mode)
	assert.True(t, sc.Settings.AIAgent.EnableAiAgentStatus)
}

// schedFixture creates alice's schedule through the API.
func schedFixture(t *testing.T, opts Options, settings map[string]any) (*Server, string, string) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = clocked().Now
	}
	s := setup(t, opts)
	tok := token(t, s)
	r := call(t, s, tok, "POST", schedPath, schedBody(func(b map[string]any) {
		if settings != nil {
			b["scheduleConfSettingModel"] = settings
		}
	}), 200)
	return s, r.str("scheduleConferenceId"), tok
}

// TestScheduleOrganiserOnly: update, settings and cancel are for the
// organiser; a cancelled schedule refuses everything after.
func TestScheduleOrganiserOnly(t *testing.T) {
	t.Parallel()
	later := map[string]any{"title": "改期", "startTime": ms(t0.Add(3 * time.Hour)), "endTime": ms(t0.Add(4 * time.Hour))}
	tests := []struct {
		name, method, path string
		body               map[string]any
		status             int
		code               string
	}{
		{"update", "PUT", schedPath, later, 200, ""},
		{"update by bob", "PUT", schedPath, with(later, "creatorUnionId", "union-bob"), 400, "paramsError"},
		{"update by a stranger", "PUT", schedPath, with(later, "creatorUnionId", "union-zed"), 400, "unknownUserError"},
		{"update into the past", "PUT", schedPath, with(later, "startTime", ms(t0.Add(-time.Minute))), 400, "paramsError"},
		{"update, end first", "PUT", schedPath, with(later, "endTime", ms(t0.Add(2*time.Hour))), 400, "paramsError"},
		{"update, no title", "PUT", schedPath, with(later, "title", nil), 400, "Missingtitle"},
		{"update an unknown", "PUT", schedPath, with(later, "scheduleConferenceId", "nope"), 400, "paramsError"},
		{"settings", "PUT", schedPath + "/settings", map[string]any{"scheduleConfSettingModel": map[string]any{"lockRoom": 1}}, 200, ""},
		{"settings by bob", "PUT", schedPath + "/settings", map[string]any{"creatorUnionId": "union-bob", "scheduleConfSettingModel": map[string]any{"lockRoom": 1}}, 400, "paramsError"},
		{"settings, none", "PUT", schedPath + "/settings", map[string]any{}, 400, "paramsError"},
		{"settings, waitingRoom 2", "PUT", schedPath + "/settings", map[string]any{"scheduleConfSettingModel": map[string]any{"moziConfVirtualExtraSetting": map[string]any{"waitingRoom": 2}}}, 400, "paramsError"},
		{"cancel", "POST", schedPath + "/cancel", map[string]any{}, 200, ""},
		{"cancel by bob", "POST", schedPath + "/cancel", map[string]any{"creatorUnionId": "union-bob"}, 400, "paramsError"},
		{"cancel, no id", "POST", schedPath + "/cancel", map[string]any{"scheduleConferenceId": nil}, 400, "MissingscheduleConferenceId"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, id, tok := schedFixture(t, Options{}, nil)
			body := map[string]any{"creatorUnionId": "union-alice", "scheduleConferenceId": id}
			for k, v := range tc.body {
				body[k] = v
			}
			before, _ := s.Schedule(id)
			r := call(t, s, tok, tc.method, tc.path, body, tc.status)
			after, _ := s.Schedule(id)
			if tc.status != 200 {
				assert.Equal(t, tc.code, r.str("code"))
				assert.Equal(t, before, after, "nothing changed")
				return
			}
			assert.Equal(t, map[string]any{"success": true}, r.body)
			assert.NotEqual(t, before, after)
		})
	}
}

func with(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{}
	for key, val := range m {
		out[key] = val
	}
	if v == nil {
		delete(out, k)
	} else {
		out[k] = v
	}
	return out
}

func TestScheduleCancelled(t *testing.T) {
	t.Parallel()
	s, id, tok := schedFixture(t, Options{}, nil)
	own := map[string]any{"creatorUnionId": "union-alice", "scheduleConferenceId": id}
	call(t, s, tok, "POST", schedPath+"/cancel", own, 200)
	sc, _ := s.Schedule(id)
	assert.True(t, sc.Cancelled)
	for _, tc := range []struct{ method, path string }{
		{"POST", schedPath + "/cancel"}, {"PUT", schedPath + "/settings"}, {"PUT", schedPath},
		{"GET", schedPath + "/" + id + "/infos?requestUnionId=union-alice"},
		{"GET", "/v1.0/conference/videoConferences/scheduleConferences/" + id},
	} {
		body := with(with(with(own, "title", "x"), "startTime", ms(t0.Add(3*time.Hour))), "endTime", ms(t0.Add(4*time.Hour)))
		body["scheduleConfSettingModel"] = map[string]any{"lockRoom": 0}
		r := call(t, s, tok, tc.method, tc.path, body, 400)
		assert.Equal(t, "paramsError", r.str("code"), tc.method+" "+tc.path)
	}
	s.AdvanceClock(2 * time.Hour)
	sc, _ = s.Schedule(id)
	assert.Empty(t, sc.Conferences, "a cancelled schedule never starts")
	_, err := s.StartSchedule(id)
	assert.ErrorIs(t, err, ErrScheduleCancelled)
}

func TestScheduleQuery(t *testing.T) {
	t.Parallel()
	s, id, tok := schedFixture(t, Options{}, map[string]any{"cohostUnionIds": []string{"union-bob"}})
	r := call(t, s, tok, "GET", schedPath+"/"+id+"/infos?requestUnionId=union-alice", nil, 200)
	sc, _ := s.Schedule(id)
	assert.Equal(t, id, r.str("scheduleConferenceId"))
	assert.Equal(t, "周会", r.str("title"))
	assert.Equal(t, float64(ms(t0.Add(time.Hour))), r.body["startTime"])
	assert.Equal(t, float64(ms(t0.Add(2*time.Hour))), r.body["endTime"])
	assert.Equal(t, sc.RoomCode, r.str("roomCode"))
	assert.Equal(t, sc.URL, r.str("url"))
	call(t, s, tok, "GET", schedPath+"/"+id+"/infos?requestUnionId=union-bob", nil, 200)
	for q, code := range map[string]string{"?requestUnionId=union-carol": "paramsError", "?requestUnionId=union-zed": "unknownUserError", "": "MissingrequestUnionId"} {
		r := call(t, s, tok, "GET", schedPath+"/"+id+"/infos"+q, nil, 400)
		assert.Equal(t, code, r.str("code"), q)
	}
	r = call(t, s, tok, "GET", schedPath+"/nope/infos?requestUnionId=union-alice", nil, 400)
	assert.Equal(t, "paramsError", r.str("code"))
}
