package dingtalktest

import (
	"strconv"
	"time"
)

// defaultPage is the page size when maxResults is absent (docs/wire-contract.md
// §7.1). A larger maxResults is capped to it: DingTalk's maximum is
// UNCONFIRMED, so the emulator takes the smallest plausible one.
const (
	defaultPage = 128
	maxPage     = defaultPage
)

type confInfo struct {
	ConferenceID         string `json:"conferenceId"`
	Title                string `json:"title"`
	RoomCode             string `json:"roomCode"`
	ExternalLinkURL      string `json:"externalLinkUrl"`
	Status               int    `json:"status"`
	CreatorID            string `json:"creatorId"`
	CreatorNick          string `json:"creatorNick"`
	StartTime            int64  `json:"startTime"`
	EndTime              int64  `json:"endTime,omitempty"`
	ConfDuration         int64  `json:"confDuration"`
	ActiveNum            int    `json:"activeNum,omitempty"`
	AttendNum            int    `json:"attendNum,omitempty"`
	InvitedNum           int    `json:"invitedNum,omitempty"`
	BizType              string `json:"bizType,omitempty"`
	ScheduleConferenceID string `json:"scheduleConferenceId,omitempty"`
	// Recording and AI notes: cloudRecordStatus 0 never, 1 recording, 2
	// stopped; minutesStatus 0 never, 1 on, 2 paused or ended
	// (UNCONFIRMED values, doc.go).
	CloudRecordStatus       int    `json:"cloudRecordStatus"`
	CloudRecordOwnerUnionID string `json:"cloudRecordOwnerUnionId,omitempty"`
	MinutesStatus           int    `json:"minutesStatus"`
	MinutesOwnerUnionID     string `json:"minutesOwnerUnionId,omitempty"`
}

// info is the confInfo of m: creatorId is the creator's unionId (of the
// schedule, for a schedule's conference), who need not be the host now.
func (m *meeting) info(now time.Time) confInfo {
	ci := confInfo{ConferenceID: m.id, Title: m.title, RoomCode: m.roomCode, ExternalLinkURL: m.joinURL,
		Status: m.status, CreatorID: m.creatorUnion, CreatorNick: m.creatorNick, StartTime: millis(m.start),
		ScheduleConferenceID: m.scheduleID, CloudRecordStatus: m.recordStatus(),
		CloudRecordOwnerUnionID: m.recordOwnerNow(), MinutesStatus: m.notes.status, MinutesOwnerUnionID: m.notes.owner}
	end := now
	if !m.end.IsZero() {
		ci.EndTime, end = millis(m.end), m.end
	}
	ci.ConfDuration = end.Sub(m.start).Milliseconds()
	for _, mb := range m.members {
		ci.InvitedNum++
		if mb.present() {
			ci.ActiveNum++
		}
		if !mb.joined.IsZero() {
			ci.AttendNum++ // joined at least once
		}
	}
	return ci
}

// handleConfInfo serves GET …/{id}: ended meetings still answer (status 1).
func (s *Server) handleConfInfo(x *exchange) {
	s.onMeeting(x, true, func(m *meeting, now time.Time) outcome {
		return okOut(struct {
			ConfInfo confInfo `json:"confInfo"`
		}{m.info(now)})
	})
}

type memberModel struct {
	UnionID        string `json:"unionId"`
	UserNick       string `json:"userNick"`
	ConferenceID   string `json:"conferenceId"`
	Host           bool   `json:"host"`
	CoHost         bool   `json:"coHost"`
	AttendStatus   int    `json:"attendStatus"`
	JoinTime       int64  `json:"joinTime,omitempty"`
	LeaveTime      int64  `json:"leaveTime,omitempty"`
	Duration       int64  `json:"duration"`
	OuterOrgMember bool   `json:"outerOrgMember"`
	PstnJoin       bool   `json:"pstnJoin"`
	JobNumber      string `json:"jobNumber,omitempty"`
}

// model is mb's memberModel: joinTime is the latest join (absent for
// who never joined), leaveTime the latest leave (absent while present),
// duration the total time present in milliseconds, every stay counted.
func (m *meeting) model(mb *member, now time.Time) memberModel {
	mm := memberModel{UnionID: mb.unionID, UserNick: mb.nick, ConferenceID: m.id, Host: mb.host, CoHost: mb.coHost,
		AttendStatus: mb.attend, OuterOrgMember: mb.external, Duration: mb.duration(now).Milliseconds()}
	if !mb.joined.IsZero() {
		mm.JoinTime = millis(mb.joined)
	}
	if !mb.present() && !mb.left.IsZero() {
		mm.LeaveTime = millis(mb.left)
	}
	return mm
}

