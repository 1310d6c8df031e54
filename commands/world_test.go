package commands

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The test world: one meeting m1 in corp1, bound to chat1 unless a test
// unbinds it.
const (
	corp    = "corp1"
	chat    = "chat1"
	m1      = "m1"
	m1Title = "周会 Weekly sync"
	m1Code  = "838722123"
)

// people: userId → Person. bob is in the contacts but not in the meeting;
// root is an admin who is in no meeting.
var people = map[string]Person{
	"hana":  {UserID: "hana", UnionID: "u-hana", Name: "Hana"},
	"cole":  {UserID: "cole", UnionID: "u-cole", Name: "Cole"},
	"alice": {UserID: "alice", UnionID: "u-alice", Name: "Alice"},
	"alan":  {UserID: "alan", UnionID: "u-alan", Name: "Alan"},
	"zhang": {UserID: "zhang", UnionID: "u-zhang", Name: "张三"},
	"li":    {UserID: "li", UnionID: "u-li", Name: "李四"},
	"olga":  {UserID: "olga", UnionID: "u-olga", Name: "Olga"},
	"bob":   {UserID: "bob", UnionID: "u-bob", Name: "Bob"},
	"root":  {UserID: "root", UnionID: "u-root", Name: "Root"},
}

func m1Members() []Member {
	return []Member{
		{UnionID: "u-hana", Nick: "Hana", Host: true, Present: true},
		{UnionID: "u-cole", Nick: "Cole", CoHost: true, Present: true},
		{UnionID: "u-alice", Nick: "Alice", Present: true},
		{UnionID: "u-alan", Nick: "Alan", Present: true},
		{UnionID: "u-zhang", Nick: "张三", Present: true},
		{UnionID: "u-li", Nick: "李四", Present: true},
		{UnionID: "u-olga", Nick: "Olga", Present: true},
	}
}

var m1Meeting = Meeting{ID: m1, Title: m1Title, RoomCode: m1Code, JoinURL: "https://meet.example/j/m1",
	HostUnionID: "u-hana", HostName: "Hana"}

// env is one test's registry with its fakes.
type env struct {
	t    *testing.T
	conf *fakeConference
	dir  *fakeDirectory
	kv   *memKV
	reg  *Registry
	now  time.Time
	mu   sync.Mutex
}

func newEnv(t *testing.T, opts ...func(*Config)) *env {
	t.Helper()
	e := &env{t: t, now: time.Date(2025, 11, 20, 9, 0, 0, 0, time.UTC)}
	e.kv = newMemKV(e.clock)
	e.conf = worldConference()
	e.dir = &fakeDirectory{PersonFn: func(_ context.Context, c, id string) (Person, error) {
		if p, ok := people[id]; ok && c == corp {
			return Person{UnionID: p.UnionID, Name: p.Name}, nil
		}
		return Person{}, fmt.Errorf("user %s: %w", id, ErrNotFound)
	}}
	cfg := Config{Conference: e.conf, Directory: e.dir, KV: e.kv, Admins: []string{"root"}, Now: e.clock}
	for _, o := range opts {
		o(&cfg)
	}
	e.reg = New(cfg)
	e.bind(m1Meeting)
	return e
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	e.now = e.now.Add(d)
	e.mu.Unlock()
}

func (e *env) bind(m Meeting) {
	_, err := e.reg.bind(context.Background(), Request{CorpID: corp, ChatID: chat}, Person{UserID: "hana"}, m)
	require.NoError(e.t, err)
}

func (e *env) unbind() {
	require.NoError(e.t, e.kv.Delete(context.Background(), bindKey(corp, chat)))
}

func (e *env) boundTo() string {
	b, ok, err := e.reg.bound(context.Background(), Request{CorpID: corp, ChatID: chat})
	require.NoError(e.t, err)
	if !ok {
		return ""
	}
	return b.MeetingID
}

