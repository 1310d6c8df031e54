package dingtalktest

import "slices"

// maxBatch is the most conferenceIds one batch query takes (the wire
// contract gives no figure: meetbot plans for 50; UNCONFIRMED, doc.go).
const maxBatch = 50

// mediaStatus bits of a meeting (the model's example lists 0 normal, 1
// microphones muted, 2 cameras off, 4 forced mute-all).
const (
	mediaMicMuted   = 1
	mediaForcedMute = 4
)

type batchUser struct {
	UserID            string     `json:"userId"`
	Nick              string     `json:"nick"`
	AttendStatus      int        `json:"attendStatus"`
	MicStatus         MediaState `json:"micStatus"`
	CameraStatus      MediaState `json:"cameraStatus"`
	RejectDescription string     `json:"rejectDescription,omitempty"`
}

type batchInfo struct {
	ConferenceID string      `json:"conferenceId"`
	Title        string      `json:"title"`
	Status       int         `json:"status"`
	StartTime    int64       `json:"startTime"`
	MediaStatus  int         `json:"mediaStatus"`
	UserList     []batchUser `json:"userList"`
}

// handleConfBatch serves POST /v1.0/conference/videoConferences/query
// (QueryConferenceInfoBatch). It answers only meetings in progress, in
// the order asked, each once: ended, unknown and other organisations'
// meetings are simply missing from infos. More than maxBatch ids, or an
// id that is not a non-empty string, is paramsError. userList holds every
// member, whatever their attendStatus; userId is the unionId (the staff
// userId with Options.BatchStaffIDs).
func (s *Server) handleConfBatch(x *exchange) {
	var req struct {
		ConferenceIDList []any `json:"conferenceIdList"`
	}
	if !x.decode(&req) {
		return
	}
	ids, ok := batchIDs(x, req.ConferenceIDList)
	if !ok {
		return
	}
	s.lockConf()
	infos := []batchInfo{}
	for _, id := range ids {
		if m, ok := s.conf.byID[id]; ok && m.status == statusStarted {
			infos = append(infos, m.batchInfo(s.opts.BatchStaffIDs))
		}
	}
	s.conf.mu.Unlock()
	x.ok(map[string]any{"infos": infos})
}

// batchIDs checks the list and drops repeats; false means it answered.
func batchIDs(x *exchange, list []any) ([]string, bool) {
	if len(list) > maxBatch {
		x.paramsError("conferenceIdList holds more than " + itoa(maxBatch) + " ids")
		return nil, false
	}
	ids := make([]string, 0, len(list))
	for _, v := range list {
		id, ok := v.(string)
		if !ok || id == "" {
			x.paramsError("conferenceIdList items must be non-empty strings")
			return nil, false
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, true
}

func (m *meeting) batchInfo(staffIDs bool) batchInfo {
	bi := batchInfo{ConferenceID: m.id, Title: m.title, Status: m.status, StartTime: millis(m.start),
		UserList: make([]batchUser, 0, len(m.members))}
	if m.mutedAll {
		bi.MediaStatus |= mediaMicMuted
	}
	if m.forceMute {
		bi.MediaStatus |= mediaForcedMute
	}
	for _, mb := range m.members {
		id := mb.unionID
		if staffIDs {
			id = mb.userID
		}
		bi.UserList = append(bi.UserList, batchUser{UserID: id, Nick: mb.nick, AttendStatus: mb.attend,
			MicStatus: mb.mic, CameraStatus: mb.camera, RejectDescription: mb.reject})
	}
	return bi
}
