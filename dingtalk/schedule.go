package dingtalk

import (
	"context"
	"net/http"
	"net/url"
)

// Scheduled-meeting (预约会议) routes.
const (
	routeSchedules        = "/v1.0/conference/scheduleConferences"
	routeScheduleSettings = "/v1.0/conference/scheduleConferences/settings"
	routeScheduleCancel   = "/v1.0/conference/scheduleConferences/cancel"
	routeScheduleInfo     = "/v1.0/conference/scheduleConferences/{scheduleConferenceId}/infos"
	routeScheduleLive     = "/v1.0/conference/videoConferences/scheduleConferences/{scheduleConferenceId}"
)

// ScheduleService books meetings for later and follows them: a scheduled
// meeting gets a live conference when someone opens it.
type ScheduleService service

// ScheduleSettings are the settings a booking carries (the parts of
// DingTalk's scheduleConfSettingModel meetbot sets). Zero values are not
// sent.
type ScheduleSettings struct {
	HostUnionID     string         `json:"hostUnionId,omitempty"`
	CoHostUnionIDs  []string       `json:"cohostUnionIds,omitempty"`
	MuteOnJoin      int            `json:"muteOnJoin,omitempty"`           // -1 on, 0 off, 6 above six people
	LockRoom        int            `json:"lockRoom,omitempty"`             // 1 locked
	ScreenShareOff  int            `json:"screenShareForbidden,omitempty"` // 1 forbidden
	Extra           *ScheduleExtra `json:"moziConfVirtualExtraSetting,omitempty"`
	Record          *RecordSetting `json:"moziConfOpenRecordSetting,omitempty"`
	AllowedCorpID   string         `json:"confAllowedCorpId,omitempty"`
	AutoNotesEnable *AISummary     `json:"aiAgentSummarySetting,omitempty"`
}

// ScheduleExtra is moziConfVirtualExtraSetting: the waiting room and who
// owns the recording and the notes.
type ScheduleExtra struct {
	WaitingRoom             int    `json:"waitingRoom,omitempty"` // 1 on
	CloudRecordOwnerUnionID string `json:"cloudRecordOwnerUnionId,omitempty"`
	MinutesOwnerUnionID     string `json:"minutesOwnerUnionId,omitempty"`
	PushCloudRecordCard     bool   `json:"pushCloudRecordCard,omitempty"`
	PushMinutesCard         bool   `json:"pushMinutesCard,omitempty"`
}

// RecordSetting is moziConfOpenRecordSetting: start recording on its own.
type RecordSetting struct {
	RecordAutoStart     int `json:"recordAutoStart,omitempty"`     // 1 on
	RecordAutoStartType int `json:"recordAutoStartType,omitempty"` // 0 when the host joins
}

// AISummary is aiAgentSummarySetting: the AI notes of the meeting.
type AISummary struct {
	EnableAIAgentStatus bool `json:"enableAiAgentStatus,omitempty"`
}

// Booking is a meeting to book: who, what, when (Unix ms).
type Booking struct {
	CreatorUnionID string            `json:"creatorUnionId"`
	Title          string            `json:"title"`
	StartTime      int64             `json:"startTime"`
	EndTime        int64             `json:"endTime"`
	Settings       *ScheduleSettings `json:"scheduleConfSettingModel,omitempty"`
}

// Scheduled is a booked meeting.
type Scheduled struct {
	ScheduleConferenceID string
	Title                string
	StartTime, EndTime   int64 // Unix ms
	RoomCode             string
	URL                  string // the join link
	Phones               []string
}

type scheduledWire struct {
	ScheduleConferenceID string   `json:"scheduleConferenceId"`
	Title                string   `json:"title"`
	StartTime            flexInt  `json:"startTime"`
	EndTime              flexInt  `json:"endTime"`
	RoomCode             string   `json:"roomCode"`
	URL                  string   `json:"url"`
	Phones               []string `json:"phones"`
}