// worldConference serves m1 with m1Members; control calls on people not in
// the meeting fail with ErrUnknownUser.
func worldConference() *fakeConference {
	inM1 := func(u string) bool { return indexMember(m1Members(), u) >= 0 }
	check := func(id string, us ...string) error {
		if id != m1 && id != "m2" && id != "m-new" {
			return ErrMeetingGone
		}
		for _, u := range us {
			if id == m1 && !inM1(u) {
				return fmt.Errorf("focus: %w", ErrUnknownUser)
			}
		}
		return nil
	}
	return &fakeConference{
		CreateFn: func(_ context.Context, host, title string) (Meeting, error) {
			return Meeting{ID: "m-new", Title: title, RoomCode: "111222333", JoinURL: "https://meet.example/j/new", HostUnionID: host}, nil
		},
		CloseFn: func(_ context.Context, id, _ string) error { return check(id) },
		InfoFn: func(_ context.Context, id string) (Meeting, error) {
			switch id {
			case m1:
				return m1Meeting, nil
			case "m2":
				return Meeting{ID: "m2", Title: "Retro", RoomCode: "555666777"}, nil
			}
			return Meeting{}, ErrMeetingGone
		},
		MembersFn: func(_ context.Context, id string) ([]Member, error) {
			if id == m1 {
				return m1Members(), nil
			}
			return nil, ErrMeetingGone
		},
		FocusFn:         func(_ context.Context, id, u string) error { return check(id, u) },
		UnfocusFn:       func(_ context.Context, id, u string) error { return check(id, u) },
		AddCoHostsFn:    func(_ context.Context, id string, us []string) error { return check(id, us...) },
		RemoveCoHostsFn: func(_ context.Context, id string, us []string) error { return check(id, us...) },
		MuteAllFn:       func(_ context.Context, id string, _ bool) error { return check(id) },
		OngoingFn: func(_ context.Context, u string) ([]Participation, error) {
			if u == "u-hana" {
				return []Participation{{MeetingID: m1, Host: true}}, nil
			}
			return nil, nil
		},
		ByRoomCodeFn: func(_ context.Context, code string) ([]Meeting, error) {
			if code == m1Code {
				return []Meeting{m1Meeting}, nil
			}
			return nil, nil
		},
		MuteMemberFn: func(_ context.Context, id, u string, _ bool) error { return check(id, u) },
		KickFn:       func(_ context.Context, id, u string, _ bool) error { return check(id, u) },
		InviteFn:     func(_ context.Context, id, _ string, _ []Person) error { return check(id) },
		LockFn:       func(_ context.Context, id string, _ bool) error { return check(id) },
		SetPolicyFn:  func(_ context.Context, id string, _ Policy) error { return check(id) },
		LiveFn: func(_ context.Context, ids []string) ([]LiveMeeting, error) {
			var out []LiveMeeting
			for _, id := range ids {
				if id != m1 {
					continue
				}
				lm := LiveMeeting{MeetingID: m1, Status: 2}
				for _, m := range m1Members() {
					// Olga and Cole have their microphones on; Alice her camera.
					lm.Users = append(lm.Users, LiveUser{ID: m.UnionID, Nick: m.Nick, State: StateIn,
						Mic: m.UnionID == "u-olga" || m.UnionID == "u-cole" || m.UnionID == "u-hana", Camera: m.UnionID == "u-alice"})
				}
				out = append(out, lm)
			}
			return out, nil
		},
	}
}

// req builds a group message from userID with the given text and
// mentions (by userId).
func req(from, text string, mentions ...string) Request {
	r := Request{MsgID: "msg", CorpID: corp, ChatID: chat, ChatKind: Group, ChatTitle: "Ops",
		Sender: Person{UserID: from, Name: people[from].Name}, Text: text}
	for _, m := range mentions {
		r.Mentions = append(r.Mentions, Person{UserID: m})
	}
	return r
}

func (e *env) handle(r Request) Reply {
	e.t.Helper()
	return e.reg.Handle(context.Background(), r)
}
