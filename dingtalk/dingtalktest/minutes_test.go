package dingtalktest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMinutesStartPause(t *testing.T) {
	t.Parallel()
	start, pause := "/minutes/start", "/minutes/pause"
	tests := []struct {
		name    string
		off     bool // the organisation has no AI notes
		path    string
		body    map[string]any
		status  int
		code    string
		minutes float64 // minutesStatus after
	}{
		{"host starts", false, start, map[string]any{"unionId": "union-alice"}, 200, "", 1},
		{"host starts for an owner", false, start, map[string]any{"unionId": "union-alice", "ownerUnionId": "union-carol", "recordAudio": true}, 200, "", 1},
		{"co-host starts", false, start, map[string]any{"unionId": "union-bob"}, 400, "paramsError", 0},
		{"nobody starts", false, start, map[string]any{}, 400, "paramsError", 0},
		{"stranger starts", false, start, map[string]any{"unionId": "union-zed"}, 400, "unknownUserError", 0},
		{"unknown owner", false, start, map[string]any{"unionId": "union-alice", "ownerUnionId": "union-zed"}, 400, "unknownUserError", 0},
		{"not enabled", true, start, map[string]any{"unionId": "union-alice"}, 403, "Forbidden.Minutes.NotEnabled", 0},
		{"pause, nothing on", false, pause, map[string]any{"unionId": "union-alice"}, 400, "paramsError", 0},
		{"pause, nobody", false, pause, map[string]any{}, 400, "MissingunionId", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, id, tok := liveFixture(t, Options{})
			if tc.off {
				s.DisableMinutes()
			}
			r := call(t, s, tok, "POST", vcPath+id+tc.path, tc.body, tc.status)
			if tc.status == 200 {
				assert.JSONEq(t, `{"code":"200"}`, string(r.raw))
			} else {
				assert.Equal(t, tc.code, r.str("code"))
			}
			assert.Equal(t, tc.minutes, infoOf(t, s, tok, id)["minutesStatus"])
		})
	}
}

func TestMinutesEnableAgain(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{})
	s.DisableMinutes()
	call(t, s, tok, "POST", vcPath+id+"/minutes/start", map[string]any{"unionId": "union-alice"}, 403)
	s.EnableMinutes()
	call(t, s, tok, "POST", vcPath+id+"/minutes/start", map[string]any{"unionId": "union-alice"}, 200)
	r := call(t, s, tok, "POST", vcPath+id+"/minutes/start", map[string]any{"unionId": "union-alice"}, 400)
	assert.Equal(t, "paramsError", r.str("code"), "already on")
	r = call(t, s, tok, "POST", vcPath+id+"/minutes/pause", map[string]any{"unionId": "union-carol"}, 400)
	assert.Equal(t, "paramsError", r.str("code"), "only the host pauses")
	call(t, s, tok, "POST", vcPath+id+"/minutes/pause", map[string]any{"unionId": "union-alice"}, 200)
	info := infoOf(t, s, tok, id)
	assert.Equal(t, float64(2), info["minutesStatus"])
	assert.Equal(t, "union-alice", info["minutesOwnerUnionId"])
}

func summaryQuery(t *testing.T, s *Server, tok, id string, body map[string]any) response {
	t.Helper()
	return call(t, s, tok, "POST", vcPath+id+"/minutes/summaries/query", body, 200)
}

// TestMinutesLifecycle: the summary and meeting result come once the notes
// are ready, and never when processing stalls.
func TestMinutesLifecycle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		stop  func(t *testing.T, s *Server, id, tok string)
		drive func(s *Server, id string)
		ready bool
	}{
		{"paused, delay passes", pauseCall, func(s *Server, _ string) { s.AdvanceClock(DefaultProcessingDelay) }, true},
		{"paused, delay not passed", pauseCall, func(s *Server, _ string) { s.AdvanceClock(time.Second) }, false},
		{"meeting ends, finished by the test", endMeeting, func(s *Server, id string) { s.FinishProcessing(id) }, true},
		{"still taking notes", func(*testing.T, *Server, string, string) {}, func(s *Server, id string) {
			s.AdvanceClock(time.Hour)
			s.FinishProcessing(id)
		}, false},
		{"stalled", endMeeting, func(s *Server, id string) {
			s.StallProcessing(id)
			s.AdvanceClock(time.Hour)
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, id, tok := liveFixture(t, Options{})
			call(t, s, tok, "POST", vcPath+id+"/minutes/start", map[string]any{"unionId": "union-alice"}, 200)
			tc.stop(t, s, id, tok)
			tc.drive(s, id)
			sum := summaryQuery(t, s, tok, id, map[string]any{"unionId": "union-alice"})
			res := call(t, s, tok, "GET", vcPath+id+"/minutes/meetingResult?unionId=union-alice", nil, 200)
			if !tc.ready {
				assert.JSONEq(t, `{}`, string(sum.raw), "not ready: no summary")
				assert.JSONEq(t, `{}`, string(res.raw))
				assert.NotEqual(t, PhaseReady, s.MinutesPhase(id))
				return
			}
			assert.Equal(t, PhaseReady, s.MinutesPhase(id))
			summary := sum.body["summary"].(map[string]any)
			assert.Contains(t, summary["paragraphSummary"], "Ops")
			assert.NotEmpty(t, summary["actions"].([]any)[0].(map[string]any)["text"])
			assert.Equal(t, []any{"Ops"}, summary["keywords"])
			assert.NotEmpty(t, res.str("fullSummary"))
			assert.NotEmpty(t, res.body["action"])
		})
	}
}

