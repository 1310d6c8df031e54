package dingtalktest

import (
	"errors"
	"time"
)

// Errors of the test API that acts as a participant's own client (Join,
// Leave, Decline, SetMic, SetCamera): what DingTalk would refuse them.
var (
	ErrNoMeeting    = errors.New("dingtalktest: no such meeting")
	ErrMeetingEnded = errors.New("dingtalktest: the meeting has ended")
	// ErrMeetingLocked: the meeting is locked (lock call, lockConference
	// setting or a schedule's lockRoom); nobody joins, invitees included.
	ErrMeetingLocked = errors.New("dingtalktest: the meeting is locked")
	// ErrBanned: the user was kicked with forbiddenRejoin.
	ErrBanned = errors.New("dingtalktest: kicked out with forbiddenRejoin")
	// ErrInternalOnly: an external user and onlyInternalEmployeesJoin.
	ErrInternalOnly = errors.New("dingtalktest: only the organisation's employees may join")
	// ErrNotInvited: Decline without a pending invitation (attendStatus 2).
	ErrNotInvited = errors.New("dingtalktest: no pending invitation")
	// ErrNotPresent: Leave, SetMic or SetCamera by someone not in the meeting.
	ErrNotPresent = errors.New("dingtalktest: not in the meeting")
	// ErrUnmuteForbidden: a member (not host or co-host) unmuting while
	// mute-all was forced (forceMute) or allowUnmuteSelf is off.
	ErrUnmuteForbidden = errors.New("dingtalktest: members may not unmute themselves")
)

// Join makes a user join a started meeting from their client, as a new
// participant, an invitee answering (attendStatus 2 → 3) or someone who
// left or was kicked coming back. Already present: nothing changes. It
// fails with ErrMeetingLocked, ErrBanned, ErrInternalOnly, ErrNoMeeting or
// ErrMeetingEnded. The camera comes on; the microphone too unless the
// meeting mutes joiners (mute-all, or mute on join).
func (s *Server) Join(conferenceID, userID string) error {
	return s.onMember(conferenceID, userID, func(m *meeting, u User, now time.Time) error {
		mb, known := m.byUnion[u.UnionID]
		switch {
		case known && mb.present():
			return nil
		case known && mb.banned:
			return ErrBanned
		case m.locked:
			return ErrMeetingLocked
		case m.onlyInternal && u.External:
			return ErrInternalOnly
		}
		s.conf.enter(m, s.conf.member(m, u, u.Name), now)
		return nil
	})
}

// Leave makes a present member leave (attendStatus 6): the leave time is
// set and their time present so far counts in duration. Join brings them
// back.
func (s *Server) Leave(conferenceID, userID string) error {
	return s.onPresent(conferenceID, userID, func(m *meeting, mb *member, now time.Time) error {
		s.conf.leave(m, mb, attendLeft, now)
		return nil
	})
}

// Decline makes an invitee (attendStatus 2) refuse the call: attendStatus
// 4 with reason as rejectDescription.
func (s *Server) Decline(conferenceID, userID, reason string) error {
	return s.onMember(conferenceID, userID, func(m *meeting, u User, _ time.Time) error {
		mb, ok := m.byUnion[u.UnionID]
		if !ok || mb.attend != attendCalling {
			return ErrNotInvited
		}
		mb.attend, mb.reject = attendRejected, reason
		return nil
	})
}

// SetMic turns a present member's microphone on or off from their client.
// Turning it on fails with ErrUnmuteForbidden for a member who is neither
// host nor co-host while mute-all is forced or allowUnmuteSelf is off.
func (s *Server) SetMic(conferenceID, userID string, on bool) error {
	return s.onPresent(conferenceID, userID, func(m *meeting, mb *member, _ time.Time) error {
		if on && mb.mic != MediaOn && !mb.host && !mb.coHost &&
			((m.mutedAll && m.forceMute) || !m.allowUnmuteSelf) {
			return ErrUnmuteForbidden
		}
		mb.mic = onOff(on)
		return nil
	})
}

// SetCamera turns a present member's camera on or off from their client.
func (s *Server) SetCamera(conferenceID, userID string, on bool) error {
	return s.onPresent(conferenceID, userID, func(_ *meeting, mb *member, _ time.Time) error {
		mb.camera = onOff(on)
		return nil
	})
}

func onOff(on bool) MediaState {
	if on {
		return MediaOn
	}
	return MediaOff
}

// onPresent is onMember for a member present in the meeting.
func (s *Server) onPresent(conferenceID, userID string, fn func(m *meeting, mb *member, now time.Time) error) error {
	return s.onMember(conferenceID, userID, func(m *meeting, u User, now time.Time) error {
		mb, ok := m.byUnion[u.UnionID]
		if !ok || !mb.present() {
			return ErrNotPresent
		}
		return fn(m, mb, now)
	})
}
