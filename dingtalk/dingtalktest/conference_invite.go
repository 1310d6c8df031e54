package dingtalktest

import (
	"encoding/json"
	"time"
)

type invitee struct {
	UnionID string `json:"unionId"`
	Nick    string `json:"nick"`
}

type inviteRequest struct {
	UnionID          string            `json:"unionId"`
	InviteeList      []invitee         `json:"inviteeList"`
	PhoneInviteeList []json.RawMessage `json:"phoneInviteeList"`
}

// handleInvite serves POST …/{id}/users/invite. The contract has checked
// inviteeList[].nick. Stricter than the models (UNCONFIRMED, doc.go): the
// operator's unionId is required and must be the host or a co-host
// present; every invitee needs a unionId of an employee of the
// organisation (unknownUserError otherwise, external users included);
// one bad invitee fails the whole call. Invitees not in the meeting
// become "calling" (attendStatus 2) until they Join or Decline; those in
// it are left alone; those kicked with forbiddenRejoin are refused
// (paramsError). Phone invitees are accepted and not emulated.
func (s *Server) handleInvite(x *exchange) {
	var req inviteRequest
	if !x.decode(&req) {
		return
	}
	users, ok := s.invitees(x, req)
	if !ok {
		return
	}
	s.onMeeting(x, false, func(m *meeting, _ time.Time) outcome {
		if op, ok := m.presentMember(req.UnionID); !ok || (!op.host && !op.coHost) {
			return paramsOut("only the host or a co-host in the meeting can invite")
		}
		for _, u := range users {
			if mb, ok := m.byUnion[u.UnionID]; ok && mb.banned {
				return paramsOut(u.UnionID + " was kicked out and may not rejoin")
			}
		}
		for i, u := range users {
			if mb := s.conf.member(m, u, req.InviteeList[i].Nick); !mb.present() {
				s.conf.invite(mb)
			}
		}
		return okOut(success{Success: true})
	})
}

// invitees checks the operator and resolves the invitees; false means it
// answered.
func (s *Server) invitees(x *exchange, req inviteRequest) ([]User, bool) {
	switch {
	case req.UnionID == "":
		x.paramsError("unionId (the operator) is required")
		return nil, false
	case len(req.InviteeList) == 0 && len(req.PhoneInviteeList) == 0:
		x.paramsError("nobody to invite")
		return nil, false
	case !s.knownUser(x, req.UnionID):
		return nil, false
	}
	users := make([]User, len(req.InviteeList))
	for i, inv := range req.InviteeList {
		if inv.UnionID == "" {
			x.paramsError("inviteeList.unionId is required (phones go in phoneInviteeList)")
			return nil, false
		}
		u, ok := s.userByUnion(inv.UnionID)
		if !ok || u.External {
			x.unknownUser()
			return nil, false
		}
		users[i] = u
	}
	return users, true
}
