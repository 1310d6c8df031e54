package dingtalktest

import (
	"net/http"
	"time"
	"unicode/utf8"
)

// outcome is an answer computed under the conference lock and written after
// it is released, so no lock is held during a network write.
type outcome struct {
	body    any
	status  int // 0 = 200
	code    string
	message string
}

func okOut(body any) outcome { return outcome{body: body} }

func paramsOut(reason string) outcome {
	return outcome{status: http.StatusBadRequest, code: "paramsError", message: "error:" + reason}
}

func unknownUserOut() outcome {
	return outcome{status: http.StatusBadRequest, code: "unknownUserError", message: "unknownUserError"}
}

// knownUser answers unknownUserError for a unionId not in the
// organisation's directory; true means it is known.
func (s *Server) knownUser(x *exchange, union string) bool {
	if _, ok := s.userByUnion(union); !ok {
		x.unknownUser()
		return false
	}
	return true
}

func (x *exchange) answer(o outcome) {
	if o.status != 0 {
		x.v1Error(o.status, o.code, o.message)
		return
	}
	x.ok(o.body)
}

// onMeeting runs fn on the meeting named in the path under the conference
// lock, with the meeting clock's now. Unknown meetings, and ended ones
// unless ended is set, are paramsError.
func (s *Server) onMeeting(x *exchange, ended bool, fn func(m *meeting, now time.Time) outcome) {
	id := x.r.PathValue("conferenceId")
	now := s.lockConf()
	o := func() outcome {
		m, ok := s.conf.byID[id]
		switch {
		case !ok:
			return paramsOut("conference not found: " + id)
		case m.status != statusStarted && !ended:
			return paramsOut("conference has ended: " + id)
		}
		return fn(m, now)
	}()
	s.conf.mu.Unlock()
	x.answer(o)
}

type createConfRequest struct {
	UserID        string   `json:"userId"`
	ConfTitle     string   `json:"confTitle"`
	InviteUserIDs []string `json:"inviteUserIds"`
	InviteCaller  *bool    `json:"inviteCaller"`
}

type createConfResponse struct {
	ConferenceID       string   `json:"conferenceId"`
	RoomCode           string   `json:"roomCode"`
	ExternalLinkURL    string   `json:"externalLinkUrl"`
	ConferencePassword string   `json:"conferencePassword"`
	HostPassword       string   `json:"hostPassword"`
	PhoneNumbers       []string `json:"phoneNumbers"`
}

// handleConfCreate serves POST /v1.0/conference/videoConferences (§7.1).
// The host (userId, a unionId) joins present; invitees are "calling" (2).
func (s *Server) handleConfCreate(x *exchange) {
	var req createConfRequest
	if !x.decode(&req) {
		return
	}
	if o, ok := s.checkCreate(req); !ok {
		x.answer(o)
		return
	}
	host, _ := s.userByUnion(req.UserID)
	invitees := make([]User, len(req.InviteUserIDs))
	for i, id := range req.InviteUserIDs {
		invitees[i], _ = s.userByUnion(id)
	}
	now := s.lockConf()
	m := s.conf.newMeeting(truncateRunes(req.ConfTitle, 50), "", host, now)
	for _, u := range invitees {
		s.conf.invite(s.conf.member(m, u, u.Name))
	}
	resp := createConfResponse{ConferenceID: m.id, RoomCode: m.roomCode, ExternalLinkURL: m.joinURL,
		ConferencePassword: digits(6), HostPassword: digits(6), PhoneNumbers: []string{}}
	s.conf.mu.Unlock()
	x.ok(resp)
}

func (s *Server) checkCreate(req createConfRequest) (outcome, bool) {
	if utf8.RuneCountInString(req.ConfTitle) > 256 {
		return paramsOut("confTitle is too long"), false
	}
	for _, id := range append([]string{req.UserID}, req.InviteUserIDs...) {
		if u, ok := s.userByUnion(id); !ok || u.External {
			return unknownUserOut(), false
		}
	}
	return outcome{}, true
}

func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

type closeConfResponse struct {
	Code  int64  `json:"code"`
	Cause string `json:"cause"`
}

// handleConfClose serves DELETE /v1.0/conference/videoConferences/{id}?unionId=.
// Success answers {"code":200,"cause":"success"}, the one published
// successful close (docs/wire-contract.md §7.1; code is required in the model).
// Only the host may close; anyone else gets paramsError (the real code is
// UNCONFIRMED). A missing unionId was refused by the contract.
func (s *Server) handleConfClose(x *exchange) {
	union := x.r.URL.Query().Get("unionId")
	s.onMeeting(x, false, func(m *meeting, now time.Time) outcome {
		if union != m.hostUnion {
			return paramsOut("only the host can close the conference")
		}
		s.conf.end(m, now)
		return okOut(closeConfResponse{Code: http.StatusOK, Cause: "success"})
	})
}

type actionRequest struct {
	Action    string    `json:"action"`
	UnionID   string    `json:"unionId"`
	UserList  []userRef `json:"userList"`
	ForceMute bool      `json:"forceMute"`
}

type userRef struct {
	UnionID       string `json:"unionId"`
	ParticipantID string `json:"participantId,omitempty"`
}

// presentMember finds a participant currently in the meeting.
func (m *meeting) presentMember(union string) (*member, bool) {
	mb, ok := m.byUnion[union]
	if !ok || !mb.present() {
		return nil, false
	}
	return mb, true
}

// handleFocus serves POST …/{id}/focus {"action":"focus"|"un_focus","unionId"}.
// The contract has already refused a missing unionId or a bad action. The
// unionId must be a present member (else unknownUserError). un_focus must
// name the person spotlighted now: anyone else, or no spotlight at all, is
// paramsError and changes nothing (strictest reading, UNCONFIRMED).
func (s *Server) handleFocus(x *exchange) {
	var req actionRequest
	if !x.decode(&req) {
		return
	}
	s.onMeeting(x, false, func(m *meeting, _ time.Time) outcome {
		if _, ok := m.presentMember(req.UnionID); !ok {
			return unknownUserOut()
		}
		switch req.Action {
		case "focus":
			m.focus = req.UnionID
		case "un_focus":
			if m.focus != req.UnionID {
				return paramsOut(req.UnionID + " is not spotlighted")
			}
			m.focus = ""
		default:
			return paramsOut("invalid action " + req.Action)
		}
		return okOut(success{Success: true})
	})
}

// handleCoHosts serves POST …/{id}/coHosts/set. Every unionId is checked
// before anything changes: one unknown user fails the whole call. Adding
// needs a present member; removing any member. The host is left alone.
func (s *Server) handleCoHosts(x *exchange) {
	var req actionRequest
	if !x.decode(&req) {
		return
	}
	s.onMeeting(x, false, func(m *meeting, _ time.Time) outcome {
		targets := make([]*member, 0, len(req.UserList))
		for _, ref := range req.UserList {
			mb, ok := m.byUnion[ref.UnionID]
			if !ok || (req.Action == "add" && !mb.present()) {
				return unknownUserOut()
			}
			targets = append(targets, mb)
		}
		for _, mb := range targets {
			mb.coHost = req.Action == "add" && !mb.host
		}
		return okOut(success{Success: true})
	})
}
