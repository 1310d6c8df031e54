package dingtalktest

import (
	"sort"
	"time"
)

// MemberState is one participant in a MeetingState snapshot.
type MemberState struct {
	UnionID, Nick         string
	Host, CoHost, Present bool
	// AttendStatus: 1 initialised, 2 calling, 3 in the meeting, 4
	// declined, 5 kicked, 6 left (docs/wire-contract.md §7).
	AttendStatus int
	Mic, Camera  MediaState
	// Banned: kicked with forbiddenRejoin; Join fails with ErrBanned.
	Banned            bool
	RejectDescription string
	// JoinTime is the latest join, LeaveTime the latest leave (zero while
	// present). Stay is the time present in stays that have ended: it
	// does not grow while present (snapshots stay comparable), so the
	// duration the members query answers is Stay plus, while present,
	// Now() minus JoinTime.
	JoinTime, LeaveTime time.Time
	Stay                time.Duration
}

// MeetingState is a snapshot of a meeting.
type MeetingState struct {
	ID, Title, RoomCode, JoinURL, HostUnionID string
	// CreatorUnionID is who created the meeting (or its schedule); the
	// host can differ (a schedule's hostUnionId, autoTransferHost).
	CreatorUnionID string
	ScheduleID     string        // the schedule it is a conference of, "" for none
	Status         int           // 0 init, 1 ended, 2 started
	Members        []MemberState // in join order
	Focus          string        // unionId spotlighted, "" for none
	Start, End     time.Time     // End zero while it runs

	// Policy flags: MutedAll (allMembers/mute or the muteAll setting),
	// ForceMute (the last mute-all forced it), Locked (lock call,
	// lockConference, lockRoom) and the other settings of
	// UpdateVideoConferenceSetting and of a schedule.
	MutedAll, Locked, ForceMute                     bool
	AllowUnmuteSelf, AutoTransferHost               bool
	ForbiddenShareScreen, OnlyInternalEmployeesJoin bool
	WaitingRoom                                     bool
	MuteOnJoin                                      int // 0 off, -1 always, 6 above six present
	CloudRecordStatus, MinutesStatus                int // as in the info answer
	CloudRecordOwnerUnionID, MinutesOwnerUnionID    string
}

// Meeting returns a deep-copy snapshot of a meeting.
func (s *Server) Meeting(conferenceID string) (MeetingState, bool) {
	s.lockConf()
	defer s.conf.mu.Unlock()
	m, ok := s.conf.byID[conferenceID]
	if !ok {
		return MeetingState{}, false
	}
	return m.snapshot(), true
}

func (m *meeting) snapshot() MeetingState {
	st := MeetingState{
		ID: m.id, Title: m.title, RoomCode: m.roomCode, JoinURL: m.joinURL, HostUnionID: m.hostUnion,
		CreatorUnionID: m.creatorUnion, ScheduleID: m.scheduleID, Status: m.status, Focus: m.focus,
		Start: m.start, End: m.end, MutedAll: m.mutedAll, Locked: m.locked, ForceMute: m.forceMute,
		AllowUnmuteSelf: m.allowUnmuteSelf, AutoTransferHost: m.autoTransferHost,
		ForbiddenShareScreen: m.forbidShare, OnlyInternalEmployeesJoin: m.onlyInternal,
		WaitingRoom: m.waitingRoom, MuteOnJoin: m.muteOnJoin,
		CloudRecordStatus: m.recordStatus(), MinutesStatus: m.notes.status,
		CloudRecordOwnerUnionID: m.recordOwnerNow(), MinutesOwnerUnionID: m.notes.owner,
		Members: make([]MemberState, len(m.members)),
	}
	for i, mb := range m.members {
		st.Members[i] = MemberState{UnionID: mb.unionID, Nick: mb.nick, Host: mb.host, CoHost: mb.coHost,
			Present: mb.present(), AttendStatus: mb.attend, Mic: mb.mic, Camera: mb.camera, Banned: mb.banned,
			RejectDescription: mb.reject, JoinTime: mb.joined, LeaveTime: mb.left, Stay: mb.stay}
	}
	return st
}

// Meetings returns a snapshot of every meeting, seeded or created through
// the API, ordered by conferenceId.
func (s *Server) Meetings() []MeetingState {
	s.lockConf()
	defer s.conf.mu.Unlock()
	ids := make([]string, 0, len(s.conf.byID))
	for id := range s.conf.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]MeetingState, 0, len(ids))
	for _, id := range ids {
		out = append(out, s.conf.byID[id].snapshot())
	}
	return out
}
