package dingtalktest

import (
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func infoOf(t *testing.T, s *Server, tok, id string) map[string]any {
	t.Helper()
	return call(t, s, tok, "GET", vcPath+id, nil, 200).body["confInfo"].(map[string]any)
}

func videos(t *testing.T, s *Server, tok, id, union string) []any {
	t.Helper()
	return call(t, s, tok, "GET", vcPath+id+"/cloudRecords/getVideos?unionId="+union, nil, 200).body["videoList"].([]any)
}

func TestCloudRecordStartStop(t *testing.T) {
	t.Parallel()
	start, stop := "/cloudRecords/start", "/cloudRecords/stop"
	tests := []struct {
		name   string
		path   string
		body   map[string]any
		status int
		code   string
		rec    float64 // cloudRecordStatus after
	}{
		{"host starts", start, map[string]any{"unionId": "union-alice", "mode": "speech", "smallWindowPosition": "float_right"}, 200, "", 1},
		{"host starts, no layout", start, map[string]any{"unionId": "union-alice"}, 200, "", 1},
		{"co-host starts", start, map[string]any{"unionId": "union-bob"}, 400, "paramsError", 0},
		{"member starts", start, map[string]any{"unionId": "union-carol"}, 400, "paramsError", 0},
		{"stranger starts", start, map[string]any{"unionId": "union-zed"}, 400, "unknownUserError", 0},
		{"nobody starts", start, map[string]any{"mode": "grid"}, 400, "MissingunionId", 0},
		{"SDK example mode", start, map[string]any{"unionId": "union-alice", "mode": "演讲"}, 400, "paramsError", 0},
		{"auto_grid is for schedules", start, map[string]any{"unionId": "union-alice", "mode": "auto_grid"}, 400, "paramsError", 0},
		{"SDK example position", start, map[string]any{"unionId": "union-alice", "smallWindowPosition": "左上"}, 400, "paramsError", 0},
		{"stop, nothing on", stop, map[string]any{"unionId": "union-alice"}, 400, "paramsError", 0},
		{"stop, nobody", stop, map[string]any{}, 400, "MissingunionId", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, id, tok := liveFixture(t, Options{})
			r := call(t, s, tok, "POST", vcPath+id+tc.path, tc.body, tc.status)
			if tc.status == 200 {
				assert.JSONEq(t, `{"code":"200"}`, string(r.raw))
			} else {
				assert.Equal(t, tc.code, r.str("code"))
			}
			assert.Equal(t, tc.rec, infoOf(t, s, tok, id)["cloudRecordStatus"])
		})
	}
}

func TestCloudRecordHostOnlyStop(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{})
	call(t, s, tok, "POST", vcPath+id+"/cloudRecords/start", map[string]any{"unionId": "union-alice"}, 200)
	r := call(t, s, tok, "POST", vcPath+id+"/cloudRecords/start", map[string]any{"unionId": "union-alice"}, 400)
	assert.Equal(t, "paramsError", r.str("code"), "already recording")
	r = call(t, s, tok, "POST", vcPath+id+"/cloudRecords/stop", map[string]any{"unionId": "union-bob"}, 400)
	assert.Equal(t, "paramsError", r.str("code"), "only the host stops")
	info := infoOf(t, s, tok, id)
	assert.Equal(t, float64(1), info["cloudRecordStatus"])
	assert.Equal(t, "union-alice", info["cloudRecordOwnerUnionId"])
	call(t, s, tok, "POST", vcPath+id+"/cloudRecords/stop", map[string]any{"unionId": "union-alice"}, 200)
	assert.Equal(t, float64(2), infoOf(t, s, tok, id)["cloudRecordStatus"])
	s.EndMeeting(id)
	r = call(t, s, tok, "POST", vcPath+id+"/cloudRecords/start", map[string]any{"unionId": "union-alice"}, 400)
	assert.Equal(t, "paramsError", r.str("code"), "not on an ended meeting")
}

