package dingtalktest

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// Meeting status values (dingtalk-api.md §7).
const (
	statusInit    = 0
	statusEnded   = 1
	statusStarted = 2
)

// Member attendStatus values (§7).
const (
	attendCalling = 2
	attendIn      = 3
	attendKicked  = 5
	attendLeft    = 6
)

// MeetingSpec describes a meeting to seed with AddMeeting.
type MeetingSpec struct {
	Title      string
	HostUserID string   // must be a known user; becomes the host member
	Members    []string // userIds of other participants (present, attendStatus 3)
	CoHosts    []string // userIds among Members that are co-hosts
	RoomCode   string   // optional; a 9-digit code is generated otherwise
}

// MemberState is one participant in a MeetingState snapshot.
type MemberState struct {
	UnionID, Nick         string
	Host, CoHost, Present bool
}

// MeetingState is a snapshot of a meeting.
type MeetingState struct {
	ID, Title, RoomCode, JoinURL, HostUnionID string
	Status                                    int           // 0 init, 1 ended, 2 started
	Members                                   []MemberState // in join order
	Focus                                     string        // unionId spotlighted, "" for none
	MutedAll, Locked                          bool
}

type member struct {
	unionID, nick   string
	host, coHost    bool
	external, muted bool
	attend          int
	joined, left    time.Time
}

func (m *member) present() bool { return m.attend == attendIn }

type meeting struct {
	id, title, roomCode, joinURL, hostUnion, hostNick string
	status                                            int
	members                                           []*member
	byUnion                                           map[string]*member
	focus                                             string
	mutedAll, locked                                  bool
	start, end                                        time.Time
}

// conferences holds every meeting; byUnion indexes membership so
// users/lists does not scan all meetings.
type conferences struct {
	mu      sync.Mutex
	byID    map[string]*meeting
	byRoom  map[string][]*meeting
	byUnion map[string][]*meeting
}

func (c *conferences) init() {
	c.byID = make(map[string]*meeting)
	c.byRoom = make(map[string][]*meeting)
	c.byUnion = make(map[string][]*meeting)
}

// newMeeting registers a started meeting hosted by host. Caller holds c.mu.
func (c *conferences) newMeeting(title, roomCode string, host User) *meeting {
	if roomCode == "" {
		roomCode = digits(9)
	}
	m := &meeting{
		id: strings.ToLower(secret()), title: title, roomCode: roomCode,
		joinURL: "https://meeting.dingtalk.com/j/" + secret()[:10],
		status:  statusStarted, byUnion: make(map[string]*member), start: time.Now(),
	}
	m.hostUnion, m.hostNick = host.UnionID, host.Name
	c.byID[m.id] = m
	c.byRoom[roomCode] = append(c.byRoom[roomCode], m)
	c.join(m, host, attendIn).host = true
	return m
}

// join adds u to m (or updates the attend status). Caller holds c.mu.
func (c *conferences) join(m *meeting, u User, attend int) *member {
	if mb, ok := m.byUnion[u.UnionID]; ok {
		mb.attend = attend
		return mb
	}
	mb := &member{unionID: u.UnionID, nick: u.Name, external: u.External, attend: attend, joined: time.Now()}
	m.members = append(m.members, mb)
	m.byUnion[u.UnionID] = mb
	c.byUnion[u.UnionID] = append(c.byUnion[u.UnionID], m)
	return mb
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
	s.conf.mu.Lock()
	defer s.conf.mu.Unlock()
	m := s.conf.newMeeting(spec.Title, spec.RoomCode, host)
	for _, u := range others {
		s.conf.join(m, u, attendIn)
	}
	for _, id := range spec.CoHosts {
		u := s.mustUser(id)
		mb, ok := m.byUnion[u.UnionID]
		if !ok {
			panic(fmt.Sprintf("dingtalktest: co-host %q is not among the meeting's members", id))
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

// EndMeeting ends a meeting (status 1) as if the host closed it.
func (s *Server) EndMeeting(conferenceID string) {
	s.conf.mu.Lock()
	defer s.conf.mu.Unlock()
	if m, ok := s.conf.byID[conferenceID]; ok {
		m.endNow()
	}
}

func (m *meeting) endNow() {
	now := time.Now()
	m.status, m.end, m.focus = statusEnded, now, ""
	for _, mb := range m.members {
		if mb.present() {
			mb.attend, mb.left = attendLeft, now
		}
	}
}

// Meeting returns a deep-copy snapshot of a meeting.
func (s *Server) Meeting(conferenceID string) (MeetingState, bool) {
	s.conf.mu.Lock()
	defer s.conf.mu.Unlock()
	m, ok := s.conf.byID[conferenceID]
	if !ok {
		return MeetingState{}, false
	}
	st := MeetingState{
		ID: m.id, Title: m.title, RoomCode: m.roomCode, JoinURL: m.joinURL, HostUnionID: m.hostUnion,
		Status: m.status, Focus: m.focus, MutedAll: m.mutedAll, Locked: m.locked,
		Members: make([]MemberState, len(m.members)),
	}
	for i, mb := range m.members {
		st.Members[i] = MemberState{UnionID: mb.unionID, Nick: mb.nick, Host: mb.host, CoHost: mb.coHost, Present: mb.present()}
	}
	return st, true
}
