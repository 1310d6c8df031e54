package dingtalktest

import (
	"sync"
	"time"
)

// clock is the emulator's meeting time: Options.Now (default time.Now)
// plus whatever AdvanceClock added. It drives meeting and member times;
// tokens, session webhooks, stream tickets and the QPS limiter keep real
// time.
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
// organisation.
func (s *Server) AdvanceClock(d time.Duration) { s.clock.advance(d) }

// now is the meeting clock.
func (s *Server) now() time.Time { return s.clock.now() }

// lockConf takes the conference lock and reads the meeting clock: every
// read and write of meeting state goes through it.
func (s *Server) lockConf() time.Time {
	s.conf.mu.Lock()
	return s.now()
}
