package dingtalktest

import (
	"cmp"
	"slices"
	"time"
)

type minutesRequest struct {
	UnionID         string   `json:"unionId"`
	OwnerUnionID    string   `json:"ownerUnionId"`
	RecordAudio     *bool    `json:"recordAudio"`
	SummaryTypeList []string `json:"summaryTypeList"`
}

// handleMinutesStart serves POST …/{id}/minutes/start. The models leave
// unionId optional, but the emulator needs to know who starts the notes:
// without one it answers paramsError (UNCONFIRMED). Only the host may
// start; ownerUnionId, if sent, must be a known user and owns the notes.
func (s *Server) handleMinutesStart(x *exchange) {
	var req minutesRequest
	if !x.decode(&req) {
		return
	}
	if s.minutesOff() {
		x.notesOff()
		return
	}
	if req.UnionID == "" {
		x.paramsError("unionId is required to start the minutes")
		return
	}
	if !s.knownUser(x, req.UnionID) || (req.OwnerUnionID != "" && !s.knownUser(x, req.OwnerUnionID)) {
		return
	}
	s.onMeeting(x, false, func(m *meeting, _ time.Time) outcome {
		switch {
		case req.UnionID != m.hostUnion:
			return notHostOut("start the minutes")
		case m.notes.status == minutesOn:
			return paramsOut("minutes are already on")
		}
		owner := req.OwnerUnionID
		if owner == "" && m.notes.owner == "" {
			owner = cmp.Or(m.notesOwner, req.UnionID)
		}
		s.conf.startNotes(m, owner)
		return codeOK
	})
}

func (s *Server) minutesOff() bool {
	s.lockConf()
	defer s.conf.mu.Unlock()
	return s.conf.noMinutes
}

// handleMinutesPause serves POST …/{id}/minutes/pause (StopMinutes): the
// host pauses the notes, which start processing.
func (s *Server) handleMinutesPause(x *exchange) {
	var req minutesRequest
	if !x.decode(&req) || !s.knownUser(x, req.UnionID) {
		return
	}
	s.onMeeting(x, false, func(m *meeting, now time.Time) outcome {
		switch {
		case req.UnionID != m.hostUnion:
			return notHostOut("pause the minutes")
		case !s.conf.stopNotes(m, now):
			return paramsOut("minutes are not on")
		}
		return codeOK
	})
}

// summaryTypes are the parts of summary a summaryTypeList may name: the
// answer's own keys (UNCONFIRMED, doc.go).
var summaryTypes = []string{"paragraphSummary", "actions", "keywords", "autoChapters", "keySentences",
	"conversationalSummary", "questionsAnsweringSummary"}

// handleMinutesSummary serves POST …/{id}/minutes/summaries/query. Ready
// notes answer {"summary":{…}} with the parts summaryTypeList names (all
// when it is absent or empty); notes not ready yet answer {} (no summary).
func (s *Server) handleMinutesSummary(x *exchange) {
	var req minutesRequest
	if !x.decode(&req) {
		return
	}
	for _, t := range req.SummaryTypeList {
		if !slices.Contains(summaryTypes, t) {
			x.paramsError("invalid summaryTypeList value " + t)
			return
		}
	}
	types := req.SummaryTypeList
	if len(types) == 0 {
		types = summaryTypes
	}
	s.onNotes(x, req.UnionID, func(m *meeting) any {
		return map[string]any{"summary": m.summaryParts(types)}
	})
}

// handleMinutesResult serves GET …/{id}/minutes/meetingResult?unionId=:
// {"fullSummary","action"} once the notes are ready, {} before.
func (s *Server) handleMinutesResult(x *exchange) {
	s.onNotes(x, x.r.URL.Query().Get("unionId"), func(m *meeting) any {
		sum := m.summary()
		return map[string]any{"fullSummary": sum.FullSummary, "action": sum.Actions}
	})
}

// onNotes answers a notes query for union (the host or the notes' owner;
// ended meetings too): paramsError when the meeting never took notes, {}
// while they are not ready, ready(m) once they are.
func (s *Server) onNotes(x *exchange, union string, ready func(m *meeting) any) {
	if !s.knownUser(x, union) {
		return
	}
	s.onMeeting(x, true, func(m *meeting, _ time.Time) outcome {
		switch {
		case m.notes.phase == "":
			return paramsOut("the conference has no minutes")
		case !m.mayReadNotes(union):
			return notHostOut("read the minutes")
		case !m.notes.ready():
			return okOut(struct{}{})
		}
		return okOut(ready(m))
	})
}

// summaryParts builds the summary object with the parts asked for.
func (m *meeting) summaryParts(types []string) map[string]any {
	sum := m.summary()
	out := make(map[string]any, len(types))
	for _, t := range types {
		switch t {
		case "paragraphSummary":
			out[t] = sum.Paragraph
		case "actions":
			acts := make([]map[string]any, len(sum.Actions))
			for i, a := range sum.Actions {
				acts[i] = map[string]any{"id": i + 1, "sentenceId": i + 1, "start": 0, "end": 0, "text": a}
			}
			out[t] = acts
		case "keywords":
			out[t] = sum.Keywords
		case "autoChapters":
			out[t] = []map[string]any{{"id": 1, "start": 0, "end": 0, "headline": m.title, "summary": sum.Paragraph}}
		case "conversationalSummary":
			out[t] = m.speakers()
		default:
			out[t] = []any{}
		}
	}
	return out
}

// speakers is one conversationalSummary entry per member who was present.
func (m *meeting) speakers() []map[string]any {
	out := []map[string]any{}
	for _, mb := range m.members {
		if !mb.joined.IsZero() {
			out = append(out, map[string]any{"speakerId": mb.unionID, "speakerName": mb.nick, "summary": mb.nick + " 参与了讨论。"})
		}
	}
	return out
}
