package dingtalktest

import "time"

// codeAnswer is the {"code"} body of the recording and notes calls; on
// success code is "200" (UNCONFIRMED, doc.go).
type codeAnswer struct {
	Code string `json:"code"`
}

var codeOK = okOut(codeAnswer{Code: "200"})

// notHostOut refuses a call only the host may make (paramsError, as for
// close; UNCONFIRMED).
func notHostOut(what string) outcome { return paramsOut("only the host can " + what) }

type recordRequest struct {
	UnionID             string `json:"unionId"`
	Mode                string `json:"mode"`
	SmallWindowPosition string `json:"smallWindowPosition"`
}

// handleRecordStart serves POST …/{id}/cloudRecords/start: the host
// starts recording (one recording at a time). The contract has checked
// unionId and the mode and smallWindowPosition values.
func (s *Server) handleRecordStart(x *exchange) {
	var req recordRequest
	if !x.decode(&req) || !s.knownUser(x, req.UnionID) {
		return
	}
	s.onMeeting(x, false, func(m *meeting, now time.Time) outcome {
		switch {
		case req.UnionID != m.hostUnion:
			return notHostOut("start the cloud recording")
		case m.running() != nil:
			return paramsOut("cloud recording is already on")
		}
		r := s.conf.startRecording(m, req.UnionID, now)
		r.mode, r.window = req.Mode, req.SmallWindowPosition
		return codeOK
	})
}

// handleRecordStop serves POST …/{id}/cloudRecords/stop: the host stops
// the recording, which starts processing.
func (s *Server) handleRecordStop(x *exchange) {
	var req recordRequest
	if !x.decode(&req) || !s.knownUser(x, req.UnionID) {
		return
	}
	s.onMeeting(x, false, func(m *meeting, now time.Time) outcome {
		switch {
		case req.UnionID != m.hostUnion:
			return notHostOut("stop the cloud recording")
		case !s.conf.stopRecording(m, now):
			return paramsOut("cloud recording is not on")
		}
		return codeOK
	})
}

type videoModel struct {
	RecordID   string `json:"recordId"`
	MediaID    string `json:"mediaId"`
	RegionID   string `json:"regionId"`
	UnionID    string `json:"unionId"`
	StartTime  int64  `json:"startTime"`
	EndTime    int64  `json:"endTime"`
	Duration   int64  `json:"duration"`
	FileSize   int64  `json:"fileSize"`
	RecordType int    `json:"recordType"`
}

// handleRecordVideos serves GET …/{id}/cloudRecords/getVideos?unionId=:
// the recordings that are ready, for the host or a recording's owner;
// ended meetings too. Recording or processing ones are not listed.
func (s *Server) handleRecordVideos(x *exchange) {
	union := x.r.URL.Query().Get("unionId")
	if !s.knownUser(x, union) {
		return
	}
	s.onMeeting(x, true, func(m *meeting, now time.Time) outcome {
		if !m.mayReadRecords(union) {
			return notHostOut("read the cloud recordings")
		}
		list := []videoModel{}
		for _, r := range m.records {
			if r.ready() {
				list = append(list, videoModel{RecordID: r.recordID, MediaID: r.mediaID, RegionID: recordRegion,
					UnionID: r.owner, StartTime: millis(r.start), EndTime: millis(r.end),
					Duration: r.duration(now).Milliseconds(), FileSize: r.fileSize(now)})
			}
		}
		return okOut(struct {
			VideoList []videoModel `json:"videoList"`
		}{list})
	})
}

type playInfo struct {
	PlayURL    string `json:"playUrl"`
	Mp4FileURL string `json:"mp4FileUrl"`
	Duration   int64  `json:"duration"`
	FileSize   int64  `json:"fileSize"`
	Status     int    `json:"status"`
}

// playReady is the status of a playable recording (UNCONFIRMED, doc.go).
const playReady = 1

// handleRecordPlay serves GET …/{id}/cloudRecords/videos/getPlayInfos
// ?unionId=&mediaId=&regionId=: a ready recording's URLs. A mediaId and
// regionId naming no ready recording of the meeting is paramsError.
func (s *Server) handleRecordPlay(x *exchange) {
	q := x.r.URL.Query()
	union, media, region := q.Get("unionId"), q.Get("mediaId"), q.Get("regionId")
	if !s.knownUser(x, union) {
		return
	}
	s.onMeeting(x, true, func(m *meeting, now time.Time) outcome {
		if !m.mayReadRecords(union) {
			return notHostOut("read the cloud recordings")
		}
		for _, r := range m.records {
			if r.ready() && r.mediaID == media && region == recordRegion {
				url := "https://vod.mcs.dingtalk.com/" + r.mediaID
				return okOut(playInfo{PlayURL: url + "/index.m3u8", Mp4FileURL: url + "/video.mp4",
					Duration: r.duration(now).Milliseconds(), FileSize: r.fileSize(now), Status: playReady})
			}
		}
		return paramsOut("no ready recording " + media + " in " + region)
	})
}
