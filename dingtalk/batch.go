package dingtalk

import (
	"context"
	"net/http"
)

const routeQueryBatch = "/v1.0/conference/videoConferences/query"

// BatchSize is how many meetings one QueryConferenceInfoBatch call asks
// about. DingTalk documents no limit (UNCONFIRMED, docs/wire-contract.md
// §11): meetbot asks about at most 50 at a time, so the meeting watcher
// covers an organisation's bound meetings in one call up to 50 and a
// bigger list in several calls.
const BatchSize = 50

// LiveInfo is what the batch query says of a meeting in progress.
type LiveInfo struct {
	ConferenceID string
	Title        string
	Status       int   // StatusInitialised, StatusEnded or StatusStarted
	StartTime    int64 // Unix ms
	MediaStatus  int
	Users        []LiveUser
}

// Microphone and camera states of LiveUser.
const (
	DeviceUnknown = 0
	DeviceOff     = 1
	DeviceOn      = 2
)

// LiveUser is one participant as the batch query sees them.
type LiveUser struct {
	UserID            string // which id DingTalk puts here is not documented (see docs/wire-contract.md)
	Nick              string
	AttendStatus      int
	MicStatus         int // DeviceUnknown, DeviceOff or DeviceOn
	CameraStatus      int
	RejectDescription string
}

// QueryBatch asks about several meetings at once, BatchSize per call.
// DingTalk answers only meetings in progress: an ended or unknown meeting
// is missing from the result rather than reported ended.
func (s *ConferenceService) QueryBatch(ctx context.Context, conferenceIDs []string) ([]LiveInfo, error) {
	var all []LiveInfo
	for start := 0; start < len(conferenceIDs); start += BatchSize {
		r := s.client.v1(http.MethodPost, routeQueryBatch, nil)
		r.in = batchRequest{ConferenceIDList: conferenceIDs[start:min(start+BatchSize, len(conferenceIDs))]}
		var out batchResponse
		if err := s.client.do(ctx, r, &out); err != nil {
			return all, err
		}
		for _, w := range out.Infos {
			all = append(all, w.info())
		}
	}
	return all, nil
}

type batchRequest struct {
	ConferenceIDList []string `json:"conferenceIdList"`
}

type batchResponse struct {
	Infos []liveInfoWire `json:"infos"`
}

type liveInfoWire struct {
	ConferenceID string         `json:"conferenceId"`
	Title        string         `json:"title"`
	Status       flexInt        `json:"status"`
	StartTime    flexInt        `json:"startTime"`
	MediaStatus  flexInt        `json:"mediaStatus"`
	UserList     []liveUserWire `json:"userList"`
}

type liveUserWire struct {
	UserID            string  `json:"userId"`
	Nick              string  `json:"nick"`
	AttendStatus      flexInt `json:"attendStatus"`
	MicStatus         flexInt `json:"micStatus"`
	CameraStatus      flexInt `json:"cameraStatus"`
	RejectDescription string  `json:"rejectDescription"`
}

func (w liveInfoWire) info() LiveInfo {
	in := LiveInfo{ConferenceID: w.ConferenceID, Title: w.Title, Status: int(w.Status),
		StartTime: int64(w.StartTime), MediaStatus: int(w.MediaStatus)}
	for _, u := range w.UserList {
		in.Users = append(in.Users, LiveUser{UserID: u.UserID, Nick: u.Nick, AttendStatus: int(u.AttendStatus),
			MicStatus: int(u.MicStatus), CameraStatus: int(u.CameraStatus), RejectDescription: u.RejectDescription})
	}
	return in
}
