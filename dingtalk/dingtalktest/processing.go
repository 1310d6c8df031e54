package dingtalktest

import "time"

// DefaultProcessingDelay is how long, on the meeting clock, a cloud
// recording or AI notes take to process after they stop (Options.
// ProcessingDelay). DingTalk publishes no figure.
const DefaultProcessingDelay = time.Minute

// Phases of a cloud recording or of a meeting's AI notes:
//
//	recording ──stop, pause or meeting end──▶ processing ──delay──▶ ready
//
// A test moves processing on with AdvanceClock (or Options.Now), or at
// once with FinishProcessing; StallProcessing keeps it processing forever.
const (
	PhaseRecording  = "recording"
	PhaseProcessing = "processing"
	PhaseReady      = "ready"
)

// artifact is the processing state machine of a recording or notes.
type artifact struct {
	phase   string // "" (notes never started), or one of the Phase constants
	readyAt time.Time
	stalled bool
}

func (a *artifact) ready() bool { return a.phase == PhaseReady }

// processingDelay is the effective delay: 0 means the default, a negative
// value none.
func (o Options) processingDelay() time.Duration {
	switch {
	case o.ProcessingDelay < 0:
		return 0
	case o.ProcessingDelay == 0:
		return DefaultProcessingDelay
	}
	return o.ProcessingDelay
}

// process starts processing a (of meeting m) at now. Caller holds c.mu.
func (c *conferences) process(m *meeting, a *artifact, now time.Time) {
	a.phase, a.readyAt, a.stalled = PhaseProcessing, now.Add(c.delay), m.stalled
	c.pending = append(c.pending, a)
}

// settle makes ready what has processed long enough; stalled artifacts
// and those recording again leave the list. Caller holds c.mu.
func (c *conferences) settle(now time.Time) {
	kept := c.pending[:0]
	for _, a := range c.pending {
		switch {
		case a.phase != PhaseProcessing || a.stalled:
		case !now.Before(a.readyAt):
			a.phase = PhaseReady
		default:
			kept = append(kept, a)
		}
	}
	clear(c.pending[len(kept):])
	c.pending = kept
}

// artifacts lists m's recordings and notes.
func (m *meeting) artifacts() []*artifact {
	out := make([]*artifact, 0, len(m.records)+1)
	for _, r := range m.records {
		out = append(out, &r.artifact)
	}
	return append(out, &m.notes.artifact)
}

// FinishProcessing makes every recording and the AI notes of a meeting
// that are processing ready now, whatever the delay left (not those held
// by StallProcessing). It reports whether the meeting exists.
func (s *Server) FinishProcessing(conferenceID string) bool {
	s.lockConf()
	defer s.conf.mu.Unlock()
	m, ok := s.conf.byID[conferenceID]
	if !ok {
		return false
	}
	for _, a := range m.artifacts() {
		if a.phase == PhaseProcessing && !a.stalled {
			a.phase = PhaseReady
		}
	}
	return true
}

// StallProcessing makes the recordings and AI notes of a meeting never
// become ready: those processing now and those that stop later stay
// "processing" whatever the clock or FinishProcessing do. Recordings
// already ready stay ready. It reports whether the meeting exists.
func (s *Server) StallProcessing(conferenceID string) bool {
	s.lockConf()
	defer s.conf.mu.Unlock()
	m, ok := s.conf.byID[conferenceID]
	if !ok {
		return false
	}
	m.stalled = true
	for _, a := range m.artifacts() {
		if a.phase == PhaseProcessing {
			a.stalled = true
		}
	}
	return true
}
