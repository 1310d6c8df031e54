package dingtalk

// CreateRequest is the body of Conference.Create.
type CreateRequest struct {
	HostUnionID    string   `json:"userId"`    // organiser and host (DingTalk calls it userId, but it is a unionId)
	Title          string   `json:"confTitle"` // ≤ 50 characters kept
	InviteUnionIDs []string `json:"inviteUserIds,omitempty"`
	InviteCaller   *bool    `json:"inviteCaller,omitempty"` // ring the host; DingTalk's default is true
}

// Created is a newly created meeting. DingTalk does not echo the host.
type Created struct {
	ConferenceID       string   `json:"conferenceId"`
	RoomCode           string   `json:"roomCode"`
	ExternalLinkURL    string   `json:"externalLinkUrl"`
	ConferencePassword string   `json:"conferencePassword"`
	HostPassword       string   `json:"hostPassword"`
	PhoneNumbers       []string `json:"phoneNumbers"`
}

// Conference statuses.
const (
	StatusInitialised = 0
	StatusEnded       = 1
	StatusStarted     = 2
)

// Conference describes a meeting (Info, ByRoomCode).
type Conference struct {
	ConferenceID    string
	Title           string
	RoomCode        string
	ExternalLinkURL string
	Status          int    // StatusInitialised, StatusEnded or StatusStarted
	CreatorUnionID  string // creatorId
	CreatorNick     string
	StartTime       int64 // Unix ms
	EndTime         int64 // Unix ms
	// ScheduleConferenceID is the scheduled meeting this one is an
	// instance of; "" for an instant meeting.
	ScheduleConferenceID string
	// CloudRecordStatus and MinutesStatus say whether a cloud recording or
	// AI notes run (their values are not documented: 0 means none).
	CloudRecordStatus, MinutesStatus int
	// Who owns the recording and the notes (their unionIds), when known.
	CloudRecordOwnerUnionID, MinutesOwnerUnionID string
}

// Ended reports whether the meeting is over.
func (c Conference) Ended() bool { return c.Status == StatusEnded }

// Member attend statuses.
const (
	AttendInMeeting = 3
	AttendKicked    = 5
	AttendLeft      = 6
)

// Member is a meeting participant.
type Member struct {
	UnionID        string
	Nick           string
	Host           bool
	CoHost         bool
	AttendStatus   int // 1 initialised, 2 calling, 3 in meeting, 4 failed, 5 kicked, 6 left
	OuterOrgMember bool
	// JoinTime and LeaveTime are Unix ms (0 when not known); Duration is
	// the time spent in the meeting, in ms.
	JoinTime, LeaveTime, Duration int64
}

// Present reports whether the member is in the meeting now.
func (m Member) Present() bool { return m.AttendStatus == AttendInMeeting }

// Wire types: the numbers use flexInt because their JSON type is not
// documented everywhere.

type confWire struct {
	ConferenceID    string  `json:"conferenceId"`
	Title           string  `json:"title"`
	RoomCode        string  `json:"roomCode"`
	ExternalLinkURL string  `json:"externalLinkUrl"`
	Status          flexInt `json:"status"`
	CreatorID       string  `json:"creatorId"`
	CreatorNick     string  `json:"creatorNick"`
	StartTime       flexInt `json:"startTime"`
	EndTime         flexInt `json:"endTime"`
	ScheduleID      string  `json:"scheduleConferenceId"`
	RecordStatus    flexInt `json:"cloudRecordStatus"`
	RecordOwner     string  `json:"cloudRecordOwnerUnionId"`
	MinutesStatus   flexInt `json:"minutesStatus"`
	MinutesOwner    string  `json:"minutesOwnerUnionId"`
}

func (w confWire) conference() Conference {
	return Conference{
		ConferenceID: w.ConferenceID, Title: w.Title, RoomCode: w.RoomCode,
		ExternalLinkURL: w.ExternalLinkURL, Status: int(w.Status),
		CreatorUnionID: w.CreatorID, CreatorNick: w.CreatorNick,
		StartTime: int64(w.StartTime), EndTime: int64(w.EndTime), ScheduleConferenceID: w.ScheduleID,
		CloudRecordStatus: int(w.RecordStatus), MinutesStatus: int(w.MinutesStatus),
		CloudRecordOwnerUnionID: w.RecordOwner, MinutesOwnerUnionID: w.MinutesOwner,
	}
}

type memberWire struct {
	UnionID        string  `json:"unionId"`
	UserNick       string  `json:"userNick"`
	ConferenceID   string  `json:"conferenceId"`
	Host           bool    `json:"host"`
	CoHost         bool    `json:"coHost"`
	AttendStatus   flexInt `json:"attendStatus"`
	OuterOrgMember bool    `json:"outerOrgMember"`
	JoinTime       flexInt `json:"joinTime"`
	LeaveTime      flexInt `json:"leaveTime"`
	Duration       flexInt `json:"duration"`
}

func (w memberWire) member() Member {
	return Member{
		UnionID: w.UnionID, Nick: w.UserNick, Host: w.Host, CoHost: w.CoHost,
		AttendStatus: int(w.AttendStatus), OuterOrgMember: w.OuterOrgMember,
		JoinTime: int64(w.JoinTime), LeaveTime: int64(w.LeaveTime), Duration: int64(w.Duration),
	}
}

type infoResponse struct {
	ConfInfo confWire `json:"confInfo"`
}

// pageBody is one page of members or of room-code conferences.
type pageBody struct {
	MemberModels   []memberWire `json:"memberModels"`
	ConferenceList []confWire   `json:"conferenceList"`
	NextToken      flexString   `json:"nextToken"`
	HasMore        *bool        `json:"hasMore"`
	TotalCount     flexInt      `json:"totalCount"`
}

// last reports whether this page, holding n items after read items in all
// and fetched with token sent, is the last one to ask for.
func (b *pageBody) last(n, read int, sent string) bool {
	tok := string(b.NextToken)
	switch {
	case n == 0, b.TotalCount > 0 && read >= int(b.TotalCount):
		return true
	case tok == "", tok == "0", tok == sent:
		return true
	}
	return b.HasMore != nil && !*b.HasMore
}

type ongoingResponse struct {
	OnGoingConfIDList []string              `json:"onGoingConfIdList"`
	MemberModelMap    map[string]memberWire `json:"memberModelMap"`
}

type closeResponse struct {
	Code  flexInt `json:"code"`
	Cause string  `json:"cause"`
}

// focusRequest is the body of focus; unionId is required for both actions.
type focusRequest struct {
	Action  string `json:"action"`
	UnionID string `json:"unionId"`
}

type unionUser struct {
	UnionID string `json:"unionId"`
}

type coHostsRequest struct {
	Action   string      `json:"action"`
	UserList []unionUser `json:"userList"`
}

// actionRequest is the body of allMembers/mute and lock; forceMute is
// left to DingTalk's default because its meaning is not documented.
type actionRequest struct {
	Action string `json:"action"`
}
