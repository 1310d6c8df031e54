package dingtalk

import (
	"context"
	"net/http"
)

// Policy is a change of a live meeting's settings (PUT
// /v1.0/conference/videoConferences/{conferenceId}). Only the fields set
// (non-nil) are sent, so the others stay as they are.
type Policy struct {
	AllowUnmuteSelf           *bool `json:"allowUnmuteSelf,omitempty"`
	AutoTransferHost          *bool `json:"autoTransferHost,omitempty"`
	ForbiddenShareScreen      *bool `json:"forbiddenShareScreen,omitempty"`
	LockConference            *bool `json:"lockConference,omitempty"`
	MuteAll                   *bool `json:"muteAll,omitempty"`
	OnlyInternalEmployeesJoin *bool `json:"onlyInternalEmployeesJoin,omitempty"`
}

// SetPolicy changes the meeting's settings named in p. The answer is
// {"code","case"} with no documented success value: any 2xx whose code is
// empty, "0", "200" or "success" is taken as success.
func (s *ConferenceService) SetPolicy(ctx context.Context, conferenceID string, p Policy) error {
	r := s.client.v1(http.MethodPut, routeConference, nil, conferenceID)
	r.in = p
	var out codeBody
	if err := s.client.do(ctx, r, &out); err != nil {
		return err
	}
	return out.check()
}
