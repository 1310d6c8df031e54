package dingtalktest

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"
)

type scheduleRequest struct {
	CreatorUnionID       string          `json:"creatorUnionId"`
	ScheduleConferenceID string          `json:"scheduleConferenceId"`
	Title                string          `json:"title"`
	StartTime            int64           `json:"startTime"`
	EndTime              int64           `json:"endTime"`
	Settings             json.RawMessage `json:"scheduleConfSettingModel"`
}

type scheduleAnswer struct {
	ScheduleConferenceID string   `json:"scheduleConferenceId"`
	RoomCode             string   `json:"roomCode"`
	URL                  string   `json:"url"`
	Phones               []string `json:"phones"`
	RequestID            string   `json:"requestId"`
}

func (sc *schedule) answer(reqID string) scheduleAnswer {
	return scheduleAnswer{ScheduleConferenceID: sc.id, RoomCode: spacedCode(sc.code), URL: sc.url,
		Phones: append([]string(nil), schedulePhones...), RequestID: reqID}
}

// settingsOf parses scheduleConfSettingModel; absent or null is ok=false
// with no error.
func settingsOf(raw json.RawMessage) (st ScheduleSettings, present bool, err error) {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return st, false, nil
	}
	return st, true, json.Unmarshal(raw, &st)
}

// checkTimes refuses a start before now (paramsError, UNCONFIRMED) and an
// end not after the start.
func checkTimes(start, end int64, now time.Time) (outcome, bool) {
	switch {
	case start < millis(now):
		return paramsOut("startTime is in the past"), false
	case end <= start:
		return paramsOut("endTime must be after startTime"), false
	}
	return outcome{}, true
}

// scheduleUsers resolves the creator and the settings' users (all must be
// employees of the organisation: unknownUserError otherwise) and returns
// the creator and the host.
func (s *Server) scheduleUsers(creatorUnion string, st ScheduleSettings) (creator, host User, ok bool) {
	creator, ok = s.userByUnion(creatorUnion)
	if !ok || creator.External {
		return User{}, User{}, false
	}
	for _, id := range st.users() {
		if u, known := s.userByUnion(id); id != "" && (!known || u.External) {
			return User{}, User{}, false
		}
	}
	host = creator
	if st.HostUnionID != "" {
		host, _ = s.userByUnion(st.HostUnionID)
	}
	return creator, host, true
}

// parsedSchedule is a create or settings request, its users resolved.
type parsedSchedule struct {
	scheduleRequest
	settings      ScheduleSettings
	hasSettings   bool
	creator, host User
}

// parseSchedule decodes a create or settings request and resolves its
// users; false means it answered. Absent settings are stored as {}.
func (s *Server) parseSchedule(x *exchange) (p parsedSchedule, ok bool) {
	if !x.decode(&p.scheduleRequest) {
		return p, false
	}
	st, present, err := settingsOf(p.Settings)
	if err != nil {
		x.paramsError("invalid scheduleConfSettingModel")
		return p, false
	}
	p.settings, p.hasSettings = st, present
	if !present {
		p.Settings = json.RawMessage("{}")
	}
	if p.creator, p.host, ok = s.scheduleUsers(p.CreatorUnionID, st); !ok {
		x.unknownUser()
	}
	return p, ok
}

// handleScheduleCreate serves POST /v1.0/conference/scheduleConferences.
func (s *Server) handleScheduleCreate(x *exchange) {
	req, ok := s.parseSchedule(x)
	if !ok {
		return
	}
	now := s.lockConf()
	o, ok := checkTimes(req.StartTime, req.EndTime, now)
	if ok {
		sc := s.conf.newSchedule(req.Title, req.creator, req.host, time.UnixMilli(req.StartTime), time.UnixMilli(req.EndTime))
		sc.settings, sc.raw = req.settings, append(json.RawMessage(nil), req.Settings...)
		o = okOut(sc.answer(x.reqID))
	}
	s.conf.mu.Unlock()
	x.answer(o)
}

// onSchedule runs fn on the schedule scheduleId names, under the
// conference lock: unknown or cancelled schedules are paramsError;
// organiser, when not empty, must be its creator (paramsError too,
// UNCONFIRMED).
func (s *Server) onSchedule(x *exchange, id, organiser string, fn func(sc *schedule, now time.Time) outcome) {
	now := s.lockConf()
	o := func() outcome {
		sc, ok := s.conf.schedules[id]
		switch {
		case !ok:
			return paramsOut("schedule conference not found: " + id)
		case sc.cancelled:
			return paramsOut("schedule conference is cancelled: " + id)
		case organiser != "" && organiser != sc.creator:
			return paramsOut("only the organiser can change the schedule conference")
		}
		return fn(sc, now)
	}()
	s.conf.mu.Unlock()
	x.answer(o)
}

