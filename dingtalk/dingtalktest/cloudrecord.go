package dingtalktest

import (
	"strings"
	"time"
)

// cloudRecordStatus values of the info answer (UNCONFIRMED, doc.go).
const (
	recordNone    = 0 // never recorded
	recordOn      = 1 // recording now
	recordStopped = 2 // recorded, not recording now
)

// recordRegion is the regionId of every recording (the SDK's example
// region).
const recordRegion = "cn-shenzhen"

// recording is one stretch of cloud recording, start to stop.
type recording struct {
	artifact
	recordID, mediaID, owner string
	mode, window             string
	start, end               time.Time
}

// RecordingState is a snapshot of one cloud recording.
type RecordingState struct {
	RecordID, MediaID, RegionID string
	OwnerUnionID                string // who started it (or the schedule's cloudRecordOwnerUnionId)
	Mode, SmallWindowPosition   string // as sent to cloudRecords/start ("" if not)
	Phase                       string // PhaseRecording, PhaseProcessing or PhaseReady
	Stalled                     bool   // StallProcessing: never ready
	Start, End                  time.Time
}

func (r *recording) state() RecordingState {
	return RecordingState{RecordID: r.recordID, MediaID: r.mediaID, RegionID: recordRegion, OwnerUnionID: r.owner,
		Mode: r.mode, SmallWindowPosition: r.window, Phase: r.phase, Stalled: r.stalled, Start: r.start, End: r.end}
}

// duration is how long it recorded (so far).
func (r *recording) duration(now time.Time) time.Duration {
	if r.end.IsZero() {
		return now.Sub(r.start)
	}
	return r.end.Sub(r.start)
}

// fileSize pretends 40 bytes a millisecond (320 kbit/s).
func (r *recording) fileSize(now time.Time) int64 { return 40 * r.duration(now).Milliseconds() }

// Recordings returns a snapshot of a meeting's cloud recordings, oldest
// first.
func (s *Server) Recordings(conferenceID string) []RecordingState {
	s.lockConf()
	defer s.conf.mu.Unlock()
	m, ok := s.conf.byID[conferenceID]
	if !ok {
		return nil
	}
	out := make([]RecordingState, len(m.records))
	for i, r := range m.records {
		out[i] = r.state()
	}
	return out
}

// running is the recording in progress, if any.
func (m *meeting) running() *recording {
	if n := len(m.records); n > 0 && m.records[n-1].phase == PhaseRecording {
		return m.records[n-1]
	}
	return nil
}

func (m *meeting) recordStatus() int {
	switch {
	case m.running() != nil:
		return recordOn
	case len(m.records) > 0:
		return recordStopped
	}
	return recordNone
}

// recordOwnerNow is cloudRecordOwnerUnionId: the owner of the latest
// recording, else the one a schedule named.
func (m *meeting) recordOwnerNow() string {
	if n := len(m.records); n > 0 {
		return m.records[n-1].owner
	}
	return m.recordOwner
}

// startRecording starts a recording owned by the schedule's record owner
// or else by operator. Caller holds c.mu.
func (c *conferences) startRecording(m *meeting, operator string, now time.Time) *recording {
	owner := operator
	if m.recordOwner != "" {
		owner = m.recordOwner
	}
	r := &recording{artifact: artifact{phase: PhaseRecording}, recordID: digits(22),
		mediaID: strings.ReplaceAll(requestID(), "-", ""), owner: owner, start: now}
	m.records = append(m.records, r)
	return r
}

// stopRecording stops the running recording, if any; it starts
// processing. Caller holds c.mu.
func (c *conferences) stopRecording(m *meeting, now time.Time) bool {
	r := m.running()
	if r == nil {
		return false
	}
	r.end = now
	c.process(m, &r.artifact, now)
	return true
}

// mayReadRecords: the host, or the owner of one of the recordings.
func (m *meeting) mayReadRecords(union string) bool {
	if union == m.hostUnion {
		return true
	}
	for _, r := range m.records {
		if r.owner == union {
			return true
		}
	}
	return false
}
