package commands

import "time"

// This file holds the domain types: what a message, a reply, a person and
// a meeting are as far as commands cares. Package bot adapts the stream
// payloads to them, and main's adapters the DingTalk client's answers.

// ChatKind says whether a message came from a group chat or a 1:1 chat.
type ChatKind int

// Chat kinds, as DingTalk's conversationType "2" and "1".
const (
	Group ChatKind = iota + 1
	Direct
)

// Person is a DingTalk user as far as commands cares.
type Person struct {
	UserID  string // org-scoped userId (staffId); empty for external users
	UnionID string // what the conference APIs want; may be empty until resolved
	Name    string
}

// Request is one incoming chat message (or card click), already adapted
// from the stream payload by package bot.
type Request struct {
	MsgID     string
	CorpID    string // chatbotCorpId: every org-scoped key includes it
	ChatID    string // conversationId
	ChatKind  ChatKind
	ChatTitle string
	Sender    Person   // UserID = senderStaffId, UnionID = senderUnionId when DingTalk sent it
	Text      string   // text.content (or the text parts of richText), untrimmed
	Mentions  []Person // atUsers minus the bot itself, in payload order; Name is unknown
	// External mentions (no staffId, no unionId) are kept with all fields empty
	// but ExternalMentions counts them so the reply can say so.
	ExternalMentions int
	Action           *CardAction // non-nil for a card button click (issue 5)
	Received         time.Time
}

// CardAction is a button click on a meeting control card.
type CardAction struct {
	OutTrackID string
	ActionID   string
	Params     map[string]string
}

// Outcome classifies how a command ended, for logs and metrics.
type Outcome string

// Outcomes.
const (
	OK       Outcome = "ok"       // the command did what was asked
	Rejected Outcome = "rejected" // bad input: unknown command, missing mention, ...
	Refused  Outcome = "refused"  // the sender may not do this
	Failed   Outcome = "failed"   // DingTalk or the store failed; Err is set
	Ignored  Outcome = "ignored"  // nothing to say (e.g. empty message)
)

// Lang is the language of a reply.
type Lang string

// Languages.
const (
	English Lang = "en"
	Chinese Lang = "zh"
)

// Reply is what the bot sends back for one Request. Handlers never send.
type Reply struct {
	Text    string // markdown; empty means send nothing
	Lang    Lang
	Command string // canonical command name for logs/metrics, e.g. "spotlight", "cohost.add"; "" if unknown
	Outcome Outcome
	Err     error // internal cause when Outcome == Failed; logged by the caller, never shown
	// MeetingID is the meeting the command was about, for logs; "" if none.
	MeetingID string
	// Card is the meeting control card to deliver or update with this
	// reply (issue 5); nil for none. Replies to card clicks carry no Text:
	// their result is the clicker's private line on the card.
	Card *Card
	// Replaced is an update, sent before Card, of the chat's earlier card
	// when it shows a meeting the chat no longer controls (after /meeting
	// start or use bound another one); nil for none.
	Replaced *Card
	// Others are updates, sent after Card, of the same meeting's cards in
	// other chats bound to it, so every card of a meeting shows its state.
	Others []*Card
}

// Meeting is a video conference.
type Meeting struct {
	ID          string // conferenceId
	Title       string
	RoomCode    string
	JoinURL     string
	HostUnionID string // creatorId, or the member with host=true
	HostName    string
	Ended       bool // status 1
	// Started and Finished are the start and end times; zero when unknown
	// (Finished while it runs).
	Started, Finished time.Time
	// Recording and Notes are DingTalk's cloudRecordStatus and
	// minutesStatus: 0 none, 1 running, 2 stopped (values undocumented:
	// anything but 0 means there is or was one).
	Recording, Notes int
	// RecordingOwner and NotesOwner are the unionIds who may read the
	// recording and the notes; "" when DingTalk did not say.
	RecordingOwner, NotesOwner string
	// ScheduleID is the booking (预约会议) this meeting is an instance of.
	ScheduleID string
}

// Recording is one ready cloud recording of a meeting.
type Recording struct {
	MediaID, RegionID string
	Duration          time.Duration
}

// Notes are a meeting's AI notes (闪记) as DingTalk summarises them. Ready
// is false while they are being processed.
type Notes struct {
	Ready     bool
	Paragraph string
	Actions   []string
	Keywords  []string
}

// Member is a participant of a meeting.
type Member struct {
	UnionID string
	Nick    string
	Host    bool
	CoHost  bool
	Present bool // attendStatus 3 (in meeting)
	// State is DingTalk's attendStatus: StateCalling, StateIn, StateLeft…
	State int
	// JoinTime and LeaveTime are zero when not known; Duration is the time
	// spent in the meeting.
	JoinTime, LeaveTime time.Time
	Duration            time.Duration
}

// Member states (DingTalk's attendStatus).
const (
	StateCalling  = 2 // invited, ringing
	StateIn       = 3
	StateDeclined = 4 // join failed or declined
	StateRemoved  = 5 // removed by a host
	StateLeft     = 6
)

// Policy is a change of a meeting's settings: only the fields set change.
type Policy struct {
	SelfUnmute   *bool `json:"selfUnmute,omitempty"`   // participants may unmute themselves
	ScreenShare  *bool `json:"screenShare,omitempty"`  // participants may share their screen
	InternalOnly *bool `json:"internalOnly,omitempty"` // only members of the organisation may join
	MuteAll      *bool `json:"muteAll,omitempty"`      // everyone muted
}

// LiveMeeting is what DingTalk says now of a meeting in progress.
type LiveMeeting struct {
	MeetingID string
	Status    int       // 2 started; an ended meeting is usually missing altogether
	Started   time.Time // zero when not known
	Users     []LiveUser
}

// LiveUser is one participant of a LiveMeeting. Which id DingTalk puts in
// ID (a unionId or a userId) is not documented: match it against both.
type LiveUser struct {
	ID     string
	Nick   string
	State  int  // attendStatus
	Mic    bool // microphone on
	Camera bool // camera on
}

// Participation is one of a user's ongoing meetings (users/lists).
type Participation struct {
	MeetingID string
	Host      bool
	CoHost    bool
}

// Booking is a meeting to book for later (DingTalk's scheduled meeting,
// 预约会议), with the settings it starts with.
type Booking struct {
	Organiser   string    `json:"organiser"` // unionId: the creator, and the host
	Title       string    `json:"title"`
	Start, End  time.Time `json:"-"`
	CoHosts     []string  `json:"cohosts,omitempty"` // unionIds
	MuteOnJoin  bool      `json:"muteOnJoin,omitempty"`
	WaitingRoom bool      `json:"waitingRoom,omitempty"`
	Record      bool      `json:"record,omitempty"` // recording starts on its own
	Notes       bool      `json:"notes,omitempty"`  // AI notes on
	Lock        bool      `json:"lock,omitempty"`
}

// Booked is a booked meeting as DingTalk answers.
type Booked struct {
	ID       string    `json:"id"` // scheduleConferenceId
	Title    string    `json:"title"`
	RoomCode string    `json:"roomCode"`
	URL      string    `json:"url"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
}