func (w scheduledWire) scheduled() *Scheduled {
	return &Scheduled{ScheduleConferenceID: w.ScheduleConferenceID, Title: w.Title, StartTime: int64(w.StartTime),
		EndTime: int64(w.EndTime), RoomCode: w.RoomCode, URL: w.URL, Phones: w.Phones}
}

// Book creates a scheduled meeting. It is never retried: a retry after a
// lost answer would book it twice.
func (s *ScheduleService) Book(ctx context.Context, b Booking) (*Scheduled, error) {
	r := s.client.v1(http.MethodPost, routeSchedules, nil)
	r.in, r.idempotent = b, false
	var out scheduledWire
	if err := s.client.do(ctx, r, &out); err != nil {
		return nil, err
	}
	sc := out.scheduled()
	sc.Title, sc.StartTime, sc.EndTime = b.Title, b.StartTime, b.EndTime // the answer does not echo them
	return sc, nil
}

// Reschedule moves (or renames) a booking; only its organiser may.
func (s *ScheduleService) Reschedule(ctx context.Context, scheduleID string, b Booking) error {
	r := s.client.v1(http.MethodPut, routeSchedules, nil)
	r.in = rescheduleRequest{Booking: b, ScheduleConferenceID: scheduleID}
	return s.doSuccess(ctx, r)
}

// UpdateSettings changes a booking's settings; only its organiser may.
func (s *ScheduleService) UpdateSettings(ctx context.Context, creatorUnionID, scheduleID string, set ScheduleSettings) error {
	r := s.client.v1(http.MethodPut, routeScheduleSettings, nil)
	r.in = scheduleSettingsRequest{CreatorUnionID: creatorUnionID, ScheduleConferenceID: scheduleID, Settings: set}
	return s.doSuccess(ctx, r)
}

// Cancel cancels a booking; only its organiser may.
func (s *ScheduleService) Cancel(ctx context.Context, creatorUnionID, scheduleID string) error {
	r := s.client.v1(http.MethodPost, routeScheduleCancel, nil)
	r.in = cancelRequest{CreatorUnionID: creatorUnionID, ScheduleConferenceID: scheduleID}
	return s.doSuccess(ctx, r)
}

// Info returns a booking as requestUnionID sees it.
func (s *ScheduleService) Info(ctx context.Context, scheduleID, requestUnionID string) (*Scheduled, error) {
	var out scheduledWire
	q := url.Values{"requestUnionId": {requestUnionID}}
	if err := s.client.do(ctx, s.client.v1(http.MethodGet, routeScheduleInfo, q, scheduleID), &out); err != nil {
		return nil, err
	}
	return out.scheduled(), nil
}

// Live returns the conferences a booking has had or has (one per opening):
// a conference in status StatusStarted is the meeting in progress.
func (s *ScheduleService) Live(ctx context.Context, scheduleID string) ([]Conference, error) {
	var all []Conference
	err := (*ConferenceService)(s).pages(ctx, routeScheduleLive, scheduleID, func(body *pageBody) int {
		for _, c := range body.ConferenceList {
			all = append(all, c.conference())
		}
		return len(body.ConferenceList)
	})
	return all, err
}

// doSuccess sends a call answered with {"success": bool}.
func (s *ScheduleService) doSuccess(ctx context.Context, r *request) error {
	var out successBody
	if err := s.client.do(ctx, r, &out); err != nil {
		return err
	}
	return out.check()
}

type rescheduleRequest struct {
	Booking
	ScheduleConferenceID string `json:"scheduleConferenceId"`
}

type scheduleSettingsRequest struct {
	CreatorUnionID       string           `json:"creatorUnionId"`
	ScheduleConferenceID string           `json:"scheduleConferenceId"`
	Settings             ScheduleSettings `json:"scheduleConfSettingModel"`
}

type cancelRequest struct {
	CreatorUnionID       string `json:"creatorUnionId"`
	ScheduleConferenceID string `json:"scheduleConferenceId"`
}
