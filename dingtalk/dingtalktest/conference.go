package dingtalktest

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// Meeting status values (docs/wire-contract.md §7).
const (
	statusInit    = 0
	statusEnded   = 1
	statusStarted = 2
)

// Member attendStatus values (§7).
const (
	attendInit     = 1
	attendCalling  = 2
	attendIn       = 3
	attendRejected = 4
	attendKicked   = 5
	attendLeft     = 6
)

// MeetingSpec describes a meeting to seed with AddMeeting.
type MeetingSpec struct {
	Title      string
	HostUserID string   // must be a known user; becomes the host member
	Members    []string // userIds of other participants (present, attendStatus 3)
	CoHosts    []string // userIds among Members that are co-hosts
	RoomCode   string   // optional; a 9-digit code is generated otherwise
	// MuteOnJoin makes everyone but the host join with the microphone
	// off, the seeded Members included.
	MuteOnJoin bool
}

type member struct {
	unionID, userID, nick string
	host, coHost          bool
	external, banned      bool
	attend                int
	mic, camera           MediaState
	reject                string        // rejectDescription of a declined invitation
	joined, left          time.Time     // latest join and latest leave; zero = never
	stay                  time.Duration // time present in stays that have ended
}

func (m *member) present() bool { return m.attend == attendIn }

// duration is the member's total time present up to now.
func (m *member) duration(now time.Time) time.Duration {
	if m.present() {
		return m.stay + now.Sub(m.joined)
	}
	return m.stay
}

type meeting struct {
	id, title, roomCode, joinURL, hostUnion, hostNick string
	creatorUnion, creatorNick, scheduleID             string
	status                                            int
	members                                           []*member
	byUnion                                           map[string]*member
	focus                                             string
	policy
	coHostsOnJoin map[string]bool // unionIds made co-host when they join (scheduled meetings)
	start, end    time.Time
	records       []*recording
	notes         notes
	stalled       bool // StallProcessing: nothing of this meeting becomes ready
}

// conferences holds every meeting and schedule of an organisation;
// byUnion indexes membership so users/lists does not scan all meetings.
type conferences struct {
	mu        sync.Mutex
	byID      map[string]*meeting
	byRoom    map[string][]*meeting
	byUnion   map[string][]*meeting
	schedules map[string]*schedule
	due       []*schedule // schedules the clock has yet to start
	pending   []*artifact // recordings and notes being processed
	delay     time.Duration
	noMinutes bool // the organisation has not enabled AI notes
}

func (c *conferences) init(opts Options) {
	c.byID = make(map[string]*meeting)
	c.byRoom = make(map[string][]*meeting)
	c.byUnion = make(map[string][]*meeting)
	c.schedules = make(map[string]*schedule)
	c.delay = opts.processingDelay()
}

// tick brings the organisation up to now: schedules due start, processed
// recordings and notes become ready. Caller holds c.mu.
func (c *conferences) tick(now time.Time) {
	c.startDue(now)
	c.settle(now)
}

// newMeeting registers a started meeting hosted by host, present from
// now. Caller holds c.mu.
func (c *conferences) newMeeting(title, roomCode string, host User, now time.Time) *meeting {
	if roomCode == "" {
		roomCode = digits(9)
	}
	m := &meeting{
		id: strings.ToLower(secret()), title: title, roomCode: roomCode,
		joinURL: "https://meeting.dingtalk.com/j/" + secret()[:10],
		status:  statusStarted, byUnion: make(map[string]*member), start: now,
		policy: defaultPolicy(), coHostsOnJoin: map[string]bool{},
	}
	m.hostUnion, m.hostNick = host.UnionID, host.Name
	m.creatorUnion, m.creatorNick = host.UnionID, host.Name
	c.byID[m.id] = m
	c.byRoom[roomCode] = append(c.byRoom[roomCode], m)
	hm := c.member(m, host, host.Name)
	hm.host = true
	c.enter(m, hm, now)
	return m
}

// member returns u's member record in m, adding one (attendStatus 1)
// when u has none. Caller holds c.mu.
func (c *conferences) member(m *meeting, u User, nick string) *member {
	if mb, ok := m.byUnion[u.UnionID]; ok {
		return mb
	}
	mb := &member{unionID: u.UnionID, nick: nick, external: u.External, attend: attendInit}
	if !u.External {
		mb.userID = u.UserID
	}
	m.members = append(m.members, mb)
	m.byUnion[u.UnionID] = mb
	c.byUnion[u.UnionID] = append(c.byUnion[u.UnionID], m)
	return mb
}

// invite makes mb a "calling" member (attendStatus 2). Caller holds c.mu.
func (c *conferences) invite(mb *member) {
	mb.attend, mb.reject = attendCalling, ""
}

// AddMeeting seeds a started meeting (status 2) and returns its
// conferenceId. It panics on a spec naming unknown users: that is a bug in
// the test.
func (s *Server) AddMeeting(spec MeetingSpec) string {
	host := s.mustUser(spec.HostUserID)
	others := make([]User, len(spec.Members))
	for i, id := range spec.Members {
		others[i] = s.mustUser(id)
	}
	coHosts := make([]User, len(spec.CoHosts))
	for i, id := range spec.CoHosts {
		coHosts[i] = s.mustUser(id)
	}
	now := s.lockConf()
	defer s.conf.mu.Unlock()
	m := s.conf.newMeeting(spec.Title, spec.RoomCode, host, now)
	if spec.MuteOnJoin {
		m.muteOnJoin = muteOnJoinAlways
	}
	for _, u := range others {
		s.conf.enter(m, s.conf.member(m, u, u.Name), now)
	}
	for _, u := range coHosts {
		mb, ok := m.byUnion[u.UnionID]
		if !ok {
			panic(fmt.Sprintf("dingtalktest: co-host %q is not among the meeting's members", u.UserID))
		}
		mb.coHost = true
	}
	return m.id
}

func (s *Server) mustUser(userID string) User {
	u, ok := s.User(userID)
	if !ok {
		panic(fmt.Sprintf("dingtalktest: unknown user %q: call AddUser first", userID))
	}
	return u
}

// EndMeeting ends a meeting (status 1) as if the host closed it: present
// members leave (attendStatus 6, leave time set), a running cloud
// recording or AI notes stop and start processing.
func (s *Server) EndMeeting(conferenceID string) {
	now := s.lockConf()
	defer s.conf.mu.Unlock()
	if m, ok := s.conf.byID[conferenceID]; ok && m.status == statusStarted {
		s.conf.end(m, now)
	}
}

// end closes m at now. Caller holds c.mu.
func (c *conferences) end(m *meeting, now time.Time) {
	m.status, m.end, m.focus = statusEnded, now, ""
	for _, mb := range m.members {
		if mb.present() {
			c.leave(m, mb, attendLeft, now)
		}
	}
	c.stopRecording(m, now)
	c.stopNotes(m, now)
}
