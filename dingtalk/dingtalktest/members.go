package dingtalktest

import "time"

// MediaState is a member's microphone or camera state, valued as the
// batch query's micStatus and cameraStatus (the official SDK's models).
type MediaState int

// Media states.
const (
	MediaInit MediaState = 0 // never joined
	MediaOff  MediaState = 1
	MediaOn   MediaState = 2
)

// muteOnJoin values (MeetingSpec.MuteOnJoin, a schedule's muteOnJoin), as
// scheduleConfSettingModel.muteOnJoin spells them.
const (
	muteOnJoinOff      = 0
	muteOnJoinAlways   = -1
	muteOnJoinAboveSix = 6
)

// policy is a meeting's settings: what the lock, mute-all and
// UpdateVideoConferenceSetting calls change, and what a schedule sets.
type policy struct {
	locked, mutedAll, forceMute bool
	allowUnmuteSelf             bool // default true
	autoTransferHost            bool
	forbidShare, onlyInternal   bool
	muteOnJoin                  int
	waitingRoom                 bool   // stored only: nobody waits in the emulator
	autoRecordOwner             string // a co-host's joining starts the cloud recording as this unionId
	recordOwner, notesOwner     string // from a schedule: owners of the recording and notes
}

func defaultPolicy() policy { return policy{allowUnmuteSelf: true} }

// presentCount counts the members in the meeting now.
func (m *meeting) presentCount() int {
	n := 0
	for _, mb := range m.members {
		if mb.present() {
			n++
		}
	}
	return n
}

// mutesJoiner reports whether someone joining now (not the host) joins
// with the microphone off: mute-all is on, or the meeting mutes on join
// (always, or when more than six are already in).
func (m *meeting) mutesJoiner() bool {
	return m.mutedAll || m.muteOnJoin == muteOnJoinAlways ||
		(m.muteOnJoin == muteOnJoinAboveSix && m.presentCount() >= 6)
}

// enter makes mb present from now: camera on, microphone on unless the
// meeting mutes joiners (the host never is). Caller holds c.mu.
func (c *conferences) enter(m *meeting, mb *member, now time.Time) {
	mic := MediaOn
	if !mb.host && m.mutesJoiner() {
		mic = MediaOff
	}
	mb.attend, mb.joined, mb.left, mb.reject = attendIn, now, time.Time{}, ""
	mb.mic, mb.camera = mic, MediaOn
	if m.coHostsOnJoin[mb.unionID] && !mb.host {
		mb.coHost = true
	}
	if mb.coHost && m.autoRecordOwner != "" {
		c.startRecording(m, m.autoRecordOwner, now)
		m.autoRecordOwner = ""
	}
}

// leave ends mb's stay with attend (6 left, 5 kicked). The host's role
// passes on when the meeting transfers it automatically. Caller holds c.mu.
func (c *conferences) leave(m *meeting, mb *member, attend int, now time.Time) {
	mb.stay += now.Sub(mb.joined)
	mb.attend, mb.left = attend, now
	mb.mic, mb.camera = MediaOff, MediaOff
	if m.focus == mb.unionID {
		m.focus = ""
	}
	if mb.host && m.autoTransferHost && m.status == statusStarted {
		m.transferHost()
	}
}

// transferHost gives the host role to the first present co-host, else to
// the first present member; with nobody present the host stays.
func (m *meeting) transferHost() {
	var next *member
	for _, mb := range m.members {
		if mb.present() && (next == nil || (mb.coHost && !next.coHost)) {
			next = mb
		}
	}
	if next == nil {
		return
	}
	if old, ok := m.byUnion[m.hostUnion]; ok {
		old.host = false
	}
	next.host, next.coHost = true, false
	m.hostUnion, m.hostNick = next.unionID, next.nick
}

// onMember runs fn on a started meeting under the conference lock, for a
// known user (it panics on an unknown userId: a bug in the test).
func (s *Server) onMember(conferenceID, userID string, fn func(m *meeting, u User, now time.Time) error) error {
	u := s.mustUser(userID)
	now := s.lockConf()
	defer s.conf.mu.Unlock()
	m, ok := s.conf.byID[conferenceID]
	switch {
	case !ok:
		return ErrNoMeeting
	case m.status != statusStarted:
		return ErrMeetingEnded
	}
	return fn(m, u, now)
}