func pauseCall(t *testing.T, s *Server, id, tok string) {
	call(t, s, tok, "POST", vcPath+id+"/minutes/pause", map[string]any{"unionId": "union-alice"}, 200)
}

func TestMinutesSummaryContent(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{ProcessingDelay: -1})
	require.True(t, s.SetMinutesSummary(id, MinutesSummary{Paragraph: "定了发布日期。", Actions: []string{"Bob 写发布说明", "Carol 发邮件"},
		Keywords: []string{"发布"}, FullSummary: "全文纪要"}))
	call(t, s, tok, "POST", vcPath+id+"/minutes/start", map[string]any{"unionId": "union-alice", "ownerUnionId": "union-carol"}, 200)
	s.EndMeeting(id)

	sum := summaryQuery(t, s, tok, id, map[string]any{"unionId": "union-carol", "summaryTypeList": []string{"actions", "keywords"}})
	summary := sum.body["summary"].(map[string]any)
	assert.Len(t, summary, 2, "only the parts asked for")
	assert.Equal(t, "Carol 发邮件", summary["actions"].([]any)[1].(map[string]any)["text"])
	assert.Equal(t, []any{"发布"}, summary["keywords"])
	all := summaryQuery(t, s, tok, id, map[string]any{"unionId": "union-alice"}).body["summary"].(map[string]any)
	assert.Equal(t, "定了发布日期。", all["paragraphSummary"])
	res := call(t, s, tok, "GET", vcPath+id+"/minutes/meetingResult?unionId=union-carol", nil, 200)
	assert.Equal(t, "全文纪要", res.str("fullSummary"))
	assert.Equal(t, []any{"Bob 写发布说明", "Carol 发邮件"}, res.body["action"])

	tests := []struct {
		name   string
		method string
		path   string
		body   map[string]any
		code   string
	}{
		{"bad summary type", "POST", "/minutes/summaries/query", map[string]any{"unionId": "union-alice", "summaryTypeList": []string{"chapters"}}, "paramsError"},
		{"not host nor owner", "POST", "/minutes/summaries/query", map[string]any{"unionId": "union-bob"}, "paramsError"},
		{"stranger", "POST", "/minutes/summaries/query", map[string]any{"unionId": "union-zed"}, "unknownUserError"},
		{"nobody", "POST", "/minutes/summaries/query", map[string]any{}, "MissingunionId"},
		{"result, nobody", "GET", "/minutes/meetingResult", nil, "MissingunionId"},
		{"result, not host nor owner", "GET", "/minutes/meetingResult?unionId=union-bob", nil, "paramsError"},
	}
	for _, tc := range tests {
		r := call(t, s, tok, tc.method, vcPath+id+tc.path, tc.body, 400)
		assert.Equal(t, tc.code, r.str("code"), tc.name)
	}
	other := s.AddMeeting(MeetingSpec{HostUserID: "alice"})
	r := call(t, s, tok, "POST", vcPath+other+"/minutes/summaries/query", map[string]any{"unionId": "union-alice"}, 400)
	assert.Equal(t, "paramsError", r.str("code"), "a meeting without notes")
}

// TestMinutesResume: starting again after a pause takes the notes back to
// recording; they are ready again only after the next pause.
func TestMinutesResume(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{ProcessingDelay: -1})
	call(t, s, tok, "POST", vcPath+id+"/minutes/start", map[string]any{"unionId": "union-alice"}, 200)
	pauseCall(t, s, id, tok)
	assert.Equal(t, PhaseReady, s.MinutesPhase(id))
	call(t, s, tok, "POST", vcPath+id+"/minutes/start", map[string]any{"unionId": "union-alice"}, 200)
	assert.Equal(t, PhaseRecording, s.MinutesPhase(id))
	assert.JSONEq(t, `{}`, string(summaryQuery(t, s, tok, id, map[string]any{"unionId": "union-alice"}).raw))
	pauseCall(t, s, id, tok)
	assert.Contains(t, summaryQuery(t, s, tok, id, map[string]any{"unionId": "union-alice"}).body, "summary")
}
