package dingtalktest

import (
	"net/http"
	"time"
)

// minutesStatus values of the info answer (UNCONFIRMED, doc.go).
const (
	minutesNone    = 0 // never started
	minutesOn      = 1 // taking notes now
	minutesStopped = 2 // paused, or the meeting ended
)

// minutesNotEnabled is the code of minutes/start in an organisation
// without AI notes (403; code and message invented, doc.go).
const minutesNotEnabled = "Forbidden.Minutes.NotEnabled"

// notes are a meeting's AI notes (闪记): one set per meeting. Starting
// again after a pause takes them back to recording; they are processed
// anew when paused again or when the meeting ends.
type notes struct {
	artifact
	status int
	owner  string
	custom *MinutesSummary
}

// MinutesSummary is what a meeting's AI notes say once ready
// (SetMinutesSummary). The zero value of a field takes the default,
// written from the meeting's title.
type MinutesSummary struct {
	Paragraph   string   // summary.paragraphSummary
	Actions     []string // summary.actions[].text and meetingResult action[]
	Keywords    []string // summary.keywords
	FullSummary string   // meetingResult fullSummary
}

// summary is the notes' content, custom fields over the defaults.
func (m *meeting) summary() MinutesSummary {
	def := MinutesSummary{
		Paragraph: "会议「" + m.title + "」回顾了进展并确定了下一步安排。",
		Actions:   []string{"整理会议结论并同步给参会人"},
		Keywords:  []string{m.title},
	}
	if c := m.notes.custom; c != nil {
		if c.Paragraph != "" {
			def.Paragraph = c.Paragraph
		}
		if c.Actions != nil {
			def.Actions = c.Actions
		}
		if c.Keywords != nil {
			def.Keywords = c.Keywords
		}
		def.FullSummary = c.FullSummary
	}
	if def.FullSummary == "" {
		def.FullSummary = def.Paragraph
	}
	return def
}

// SetMinutesSummary sets what a meeting's AI notes will say when ready;
// it reports whether the meeting exists.
func (s *Server) SetMinutesSummary(conferenceID string, sum MinutesSummary) bool {
	s.lockConf()
	defer s.conf.mu.Unlock()
	m, ok := s.conf.byID[conferenceID]
	if ok {
		m.notes.custom = &sum
	}
	return ok
}

// DisableMinutes makes this organisation one without AI notes: from now on
// minutes/start answers 403 Forbidden.Minutes.NotEnabled. EnableMinutes
// undoes it.
func (s *Server) DisableMinutes() { s.setMinutes(false) }

// EnableMinutes gives this organisation AI notes again (the default).
func (s *Server) EnableMinutes() { s.setMinutes(true) }

func (s *Server) setMinutes(on bool) {
	s.lockConf()
	defer s.conf.mu.Unlock()
	s.conf.noMinutes = !on
}

// MinutesPhase is the phase of a meeting's AI notes: "" (never started),
// PhaseRecording, PhaseProcessing or PhaseReady.
func (s *Server) MinutesPhase(conferenceID string) string {
	s.lockConf()
	defer s.conf.mu.Unlock()
	if m, ok := s.conf.byID[conferenceID]; ok {
		return m.notes.phase
	}
	return ""
}

// startNotes starts (or resumes) the notes. Caller holds c.mu.
func (c *conferences) startNotes(m *meeting, owner string) {
	m.notes.phase, m.notes.status, m.notes.stalled = PhaseRecording, minutesOn, false
	if owner != "" {
		m.notes.owner = owner
	}
}

// stopNotes pauses running notes, which start processing. Caller holds
// c.mu.
func (c *conferences) stopNotes(m *meeting, now time.Time) bool {
	if m.notes.status != minutesOn {
		return false
	}
	m.notes.status = minutesStopped
	c.process(m, &m.notes.artifact, now)
	return true
}

// mayReadNotes: the host or the notes' owner.
func (m *meeting) mayReadNotes(union string) bool {
	return union == m.hostUnion || union == m.notes.owner
}

// notesOff answers the organisation-without-AI-notes refusal.
func (x *exchange) notesOff() {
	x.v1Error(http.StatusForbidden, minutesNotEnabled, "该组织未开通闪记（AI 会议纪要）")
}
