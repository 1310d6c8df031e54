package dingtalk

import (
	"context"
	"net/http"
	"net/url"
)

// AI notes (闪记) routes. Pausing is DingTalk's way to stop them.
const (
	routeMinutesStart   = "/v1.0/conference/videoConferences/{conferenceId}/minutes/start"
	routeMinutesPause   = "/v1.0/conference/videoConferences/{conferenceId}/minutes/pause"
	routeMinutesSummary = "/v1.0/conference/videoConferences/{conferenceId}/minutes/summaries/query"
	routeMinutesResult  = "/v1.0/conference/videoConferences/{conferenceId}/minutes/meetingResult"
)

// StartNotes starts the meeting's AI notes on behalf of unionID, who owns
// them.
func (s *ConferenceService) StartNotes(ctx context.Context, conferenceID, unionID string) error {
	return s.postCode(ctx, routeMinutesStart, conferenceID, minutesStartRequest{UnionID: unionID, OwnerUnionID: unionID})
}

// StopNotes pauses the meeting's AI notes.
func (s *ConferenceService) StopNotes(ctx context.Context, conferenceID, unionID string) error {
	return s.postCode(ctx, routeMinutesPause, conferenceID, unionUser{UnionID: unionID})
}

// NotesSummary is what the AI notes say of a meeting.
type NotesSummary struct {
	Paragraph string   // the summary in one paragraph
	Actions   []string // action items
	Keywords  []string
}

// Summary asks for the meeting's AI notes summary, as seen by unionID.
// Empty while the notes are not ready.
func (s *ConferenceService) Summary(ctx context.Context, conferenceID, unionID string) (*NotesSummary, error) {
	r := s.client.v1(http.MethodPost, routeMinutesSummary, nil, conferenceID)
	r.in = summaryRequest{UnionID: unionID, SummaryTypeList: []string{"paragraphSummary", "actions", "keywords"}}
	var out struct {
		Summary struct {
			ParagraphSummary string `json:"paragraphSummary"`
			Actions          []struct {
				Text string `json:"text"`
			} `json:"actions"`
			Keywords []string `json:"keywords"`
		} `json:"summary"`
	}
	if err := s.client.do(ctx, r, &out); err != nil {
		return nil, err
	}
	sum := &NotesSummary{Paragraph: out.Summary.ParagraphSummary, Keywords: out.Summary.Keywords}
	for _, a := range out.Summary.Actions {
		sum.Actions = append(sum.Actions, a.Text)
	}
	return sum, nil
}

// NotesResult is the meeting's full AI notes result.
type NotesResult struct {
	FullSummary string   `json:"fullSummary"`
	Actions     []string `json:"action"`
}

// Result asks for the meeting's full AI notes result, as seen by unionID.
func (s *ConferenceService) Result(ctx context.Context, conferenceID, unionID string) (*NotesResult, error) {
	var out NotesResult
	r := s.client.v1(http.MethodGet, routeMinutesResult, url.Values{"unionId": {unionID}}, conferenceID)
	if err := s.client.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

type minutesStartRequest struct {
	UnionID      string `json:"unionId"`
	OwnerUnionID string `json:"ownerUnionId,omitempty"`
}

type summaryRequest struct {
	UnionID         string   `json:"unionId"`
	SummaryTypeList []string `json:"summaryTypeList,omitempty"`
}
