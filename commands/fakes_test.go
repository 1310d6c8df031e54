package commands

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// fakeConference is a Conference made of function fields; every call is
// counted and recorded.
type fakeConference struct {
	mu    sync.Mutex
	calls []string

	CreateFn        func(ctx context.Context, hostUnionID, title string) (Meeting, error)
	CloseFn         func(ctx context.Context, meetingID, hostUnionID string) error
	InfoFn          func(ctx context.Context, meetingID string) (Meeting, error)
	MembersFn       func(ctx context.Context, meetingID string) ([]Member, error)
	FocusFn         func(ctx context.Context, meetingID, unionID string) error
	UnfocusFn       func(ctx context.Context, meetingID, unionID string) error
	AddCoHostsFn    func(ctx context.Context, meetingID string, unionIDs []string) error
	RemoveCoHostsFn func(ctx context.Context, meetingID string, unionIDs []string) error
	MuteAllFn       func(ctx context.Context, meetingID string, mute bool) error
	OngoingFn       func(ctx context.Context, unionID string) ([]Participation, error)
	ByRoomCodeFn    func(ctx context.Context, roomCode string) ([]Meeting, error)
	MuteMemberFn    func(ctx context.Context, meetingID, unionID string, mute bool) error
	KickFn          func(ctx context.Context, meetingID, unionID string, ban bool) error
	InviteFn        func(ctx context.Context, meetingID, operator string, invitees []Person) error
	LockFn          func(ctx context.Context, meetingID string, lock bool) error
	SetPolicyFn     func(ctx context.Context, meetingID string, p Policy) error
	LiveFn          func(ctx context.Context, meetingIDs []string) ([]LiveMeeting, error)
	MediaFn         func(ctx context.Context, what, meetingID, operator string) error // StartRecording, StopNotes…
	RecordingsFn    func(ctx context.Context, meetingID, reader string) ([]Recording, error)
	PlayURLFn       func(ctx context.Context, meetingID, reader string, rec Recording) (string, error)
	NotesSummaryFn  func(ctx context.Context, meetingID, reader string) (Notes, error)
}

var _ Conference = (*fakeConference)(nil)

func (f *fakeConference) record(format string, args ...any) {
	f.mu.Lock()
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
	f.mu.Unlock()
}

// Calls returns the recorded calls, e.g. "Focus m1 u-alice".
func (f *fakeConference) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// Count counts calls of one method.
func (f *fakeConference) Count(method string) int {
	n := 0
	for _, c := range f.Calls() {
		if c == method || strings.HasPrefix(c, method+" ") {
			n++
		}
	}
	return n
}

