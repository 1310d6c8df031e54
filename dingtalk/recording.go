package dingtalk

import (
	"context"
	"net/http"
	"net/url"
)

// Cloud-recording routes.
const (
	routeRecordStart  = "/v1.0/conference/videoConferences/{conferenceId}/cloudRecords/start"
	routeRecordStop   = "/v1.0/conference/videoConferences/{conferenceId}/cloudRecords/stop"
	routeRecordVideos = "/v1.0/conference/videoConferences/{conferenceId}/cloudRecords/getVideos"
	routeRecordPlay   = "/v1.0/conference/videoConferences/{conferenceId}/cloudRecords/videos/getPlayInfos"
)

// StartRecording starts the meeting's cloud recording as hostUnionID (only
// the host may). mode is "grid", "speech" or "full_screen"; "" leaves it
// to DingTalk.
func (s *ConferenceService) StartRecording(ctx context.Context, conferenceID, hostUnionID, mode string) error {
	return s.postCode(ctx, routeRecordStart, conferenceID, recordStartRequest{UnionID: hostUnionID, Mode: mode})
}

// StopRecording stops the meeting's cloud recording.
func (s *ConferenceService) StopRecording(ctx context.Context, conferenceID, hostUnionID string) error {
	return s.postCode(ctx, routeRecordStop, conferenceID, unionUser{UnionID: hostUnionID})
}

// Recording is one cloud recording of a meeting.
type Recording struct {
	RecordID, MediaID, RegionID, UnionID string
	StartTime, EndTime                   int64 // Unix ms
	Duration                             int64 // ms
	FileSize                             int64
}

// Recordings lists the meeting's recordings that are ready, as seen by
// unionID (the host).
func (s *ConferenceService) Recordings(ctx context.Context, conferenceID, unionID string) ([]Recording, error) {
	var out struct {
		VideoList []recordingWire `json:"videoList"`
	}
	r := s.client.v1(http.MethodGet, routeRecordVideos, url.Values{"unionId": {unionID}}, conferenceID)
	if err := s.client.do(ctx, r, &out); err != nil {
		return nil, err
	}
	list := make([]Recording, len(out.VideoList))
	for i, w := range out.VideoList {
		list[i] = Recording{RecordID: w.RecordID, MediaID: w.MediaID, RegionID: w.RegionID, UnionID: w.UnionID,
			StartTime: int64(w.StartTime), EndTime: int64(w.EndTime), Duration: int64(w.Duration), FileSize: int64(w.FileSize)}
	}
	return list, nil
}

// PlayInfo is where a recording can be watched.
type PlayInfo struct {
	PlayURL, MP4URL string
	Duration        int64 // ms
	FileSize        int64
	Status          int
}

// RecordingPlayInfo returns the playback links of one recording.
func (s *ConferenceService) RecordingPlayInfo(ctx context.Context, conferenceID, unionID string, rec Recording) (*PlayInfo, error) {
	q := url.Values{"unionId": {unionID}, "mediaId": {rec.MediaID}, "regionId": {rec.RegionID}}
	var out struct {
		PlayURL  string  `json:"playUrl"`
		MP4URL   string  `json:"mp4FileUrl"`
		Duration flexInt `json:"duration"`
		FileSize flexInt `json:"fileSize"`
		Status   flexInt `json:"status"`
	}
	if err := s.client.do(ctx, s.client.v1(http.MethodGet, routeRecordPlay, q, conferenceID), &out); err != nil {
		return nil, err
	}
	return &PlayInfo{PlayURL: out.PlayURL, MP4URL: out.MP4URL, Duration: int64(out.Duration),
		FileSize: int64(out.FileSize), Status: int(out.Status)}, nil
}

type recordingWire struct {
	RecordID  string  `json:"recordId"`
	MediaID   string  `json:"mediaId"`
	RegionID  string  `json:"regionId"`
	UnionID   string  `json:"unionId"`
	StartTime flexInt `json:"startTime"`
	EndTime   flexInt `json:"endTime"`
	Duration  flexInt `json:"duration"`
	FileSize  flexInt `json:"fileSize"`
}

// postCode sends a call whose answer is a code (see codeBody).
func (s *ConferenceService) postCode(ctx context.Context, route, conferenceID string, in any) error {
	r := s.client.v1(http.MethodPost, route, nil, conferenceID)
	r.in = in
	var out codeBody
	if err := s.client.do(ctx, r, &out); err != nil {
		return err
	}
	return out.check()
}

type recordStartRequest struct {
	UnionID string `json:"unionId"`
	Mode    string `json:"mode,omitempty"`
}
