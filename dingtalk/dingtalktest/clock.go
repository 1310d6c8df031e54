package dingtalktest

import (
	"sync"
	"time"
)

// clock is the emulator's meeting time: Options.Now (default time.Now)
// plus whatever AdvanceClock added. It drives meeting, member, schedule,
// recording and AI-notes times and state machines; tokens, session
// webhooks, stream tickets and the QPS limiter keep real time.
type clock struct {
	mu     sync.Mutex
	base   func() time.Time
	offset time.Duration
}

func newClock(base func() time.Time) *clock {
	if base == nil {
		base = time.Now
	}
	return &clock{base: base}
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base().Add(c.offset)
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// Now is the emulator's meeting clock: Options.Now (or time.Now) plus
// every AdvanceClock so far.
func (s *Server) Now() time.Time { return s.clock.now() }

// AdvanceClock moves the meeting clock forward by d, for every
// organisation. What falls due meanwhile happens on the next call or
// snapshot that looks: a schedule whose start time has passed gets its
// live conference; a recording or AI notes whose processing delay has
// passed becomes ready.
func (s *Server) AdvanceClock(d time.Duration) { s.clock.advance(d) }

// now is the meeting clock.
func (s *Server) now() time.Time { return s.clock.now() }

// lockConf takes the conference lock and brings the organisation's
// meetings up to the clock (tick): every read and write of meeting state
// goes through it, so a test that moves the clock sees the effect at once.
func (s *Server) lockConf() time.Time {
	s.conf.mu.Lock()
	now := s.now()
	s.conf.tick(now)
	return now
}
