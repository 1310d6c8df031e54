package dingtalktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ScheduleSettings is the emulator's typed reading of a schedule's
// scheduleConfSettingModel (the official SDK's models); ScheduleState also keeps
// the JSON as sent, whole. Integer flags are 0/1 unless noted.
type ScheduleSettings struct {
	HostUnionID          string   `json:"hostUnionId,omitempty"`
	CohostUnionIDs       []string `json:"cohostUnionIds,omitempty"`
	ConfAllowedCorpID    string   `json:"confAllowedCorpId,omitempty"`
	LockRoom             int      `json:"lockRoom,omitempty"`
	ScreenShareForbidden int      `json:"screenShareForbidden,omitempty"`
	MuteOnJoin           int      `json:"muteOnJoin,omitempty"` // -1 on, 0 off, 6 above six people
	// Virtual is moziConfVirtualExtraSetting.
	Virtual struct {
		WaitingRoom             int    `json:"waitingRoom,omitempty"`
		JoinBeforeHost          int    `json:"joinBeforeHost,omitempty"`
		EnableChat              int    `json:"enableChat,omitempty"`
		LockNick                int    `json:"lockNick,omitempty"`
		LockMediaStatusMicMute  int    `json:"lockMediaStatusMicMute,omitempty"`
		CloudRecordOwnerUnionID string `json:"cloudRecordOwnerUnionId,omitempty"`
		MinutesOwnerUnionID     string `json:"minutesOwnerUnionId,omitempty"`
		PushCloudRecordCard     bool   `json:"pushCloudRecordCard,omitempty"`
		PushMinutesCard         bool   `json:"pushMinutesCard,omitempty"`
		PushAllMeetingRecords   bool   `json:"pushAllMeetingRecords,omitempty"`
	} `json:"moziConfVirtualExtraSetting"`
	// Record is moziConfOpenRecordSetting.
	Record struct {
		RecordAutoStart     int    `json:"recordAutoStart,omitempty"`
		RecordAutoStartType int    `json:"recordAutoStartType,omitempty"` // 0 host joins, 1 a co-host joins, 2 anyone joins
		Mode                string `json:"mode,omitempty"`
		IsFollowHost        bool   `json:"isFollowHost,omitempty"`
	} `json:"moziConfOpenRecordSetting"`
	// AIAgent is aiAgentSummarySetting.
	AIAgent struct {
		EnableAiAgentStatus bool   `json:"enableAiAgentStatus,omitempty"`
		Value               string `json:"value,omitempty"`
	} `json:"aiAgentSummarySetting"`
}

// users are the unionIds the settings name, which must all be known.
func (st ScheduleSettings) users() []string {
	out := append([]string{st.HostUnionID, st.Virtual.CloudRecordOwnerUnionID, st.Virtual.MinutesOwnerUnionID},
		st.CohostUnionIDs...)
	return out
}

// ScheduleSpec describes a schedule to seed with AddSchedule.
type ScheduleSpec struct {
	Title         string
	CreatorUserID string // must be a known user
	Start, End    time.Time
	Settings      ScheduleSettings
}

// ScheduleState is a snapshot of a scheduled meeting (预约会议).
type ScheduleState struct {
	ID, Title, CreatorUnionID, HostUnionID string
	RoomCode, URL                          string // RoomCode as answered, "ddd ddd ddddd"
	Phones                                 []string
	Start, End                             time.Time
	Cancelled                              bool
	Settings                               ScheduleSettings
	SettingsJSON                           json.RawMessage // scheduleConfSettingModel as last sent
	Conferences                            []string        // its conferences, oldest first
}

// Errors of StartSchedule.
var (
	ErrNoSchedule        = errors.New("dingtalktest: no such schedule")
	ErrScheduleCancelled = errors.New("dingtalktest: the schedule is cancelled")
	ErrScheduleLive      = errors.New("dingtalktest: the schedule's conference is already running")
)

type schedule struct {
	id, title, code, url string
	creator, creatorNick string
	host                 User
	start, end           time.Time
	settings             ScheduleSettings
	raw                  json.RawMessage
	cancelled            bool
	confs                []*meeting
}

// spacedCode writes an 11-digit room code as the SDK's example does.
func spacedCode(code string) string { return code[:3] + " " + code[3:6] + " " + code[6:] }

// schedulePhones are the dial-in numbers of every schedule (invented).
var schedulePhones = []string{"057128187000"}

// live is the schedule's running conference, if any.
func (sc *schedule) live() *meeting {
	if n := len(sc.confs); n > 0 && sc.confs[n-1].status == statusStarted {
		return sc.confs[n-1]
	}
	return nil
}

func (sc *schedule) state() ScheduleState {
	st := ScheduleState{ID: sc.id, Title: sc.title, CreatorUnionID: sc.creator, HostUnionID: sc.host.UnionID,
		RoomCode: spacedCode(sc.code), URL: sc.url, Phones: append([]string(nil), schedulePhones...),
		Start: sc.start, End: sc.end, Cancelled: sc.cancelled, Settings: sc.settings,
		SettingsJSON: append(json.RawMessage(nil), sc.raw...)}
	st.Settings.CohostUnionIDs = append([]string(nil), sc.settings.CohostUnionIDs...)
	for _, m := range sc.confs {
		st.Conferences = append(st.Conferences, m.id)
	}
	return st
}

