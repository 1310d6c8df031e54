package dingtalktest

import (
	"encoding/json"
	"errors"
	"time"
)

type settingsRequest struct {
	AllowUnmuteSelf           *bool `json:"allowUnmuteSelf"`
	AutoTransferHost          *bool `json:"autoTransferHost"`
	ForbiddenShareScreen      *bool `json:"forbiddenShareScreen"`
	LockConference            *bool `json:"lockConference"`
	MuteAll                   *bool `json:"muteAll"`
	OnlyInternalEmployeesJoin *bool `json:"onlyInternalEmployeesJoin"`
}

func (r settingsRequest) empty() bool {
	return r.AllowUnmuteSelf == nil && r.AutoTransferHost == nil && r.ForbiddenShareScreen == nil &&
		r.LockConference == nil && r.MuteAll == nil && r.OnlyInternalEmployeesJoin == nil
}

// settingsOK is the success answer of UpdateVideoConferenceSetting
// (values UNCONFIRMED, doc.go).
var settingsOK = okOut(struct {
	Code string `json:"code"`
	Case string `json:"case"`
}{"200", "success"})

// handleConfSettings serves PUT /v1.0/conference/videoConferences/{id}
// (UpdateVideoConferenceSetting): each boolean present changes its
// setting, the others stay. A value that is not a JSON boolean, or a body
// with none of the six, is paramsError. muteAll acts as allMembers/mute
// (not forced) when it changes the mute-all state.
func (s *Server) handleConfSettings(x *exchange) {
	var req settingsRequest
	if err := json.Unmarshal(x.body, &req); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			x.paramsError(te.Field + " must be a boolean")
		} else {
			x.paramsError("invalid json body")
		}
		return
	}
	if req.empty() {
		x.paramsError("no setting to change")
		return
	}
	s.onMeeting(x, false, func(m *meeting, _ time.Time) outcome {
		set(&m.allowUnmuteSelf, req.AllowUnmuteSelf)
		set(&m.autoTransferHost, req.AutoTransferHost)
		set(&m.forbidShare, req.ForbiddenShareScreen)
		set(&m.locked, req.LockConference)
		set(&m.onlyInternal, req.OnlyInternalEmployeesJoin)
		if req.MuteAll != nil && *req.MuteAll != m.mutedAll {
			m.muteAll(*req.MuteAll, false)
		}
		return settingsOK
	})
}

func set(dst *bool, v *bool) {
	if v != nil {
		*dst = *v
	}
}