// TestCloudRecordLifecycle: recording → processing → ready, driven by the
// clock, by FinishProcessing, or never (StallProcessing).
func TestCloudRecordLifecycle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		opts  Options
		stop  func(t *testing.T, s *Server, id, tok string) // how the recording stops
		drive func(s *Server, id string)                    // what the test does then
		ready bool
	}{
		{"stop, default delay passes", Options{}, stopCall, func(s *Server, _ string) { s.AdvanceClock(DefaultProcessingDelay) }, true},
		{"stop, delay not yet passed", Options{}, stopCall, func(s *Server, _ string) { s.AdvanceClock(DefaultProcessingDelay - time.Second) }, false},
		{"meeting ends, custom delay passes", Options{ProcessingDelay: 10 * time.Minute}, endMeeting, func(s *Server, _ string) { s.AdvanceClock(10 * time.Minute) }, true},
		{"custom delay not passed", Options{ProcessingDelay: 10 * time.Minute}, stopCall, func(s *Server, _ string) { s.AdvanceClock(9 * time.Minute) }, false},
		{"no delay", Options{ProcessingDelay: -1}, stopCall, func(*Server, string) {}, true},
		{"finished by the test", Options{ProcessingDelay: time.Hour}, stopCall, func(s *Server, id string) { s.FinishProcessing(id) }, true},
		{"stalled", Options{}, stopCall, func(s *Server, id string) {
			s.StallProcessing(id)
			s.AdvanceClock(24 * time.Hour)
			s.FinishProcessing(id)
		}, false},
		{"stalled before it stops", Options{ProcessingDelay: -1}, func(t *testing.T, s *Server, id, tok string) {
			s.StallProcessing(id)
			stopCall(t, s, id, tok)
		}, func(s *Server, id string) { s.FinishProcessing(id) }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, id, tok := liveFixture(t, tc.opts)
			call(t, s, tok, "POST", vcPath+id+"/cloudRecords/start", map[string]any{"unionId": "union-alice", "mode": "grid"}, 200)
			s.AdvanceClock(30 * time.Second)
			assert.Empty(t, videos(t, s, tok, id, "union-alice"), "recording: not listed")
			tc.stop(t, s, id, tok)
			tc.drive(s, id)
			recs := s.Recordings(id)
			require.Len(t, recs, 1)
			list := videos(t, s, tok, id, "union-alice")
			if !tc.ready {
				assert.Empty(t, list)
				assert.Equal(t, PhaseProcessing, recs[0].Phase)
				return
			}
			assert.Equal(t, PhaseReady, recs[0].Phase)
			require.Len(t, list, 1)
			v := list[0].(map[string]any)
			assert.Equal(t, recs[0].MediaID, v["mediaId"])
			assert.Equal(t, recs[0].RecordID, v["recordId"])
			assert.Equal(t, "cn-shenzhen", v["regionId"])
			assert.Equal(t, "union-alice", v["unionId"])
			assert.Equal(t, float64(30000), v["duration"])
			assert.Equal(t, float64(t0.UnixMilli()), v["startTime"])
		})
	}
}

func stopCall(t *testing.T, s *Server, id, tok string) {
	call(t, s, tok, "POST", vcPath+id+"/cloudRecords/stop", map[string]any{"unionId": "union-alice"}, 200)
}

func endMeeting(_ *testing.T, s *Server, id, _ string) { s.EndMeeting(id) }

func TestCloudRecordPlayInfo(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{ProcessingDelay: -1})
	call(t, s, tok, "POST", vcPath+id+"/cloudRecords/start", map[string]any{"unionId": "union-alice"}, 200)
	s.AdvanceClock(time.Minute)
	s.EndMeeting(id)
	rec := s.Recordings(id)[0]
	q := func(union, media, region string) string {
		return vcPath + id + "/cloudRecords/videos/getPlayInfos?" +
			url.Values{"unionId": {union}, "mediaId": {media}, "regionId": {region}}.Encode()
	}
	r := call(t, s, tok, "GET", q("union-alice", rec.MediaID, rec.RegionID), nil, 200)
	assert.Contains(t, r.str("playUrl"), rec.MediaID)
	assert.Contains(t, r.str("mp4FileUrl"), ".mp4")
	assert.Equal(t, float64(60000), r.body["duration"])
	assert.Equal(t, float64(60000*40), r.body["fileSize"])
	assert.Equal(t, float64(1), r.body["status"])

	tests := []struct {
		name, union, media, region, code string
	}{
		{"wrong media", "union-alice", "nope", rec.RegionID, "paramsError"},
		{"wrong region", "union-alice", rec.MediaID, "cn-beijing", "paramsError"},
		{"not the host", "union-carol", rec.MediaID, rec.RegionID, "paramsError"},
		{"stranger", "union-zed", rec.MediaID, rec.RegionID, "unknownUserError"},
		{"no media", "union-alice", "", rec.RegionID, "MissingmediaId"},
		{"no region", "union-alice", rec.MediaID, "", "MissingregionId"},
	}
	for _, tc := range tests {
		r := call(t, s, tok, "GET", q(tc.union, tc.media, tc.region), nil, 400)
		assert.Equal(t, tc.code, r.str("code"), tc.name)
	}
	r = call(t, s, tok, "GET", vcPath+id+"/cloudRecords/getVideos?unionId=union-carol", nil, 400)
	assert.Equal(t, "paramsError", r.str("code"), "only the host lists recordings")
	r = call(t, s, tok, "GET", vcPath+id+"/cloudRecords/getVideos", nil, 400)
	assert.Equal(t, "MissingunionId", r.str("code"))
}

// TestCloudRecordSegments: each start–stop is its own recording.
func TestCloudRecordSegments(t *testing.T) {
	t.Parallel()
	s, id, tok := liveFixture(t, Options{ProcessingDelay: -1})
	for range 2 {
		call(t, s, tok, "POST", vcPath+id+"/cloudRecords/start", map[string]any{"unionId": "union-alice"}, 200)
		s.AdvanceClock(time.Minute)
		call(t, s, tok, "POST", vcPath+id+"/cloudRecords/stop", map[string]any{"unionId": "union-alice"}, 200)
	}
	assert.Len(t, videos(t, s, tok, id, "union-alice"), 2)
}