// handleScheduleUpdate serves PUT /v1.0/conference/scheduleConferences:
// the organiser changes title and times, under the creation rules (a
// start in the past is refused, even one left unchanged).
func (s *Server) handleScheduleUpdate(x *exchange) {
	var req scheduleRequest
	if !x.decode(&req) || !s.knownUser(x, req.CreatorUnionID) {
		return
	}
	s.onSchedule(x, req.ScheduleConferenceID, req.CreatorUnionID, func(sc *schedule, now time.Time) outcome {
		if o, ok := checkTimes(req.StartTime, req.EndTime, now); !ok {
			return o
		}
		sc.title, sc.start, sc.end = req.Title, time.UnixMilli(req.StartTime), time.UnixMilli(req.EndTime)
		return okOut(success{Success: true})
	})
}

// handleScheduleSettings serves PUT …/scheduleConferences/settings: the
// organiser replaces the settings whole (absent settings: paramsError).
// A conference already running keeps the settings it started with.
func (s *Server) handleScheduleSettings(x *exchange) {
	req, ok := s.parseSchedule(x)
	if !ok {
		return
	}
	if !req.hasSettings {
		x.paramsError("scheduleConfSettingModel is required to update the settings")
		return
	}
	s.onSchedule(x, req.ScheduleConferenceID, req.CreatorUnionID, func(sc *schedule, _ time.Time) outcome {
		sc.settings, sc.raw, sc.host = req.settings, append(json.RawMessage(nil), req.Settings...), req.host
		return okOut(success{Success: true})
	})
}

// handleScheduleCancel serves POST …/scheduleConferences/cancel: the
// organiser cancels; a running conference of it ends.
func (s *Server) handleScheduleCancel(x *exchange) {
	var req scheduleRequest
	if !x.decode(&req) || !s.knownUser(x, req.CreatorUnionID) {
		return
	}
	s.onSchedule(x, req.ScheduleConferenceID, req.CreatorUnionID, func(sc *schedule, now time.Time) outcome {
		sc.cancelled = true
		if m := sc.live(); m != nil {
			s.conf.end(m, now)
		}
		return okOut(success{Success: true})
	})
}

type scheduleInfo struct {
	scheduleAnswer
	Title     string `json:"title"`
	StartTime int64  `json:"startTime"`
	EndTime   int64  `json:"endTime"`
}

// handleScheduleQuery serves GET …/scheduleConferences/{id}/infos
// ?requestUnionId=: for its organiser, host or co-hosts only.
func (s *Server) handleScheduleQuery(x *exchange) {
	union := x.r.URL.Query().Get("requestUnionId")
	if !s.knownUser(x, union) {
		return
	}
	s.onSchedule(x, x.r.PathValue("scheduleConferenceId"), "", func(sc *schedule, _ time.Time) outcome {
		if union != sc.creator && union != sc.host.UnionID && !slices.Contains(sc.settings.CohostUnionIDs, union) {
			return paramsOut("only the organiser, host or co-hosts can read the schedule conference")
		}
		return okOut(scheduleInfo{scheduleAnswer: sc.answer(x.reqID), Title: sc.title,
			StartTime: millis(sc.start), EndTime: millis(sc.end)})
	})
}

type scheduleConf struct {
	ConferenceID string `json:"conferenceId"`
	Title        string `json:"title"`
	RoomCode     string `json:"roomCode"`
	Status       int    `json:"status"`
	StartTime    int64  `json:"startTime"`
	EndTime      int64  `json:"endTime,omitempty"`
}

type scheduleConfsResponse struct {
	ConferenceList []scheduleConf `json:"conferenceList"`
	NextToken      string         `json:"nextToken"`
	TotalCount     int            `json:"totalCount"`
}

// handleScheduleConfs serves GET …/videoConferences/scheduleConferences/
// {id}?maxResults=&nextToken=: the schedule's conferences, oldest first,
// ended ones with status 1; nextToken is always present ("" on the last
// page); paging as for members.
func (s *Server) handleScheduleConfs(x *exchange) {
	offset, size, o, ok := page(x)
	if !ok {
		x.answer(o)
		return
	}
	s.onSchedule(x, x.r.PathValue("scheduleConferenceId"), "", func(sc *schedule, _ time.Time) outcome {
		lo, hi, next := window(offset, size, len(sc.confs))
		resp := scheduleConfsResponse{ConferenceList: make([]scheduleConf, 0, hi-lo), NextToken: next, TotalCount: len(sc.confs)}
		for _, m := range sc.confs[lo:hi] {
			c := scheduleConf{ConferenceID: m.id, Title: m.title, RoomCode: m.roomCode, Status: m.status, StartTime: millis(m.start)}
			if !m.end.IsZero() {
				c.EndTime = millis(m.end)
			}
			resp.ConferenceList = append(resp.ConferenceList, c)
		}
		return okOut(resp)
	})
}
