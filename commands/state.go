package commands

import (
	"context"
	"encoding/json"

	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// minRefresh is how old a cached member list must be before a negative
// answer forces a refetch: a flood of refused commands costs at most one
// Members call per meeting per minRefresh.
const minRefresh = time.Second

// refreshAheadDiv: a member list in the last 1/refreshAheadDiv of its
// life is refreshed in the background, so a busy meeting's commands never
// wait for a Members call; a quiet one refetches on expiry.
const refreshAheadDiv = 10

// fetchTimeout bounds a shared member-list fetch started without a deadline.
const fetchTimeout = 10 * time.Second

// maxCachedMeetings bounds the member-list cache; past it, expired entries
// are swept on insert.
const maxCachedMeetings = 4096

// state is what commands remembers: member lists in memory, people,
// bindings, spotlight and audit records in the KV store.
type state struct {
	kv        KV // bindings, cards, cached people: written before the reply
	records   KV // audit, spotlight and mute records (records.go)
	dir       Directory
	conf      Conference
	authTTL   time.Duration
	personTTL time.Duration
	retention time.Duration
	now       func() time.Time

	mu      sync.Mutex
	members map[string]memberEntry // corp + "\x00" + meetingID
	// roles are what users/lists said of a sender's role in a meeting the
	// chat was just bound to, for authTTL: commands in that time need no
	// member list to authorize (the cold path).
	roles   map[string]roleEntry // memberKey + "\x00" + unionID
	changes map[string]uint64    // per key: our own changes to the list, see fetchMembers
	flight  singleflight.Group
}

// memberEntry is one cached member list. The slice is never modified in
// place: updates store a new one, so readers need no lock.
type memberEntry struct {
	list    []Member
	fetched time.Time
	expires time.Time
}

func newState(cfg Config) *state {
	return &state{
		kv: cfg.KV, records: cfg.Records, dir: cfg.Directory, conf: cfg.Conference,
		authTTL: cfg.AuthTTL, personTTL: cfg.PersonTTL, retention: cfg.Retention, now: cfg.Now,
		members: map[string]memberEntry{}, changes: map[string]uint64{}, roles: map[string]roleEntry{},
	}
}

// roleEntry is a role users/lists reported, until expires.
type roleEntry struct {
	host, coHost bool
	expires      time.Time
}

// noteRole remembers p's role for unionID, for authTTL.
func (s *state) noteRole(corp, unionID string, p Participation) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.roles) >= maxCachedMeetings {
		for k, e := range s.roles {
			if !now.Before(e.expires) {
				delete(s.roles, k)
			}
		}
		if len(s.roles) >= maxCachedMeetings {
			return
		}
	}
	s.roles[memberKey(corp, p.MeetingID)+"\x00"+unionID] = roleEntry{host: p.Host, coHost: p.CoHost, expires: now.Add(s.authTTL)}
}

// role is the role users/lists reported for unionID in the meeting, while
// it is fresh.
func (s *state) role(corp, meetingID, unionID string) (Member, bool) {
	s.mu.Lock()
	e, ok := s.roles[memberKey(corp, meetingID)+"\x00"+unionID]
	s.mu.Unlock()
	if !ok || !s.now().Before(e.expires) {
		return Member{}, false
	}
	return Member{UnionID: unionID, Host: e.host, CoHost: e.coHost, Present: true}, true
}

func memberKey(corp, meetingID string) string { return corp + "\x00" + meetingID }

// memberList returns the meeting's members, from memory when fresh. force
// skips the cache unless it is younger than minRefresh. fetched reports
// whether the list is as fresh as it gets (so a negative answer needs no
// retry). Concurrent refreshes of one meeting share a single Members call.
func (s *state) memberList(ctx context.Context, corp, meetingID string, force bool) (list []Member, fetched bool, err error) {
	key := memberKey(corp, meetingID)
	s.mu.Lock()
	e, ok := s.members[key]
	s.mu.Unlock()
	now := s.now()
	switch {
	case ok && force && now.Sub(e.fetched) < minRefresh:
		return e.list, true, nil
	case ok && !force && now.Before(e.expires):
		if now.After(e.expires.Add(-s.authTTL / refreshAheadDiv)) {
			// Nearly expired: refresh for the next commands without
			// making this one wait (the fetch is shared and detached).
			s.flight.DoChan(key, func() (any, error) { return s.fetchMembers(ctx, key, meetingID) })
		}
		return e.list, false, nil
	}
	ch := s.flight.DoChan(key, func() (any, error) { return s.fetchMembers(ctx, key, meetingID) })
	select {
	case res := <-ch:
		if res.Err != nil {
			return nil, true, res.Err
		}
		return res.Val.([]Member), true, nil
	case <-ctx.Done():
		return nil, true, fmt.Errorf("members of %s: %w", meetingID, context.Cause(ctx))
	}
}

// fetchMembers asks DingTalk for a member list and caches it. The fetch is
// shared by every waiter, so it is not cancelled with the caller that
// happened to start it; it keeps that caller's deadline (or a default one).
func (s *state) fetchMembers(ctx context.Context, key, meetingID string) (any, error) {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(fetchTimeout)
	}
	ctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancel()
	// A caller that missed the cache just before another fetch stored its
	// list starts a flight of its own: that list is as fresh as any.
	s.mu.Lock()
	e, ok := s.members[key]
	s.mu.Unlock()
	if ok && s.now().Sub(e.fetched) < minRefresh {
		return e.list, nil
	}
	// A list fetched while the bot itself changed co-hosts may predate the
	// change: caching it would undo setCoHosts and make the next command
	// see a stale role. Such a list is fetched again, once.
	for attempt := 0; ; attempt++ {
		s.mu.Lock()
		before := s.changes[key]
		s.mu.Unlock()
		list, err := s.conf.Members(ctx, meetingID)
		if err != nil {
			return nil, fmt.Errorf("members of %s: %w", meetingID, err)
		}
		if s.storeMembers(key, list, before) || attempt > 0 {
			return list, nil
		}
	}
}