// newSchedule registers a schedule; the clock starts it at start. Caller
// holds c.mu.
func (c *conferences) newSchedule(title string, creator, host User, start, end time.Time) *schedule {
	sc := &schedule{id: strings.ToLower(requestID()), title: title, code: digits(11),
		url: "https://meeting.dingtalk.com/j/" + secret()[:12], creator: creator.UnionID,
		creatorNick: creator.Name, host: host, start: start, end: end}
	c.schedules[sc.id] = sc
	c.due = append(c.due, sc)
	return sc
}

// startDue starts the schedules whose start time has come, as of their
// start time; each starts on its own once at most. Caller holds c.mu.
func (c *conferences) startDue(now time.Time) {
	kept := c.due[:0]
	for _, sc := range c.due {
		switch {
		case sc.cancelled || len(sc.confs) > 0:
		case !now.Before(sc.start):
			c.startSchedule(sc, sc.start)
		default:
			kept = append(kept, sc)
		}
	}
	clear(c.due[len(kept):])
	c.due = kept
}

// startSchedule opens a conference of sc at at: hosted by the host (the
// settings' hostUnionId, else the creator), present, with the stored
// settings applied. Caller holds c.mu.
func (c *conferences) startSchedule(sc *schedule, at time.Time) *meeting {
	st := sc.settings
	m := c.newMeeting(sc.title, sc.code, sc.host, at)
	m.joinURL, m.scheduleID = sc.url, sc.id
	m.creatorUnion, m.creatorNick = sc.creator, sc.creatorNick
	m.locked, m.forbidShare = st.LockRoom == 1, st.ScreenShareForbidden == 1
	m.muteOnJoin, m.waitingRoom = st.MuteOnJoin, st.Virtual.WaitingRoom == 1
	m.recordOwner, m.notesOwner = st.Virtual.CloudRecordOwnerUnionID, st.Virtual.MinutesOwnerUnionID
	for _, u := range st.CohostUnionIDs {
		m.coHostsOnJoin[u] = true
	}
	if st.Record.RecordAutoStart == 1 {
		if st.Record.RecordAutoStartType == 1 {
			m.autoRecordOwner = sc.host.UnionID
		} else {
			c.startRecording(m, sc.host.UnionID, at).mode = st.Record.Mode
		}
	}
	sc.confs = append(sc.confs, m)
	return m
}

// AddSchedule seeds a schedule as CreateScheduleConference would, without
// its checks (a start in the past is fine: the schedule starts on the next
// look), and returns its scheduleConferenceId. It panics on unknown users.
func (s *Server) AddSchedule(spec ScheduleSpec) string {
	creator, host := s.mustUser(spec.CreatorUserID), User{}
	if spec.Settings.HostUnionID != "" {
		u, ok := s.userByUnion(spec.Settings.HostUnionID)
		if !ok {
			panic(fmt.Sprintf("dingtalktest: unknown host %q", spec.Settings.HostUnionID))
		}
		host = u
	} else {
		host = creator
	}
	raw, _ := json.Marshal(spec.Settings)
	s.lockConf()
	defer s.conf.mu.Unlock()
	sc := s.conf.newSchedule(spec.Title, creator, host, spec.Start, spec.End)
	sc.settings, sc.raw = spec.Settings, raw
	return sc.id
}

// StartSchedule opens the schedule's conference now, whatever its start
// time (again, after an earlier conference of it ended), and returns the
// conferenceId. It fails with ErrNoSchedule, ErrScheduleCancelled or
// ErrScheduleLive.
func (s *Server) StartSchedule(scheduleID string) (string, error) {
	now := s.lockConf()
	defer s.conf.mu.Unlock()
	sc, ok := s.conf.schedules[scheduleID]
	switch {
	case !ok:
		return "", ErrNoSchedule
	case sc.cancelled:
		return "", ErrScheduleCancelled
	case sc.live() != nil:
		return "", ErrScheduleLive
	}
	return s.conf.startSchedule(sc, now).id, nil
}

// Schedule returns a snapshot of a schedule.
func (s *Server) Schedule(scheduleID string) (ScheduleState, bool) {
	s.lockConf()
	defer s.conf.mu.Unlock()
	sc, ok := s.conf.schedules[scheduleID]
	if !ok {
		return ScheduleState{}, false
	}
	return sc.state(), true
}

// Schedules returns a snapshot of every schedule, ordered by start time.
func (s *Server) Schedules() []ScheduleState {
	s.lockConf()
	defer s.conf.mu.Unlock()
	out := make([]ScheduleState, 0, len(s.conf.schedules))
	for _, sc := range s.conf.schedules {
		out = append(out, sc.state())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}