// controlCalls are the calls that change a meeting.
func (f *fakeConference) controlCalls() []string {
	var out []string
	for _, c := range f.Calls() {
		m, _, _ := strings.Cut(c, " ")
		switch m {
		case "Focus", "Unfocus", "AddCoHosts", "RemoveCoHosts", "MuteAll", "Close", "Create",
			"MuteMember", "Kick", "Invite", "Lock", "SetPolicy", "StartRecording", "StopRecording", "StartNotes", "StopNotes":
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeConference) Create(ctx context.Context, host, title string) (Meeting, error) {
	f.record("Create %s %s", host, title)
	return f.CreateFn(ctx, host, title)
}
func (f *fakeConference) Close(ctx context.Context, id, host string) error {
	f.record("Close %s %s", id, host)
	return f.CloseFn(ctx, id, host)
}
func (f *fakeConference) Info(ctx context.Context, id string) (Meeting, error) {
	f.record("Info %s", id)
	return f.InfoFn(ctx, id)
}
func (f *fakeConference) Members(ctx context.Context, id string) ([]Member, error) {
	f.record("Members %s", id)
	return f.MembersFn(ctx, id)
}
func (f *fakeConference) Focus(ctx context.Context, id, u string) error {
	f.record("Focus %s %s", id, u)
	return f.FocusFn(ctx, id, u)
}
func (f *fakeConference) Unfocus(ctx context.Context, id, u string) error {
	f.record("Unfocus %s %s", id, u)
	return f.UnfocusFn(ctx, id, u)
}
func (f *fakeConference) AddCoHosts(ctx context.Context, id string, us []string) error {
	f.record("AddCoHosts %s %s", id, strings.Join(us, ","))
	return f.AddCoHostsFn(ctx, id, us)
}
func (f *fakeConference) RemoveCoHosts(ctx context.Context, id string, us []string) error {
	f.record("RemoveCoHosts %s %s", id, strings.Join(us, ","))
	return f.RemoveCoHostsFn(ctx, id, us)
}
func (f *fakeConference) MuteAll(ctx context.Context, id string, mute bool) error {
	f.record("MuteAll %s %v", id, mute)
	return f.MuteAllFn(ctx, id, mute)
}
func (f *fakeConference) Ongoing(ctx context.Context, u string) ([]Participation, error) {
	f.record("Ongoing %s", u)
	return f.OngoingFn(ctx, u)
}
func (f *fakeConference) ByRoomCode(ctx context.Context, code string) ([]Meeting, error) {
	f.record("ByRoomCode %s", code)
	return f.ByRoomCodeFn(ctx, code)
}

func (f *fakeConference) MuteMember(ctx context.Context, id, u string, mute bool) error {
	f.record("MuteMember %s %s %v", id, u, mute)
	return f.MuteMemberFn(ctx, id, u, mute)
}
func (f *fakeConference) Kick(ctx context.Context, id, u string, ban bool) error {
	f.record("Kick %s %s %v", id, u, ban)
	return f.KickFn(ctx, id, u, ban)
}
func (f *fakeConference) Invite(ctx context.Context, id, op string, invitees []Person) error {
	names := make([]string, len(invitees))
	for i, p := range invitees {
		names[i] = p.UnionID + "/" + p.Name
	}
	f.record("Invite %s %s %s", id, op, strings.Join(names, ","))
	return f.InviteFn(ctx, id, op, invitees)
}
func (f *fakeConference) Lock(ctx context.Context, id string, lock bool) error {
	f.record("Lock %s %v", id, lock)
	return f.LockFn(ctx, id, lock)
}
func (f *fakeConference) SetPolicy(ctx context.Context, id string, p Policy) error {
	f.record("SetPolicy %s %s", id, policyString(p))
	return f.SetPolicyFn(ctx, id, p)
}
func (f *fakeConference) Live(ctx context.Context, ids []string) ([]LiveMeeting, error) {
	f.record("Live %s", strings.Join(ids, ","))
	return f.LiveFn(ctx, ids)
}

func (f *fakeConference) media(ctx context.Context, what, id, op string) error {
	f.record("%s %s %s", what, id, op)
	if f.MediaFn == nil {
		return nil
	}
	return f.MediaFn(ctx, what, id, op)
}
func (f *fakeConference) StartRecording(ctx context.Context, id, op string) error {
	return f.media(ctx, "StartRecording", id, op)
}
func (f *fakeConference) StopRecording(ctx context.Context, id, op string) error {
	return f.media(ctx, "StopRecording", id, op)
}
func (f *fakeConference) StartNotes(ctx context.Context, id, op string) error {
	return f.media(ctx, "StartNotes", id, op)
}
func (f *fakeConference) StopNotes(ctx context.Context, id, op string) error {
	return f.media(ctx, "StopNotes", id, op)
}
func (f *fakeConference) Recordings(ctx context.Context, id, reader string) ([]Recording, error) {
	f.record("Recordings %s %s", id, reader)
	if f.RecordingsFn == nil {
		return nil, nil
	}
	return f.RecordingsFn(ctx, id, reader)
}
func (f *fakeConference) PlayURL(ctx context.Context, id, reader string, rec Recording) (string, error) {
	f.record("PlayURL %s %s %s", id, reader, rec.MediaID)
	if f.PlayURLFn == nil {
		return "https://vod.example/" + rec.MediaID, nil
	}
	return f.PlayURLFn(ctx, id, reader, rec)
}
func (f *fakeConference) NotesSummary(ctx context.Context, id, reader string) (Notes, error) {
	f.record("NotesSummary %s %s", id, reader)
	if f.NotesSummaryFn == nil {
		return Notes{}, nil
	}
	return f.NotesSummaryFn(ctx, id, reader)
}

// policyString renders the fields a Policy sets: "muteAll=true screenShare=false".
func policyString(p Policy) string {
	var out []string
	for _, f := range []struct {
		name string
		v    *bool
	}{{"muteAll", p.MuteAll}, {"selfUnmute", p.SelfUnmute}, {"screenShare", p.ScreenShare}, {"internalOnly", p.InternalOnly}} {
		if f.v != nil {
			out = append(out, fmt.Sprintf("%s=%v", f.name, *f.v))
		}
	}
	return strings.Join(out, " ")
}

// fakeDirectory is a Directory backed by a function field.
type fakeDirectory struct {
	mu       sync.Mutex
	n        int
	PersonFn func(ctx context.Context, corpID, userID string) (Person, error)
}

var _ Directory = (*fakeDirectory)(nil)

func (d *fakeDirectory) Person(ctx context.Context, corpID, userID string) (Person, error) {
	d.mu.Lock()
	d.n++
	d.mu.Unlock()
	return d.PersonFn(ctx, corpID, userID)
}

func (d *fakeDirectory) Count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.n
}

// memKV is an in-memory KV with expiry on the test clock.
type memKV struct {
	mu      sync.Mutex
	now     func() time.Time
	vals    map[string]memVal
	lists   map[string][][]byte
	listTTL map[string]time.Time // when each list expires; absent: never
}

type memVal struct {
	b       []byte
	expires time.Time
}

var _ KV = (*memKV)(nil)

func newMemKV(now func() time.Time) *memKV {
	return &memKV{now: now, vals: map[string]memVal{}, lists: map[string][][]byte{}, listTTL: map[string]time.Time{}}
}

func (k *memKV) Get(_ context.Context, key string) ([]byte, bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.vals[key]
	if !ok || (!v.expires.IsZero() && !k.now().Before(v.expires)) {
		return nil, false, nil
	}
	return append([]byte(nil), v.b...), true, nil
}

func (k *memKV) Set(_ context.Context, key string, val []byte, ttl time.Duration) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	v := memVal{b: append([]byte(nil), val...)}
	if ttl > 0 {
		v.expires = k.now().Add(ttl)
	}
	k.vals[key] = v
	return nil
}

func (k *memKV) Delete(_ context.Context, key string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.vals, key)
	return nil
}

func (k *memKV) SetNX(ctx context.Context, key string, val []byte, ttl time.Duration) (bool, error) {
	if _, ok, _ := k.Get(ctx, key); ok {
		return false, nil
	}
	return true, k.Set(ctx, key, val, ttl)
}

func (k *memKV) Push(_ context.Context, key string, val []byte, keep int, ttl time.Duration) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.expireList(key)
	l := append(k.lists[key], append([]byte(nil), val...))
	if len(l) > keep {
		l = l[len(l)-keep:]
	}
	k.lists[key] = l
	delete(k.listTTL, key)
	if ttl > 0 {
		k.listTTL[key] = k.now().Add(ttl)
	}
	return nil
}

// expireList drops the list at key if it has expired; mu is held.
func (k *memKV) expireList(key string) {
	if until, ok := k.listTTL[key]; ok && !k.now().Before(until) {
		delete(k.lists, key)
		delete(k.listTTL, key)
	}
}

func (k *memKV) Last(_ context.Context, key string, n int) ([][]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.expireList(key)
	l := k.lists[key]
	var out [][]byte
	for i := len(l) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, l[i])
	}
	return out, nil
}