// storeMembers caches list for authTTL, unless the bot changed the list
// since the fetch began (changes moved on from before); it reports whether
// it stored the list.
func (s *state) storeMembers(key string, list []Member, before uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.changes[key] != before {
		return false
	}
	now := s.now()
	if len(s.members) >= maxCachedMeetings || len(s.changes) >= maxCachedMeetings {
		s.sweepLocked(now)
	}
	s.members[key] = memberEntry{list: list, fetched: now, expires: now.Add(s.authTTL)}
	return true
}

// seedMembers caches a list the bot knows first-hand (a meeting it has
// just created), saving the first command a Members call.
func (s *state) seedMembers(key string, list []Member) {
	s.mu.Lock()
	before := s.changes[key]
	s.mu.Unlock()
	s.storeMembers(key, list, before)
}

// setCoHosts records a successful co-host change in the cached list, so the
// cache stays honest without a refetch. People missing from the list are
// added with what we know.
func (s *state) setCoHosts(corp, meetingID string, people []Person, cohost bool) {
	s.changeMembers(corp, meetingID, people, func(m *Member) { m.CoHost = cohost })
}

// setRemoved records in the cached list that people were removed from the
// meeting: they no longer count as present, and the card drops their row.
func (s *state) setRemoved(corp, meetingID string, people []Person) {
	s.changeMembers(corp, meetingID, people, func(m *Member) { m.Present, m.State = false, StateRemoved })
}

// changeMembers applies change to people in the cached list of a meeting
// (adding those missing with what we know) and counts the change, so a
// fetch already in flight does not overwrite it.
func (s *state) changeMembers(corp, meetingID string, people []Person, change func(*Member)) {
	key := memberKey(corp, meetingID)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changes[key]++
	e, ok := s.members[key]
	if !ok {
		return
	}
	list := append([]Member(nil), e.list...)
	for _, p := range people {
		i := indexMember(list, p.UnionID)
		if i < 0 {
			list = append(list, Member{UnionID: p.UnionID, Nick: p.Name})
			i = len(list) - 1
		}
		change(&list[i])
	}
	s.members[key] = memberEntry{list: list, fetched: e.fetched, expires: e.expires}
}

// sweep drops the member lists and roles that have expired: the meeting
// watcher calls it every round, so an idle bot does not keep a list per
// meeting it once served.
func (s *state) sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweepLocked(s.now())
}

func (s *state) sweepLocked(now time.Time) {
	for k, e := range s.members {
		if !now.Before(e.expires) {
			delete(s.members, k)
			delete(s.changes, k)
		}
	}
	for k := range s.changes { // counted for meetings no longer cached
		if _, cached := s.members[k]; !cached {
			delete(s.changes, k)
		}
	}
	for k, e := range s.roles {
		if !now.Before(e.expires) {
			delete(s.roles, k)
		}
	}
}

// cachedMembers is the member list last fetched for a meeting, however
// old, without fetching; nil when there is none.
func (s *state) cachedMembers(corp, meetingID string) []Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Member(nil), s.members[memberKey(corp, meetingID)].list...)
}

// forgetMeeting drops what is remembered of a meeting that ended: its
// cached member list and its change count. A fetch still in flight may
// cache the ended meeting's list once more; it expires like any other.
func (s *state) forgetMeeting(corp, meetingID string) {
	key := memberKey(corp, meetingID)
	s.mu.Lock()
	delete(s.members, key)
	delete(s.changes, key)
	s.mu.Unlock()
}

// indexMember returns the index of unionID in list, or -1.
func indexMember(list []Member, unionID string) int {
	for i, m := range list {
		if m.UnionID == unionID && unionID != "" {
			return i
		}
	}
	return -1
}

// getJSON reads a JSON value from the KV store.
func (s *state) getJSON(ctx context.Context, key string, v any) (bool, error) {
	return decodeJSON(s.kv, ctx, key, v)
}

// setJSON writes a JSON value to the KV store.
func (s *state) setJSON(ctx context.Context, key string, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.kv.Set(ctx, key, b, ttl)
}

// cachedPerson is the KV form of a Directory answer.
type cachedPerson struct {
	UnionID string `json:"unionId"`
	Name    string `json:"name"`
}

// person resolves an org userId to unionId and name, through the KV cache.
func (s *state) person(ctx context.Context, corp, userID string) (Person, error) {
	key := "person:" + corp + ":" + userID
	var cp cachedPerson
	if ok, err := s.getJSON(ctx, key, &cp); err == nil && ok && cp.UnionID != "" {
		return Person{UserID: userID, UnionID: cp.UnionID, Name: cp.Name}, nil
	}
	p, err := s.dir.Person(ctx, corp, userID)
	if err != nil {
		return Person{}, fmt.Errorf("person %s: %w", userID, err)
	}
	if p.UnionID == "" {
		return Person{}, fmt.Errorf("person %s: no unionId: %w", userID, ErrNotFound)
	}
	p.UserID = userID
	// A failed cache write costs one more Directory call later, nothing more.
	_ = s.setJSON(ctx, key, cachedPerson{UnionID: p.UnionID, Name: p.Name}, s.personTTL)
	return p, nil
}