// page parses maxResults/nextToken (nextToken is an offset; "" or "0" first).
func page(x *exchange) (offset, size int, o outcome, ok bool) {
	q := x.r.URL.Query()
	size = defaultPage
	if v := q.Get("maxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return 0, 0, paramsOut("invalid maxResults"), false
		}
		size = min(n, maxPage)
	}
	if v := q.Get("nextToken"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, paramsOut("invalid nextToken"), false
		}
		offset = n
	}
	return offset, size, outcome{}, true
}

// window returns the [lo,hi) slice bounds and the next token ("" when done).
func window(offset, size, total int) (lo, hi int, next string) {
	lo, hi = min(offset, total), min(offset+size, total)
	if hi < total {
		next = strconv.Itoa(hi)
	}
	return lo, hi, next
}

type membersResponse struct {
	MemberModels []memberModel `json:"memberModels"`
	NextToken    string        `json:"nextToken,omitempty"`
	TotalCount   int           `json:"totalCount"`
}

// handleConfMembers serves GET …/{id}/members?maxResults=&nextToken=, in
// join order, default page 128, with the nextToken of Options.MemberPaging.
func (s *Server) handleConfMembers(x *exchange) {
	offset, size, o, ok := page(x)
	if !ok {
		x.answer(o)
		return
	}
	sent := x.r.URL.Query().Get("nextToken")
	s.onMeeting(x, false, func(m *meeting, now time.Time) outcome {
		total := len(m.members)
		lo, hi, _ := window(offset, size, total)
		resp := membersResponse{MemberModels: make([]memberModel, 0, hi-lo), TotalCount: total,
			NextToken: s.opts.MemberPaging.next(offset, hi, total, sent)}
		for _, mb := range m.members[lo:hi] {
			resp.MemberModels = append(resp.MemberModels, m.model(mb, now))
		}
		return okOut(resp)
	})
}

type userConfsResponse struct {
	OnGoingConfIDList []string               `json:"onGoingConfIdList"`
	MemberModelMap    map[string]memberModel `json:"memberModelMap"`
}

// handleUserConfs serves GET /v1.0/conference/users/lists?unionId=: started
// meetings the user is present in, memberModelMap keyed by conferenceId.
func (s *Server) handleUserConfs(x *exchange) {
	union := x.r.URL.Query().Get("unionId")
	if _, ok := s.userByUnion(union); !ok {
		x.unknownUser()
		return
	}
	resp := userConfsResponse{OnGoingConfIDList: []string{}, MemberModelMap: map[string]memberModel{}}
	now := s.lockConf()
	for _, m := range s.conf.byUnion[union] {
		mb := m.byUnion[union]
		if m.status == statusStarted && mb.present() {
			resp.OnGoingConfIDList = append(resp.OnGoingConfIDList, m.id)
			resp.MemberModelMap[m.id] = m.model(mb, now)
		}
	}
	s.conf.mu.Unlock()
	x.ok(resp)
}

type roomCodeResponse struct {
	ConferenceList []confInfo `json:"conferenceList"`
	HasMore        bool       `json:"hasMore"`
	NextToken      string     `json:"nextToken,omitempty"`
	TotalCount     int        `json:"totalCount"`
}

// handleRoomCode serves GET /v1.0/conference/roomCodes/{roomCode}/infos. The
// code is matched exactly: spaces are not stripped, so "838 722 123" finds
// nothing. Ended meetings are listed with status 1.
func (s *Server) handleRoomCode(x *exchange) {
	offset, size, o, ok := page(x)
	if !ok {
		x.answer(o)
		return
	}
	code := x.r.PathValue("roomCode")
	now := s.lockConf()
	all := s.conf.byRoom[code]
	lo, hi, next := window(offset, size, len(all))
	resp := roomCodeResponse{ConferenceList: make([]confInfo, 0, hi-lo), HasMore: next != "", NextToken: next, TotalCount: len(all)}
	for _, m := range all[lo:hi] {
		resp.ConferenceList = append(resp.ConferenceList, m.info(now))
	}
	s.conf.mu.Unlock()
	x.ok(resp)
}
