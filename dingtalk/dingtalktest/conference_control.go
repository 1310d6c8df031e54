package dingtalktest

import "time"

// The control handlers below run after the contract (contract.go) has
// refused missing fields and actions outside their lists.

// handleMuteAll serves POST …/{id}/allMembers/mute {"action":"mute"|
// "un_mute","forceMute"}: every present member but the host gets the
// microphone turned off (mute) or on (un_mute). While a forced mute-all
// holds, members cannot unmute themselves (SetMic); whoever joins during
// mute-all joins muted.
func (s *Server) handleMuteAll(x *exchange) {
	var req actionRequest
	if !x.decode(&req) {
		return
	}
	s.onMeeting(x, false, func(m *meeting, _ time.Time) outcome {
		m.muteAll(req.Action == "mute", req.ForceMute)
		return okOut(success{Success: true})
	})
}

// muteAll sets mute-all and every present member's microphone but the
// host's.
func (m *meeting) muteAll(on, force bool) {
	m.mutedAll, m.forceMute = on, on && force
	for _, mb := range m.members {
		if mb.present() && !mb.host {
			mb.mic = onOff(!on)
		}
	}
}

// handleLock serves POST …/{id}/lock {"action":"lock"|"unlock"}. A locked
// meeting refuses every join (Join answers ErrMeetingLocked).
func (s *Server) handleLock(x *exchange) {
	var req actionRequest
	if !x.decode(&req) {
		return
	}
	s.onMeeting(x, false, func(m *meeting, _ time.Time) outcome {
		m.locked = req.Action == "lock"
		return okOut(success{Success: true})
	})
}

// handleMuteMembers serves POST …/{id}/members/mute: exactly one present
// user per call, as DingTalk currently allows; mute turns the
// microphone off, un_mute on.
func (s *Server) handleMuteMembers(x *exchange) {
	var req actionRequest
	if !x.decode(&req) {
		return
	}
	s.onMeeting(x, false, func(m *meeting, _ time.Time) outcome {
		if len(req.UserList) != 1 {
			return paramsOut("userList must hold exactly one user")
		}
		mb, ok := m.presentMember(req.UserList[0].UnionID)
		if !ok {
			return unknownUserOut()
		}
		mb.mic = onOff(req.Action == "un_mute")
		return okOut(success{Success: true})
	})
}

type kickRequest struct {
	UserList        []userRef `json:"userList"`
	ForbiddenRejoin bool      `json:"forbiddenRejoin"`
}

// handleKick serves POST …/{id}/members/kick: kicked members get
// attendStatus 5, a leave time, and lose the spotlight and the co-host
// role; with forbiddenRejoin they cannot join again (Join answers
// ErrBanned), else they may. Every user must be present; the host cannot
// be kicked (paramsError). One bad user fails the whole call.
func (s *Server) handleKick(x *exchange) {
	var req kickRequest
	if !x.decode(&req) {
		return
	}
	s.onMeeting(x, false, func(m *meeting, now time.Time) outcome {
		targets := make([]*member, 0, len(req.UserList))
		for _, ref := range req.UserList {
			mb, ok := m.presentMember(ref.UnionID)
			switch {
			case !ok:
				return unknownUserOut()
			case mb.host:
				return paramsOut("the host cannot be kicked")
			}
			targets = append(targets, mb)
		}
		for _, mb := range targets {
			if !mb.present() {
				continue // listed twice
			}
			s.conf.leave(m, mb, attendKicked, now)
			mb.coHost, mb.banned = false, req.ForbiddenRejoin
		}
		return okOut(success{Success: true})
	})
}
