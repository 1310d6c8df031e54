package commands

import (
	"context"
	"errors"
	"strings"
	"time"
)

// This file declares what commands needs from the outside world. main.go
// adapts the dingtalk client and the store to these interfaces; commands
// never imports them.

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
}

// Member is a participant of a meeting.
type Member struct {
	UnionID string
	Nick    string
	Host    bool
	CoHost  bool
	Present bool // attendStatus 3 (in meeting)
}

// Participation is one of a user's ongoing meetings (users/lists).
type Participation struct {
	MeetingID string
	Host      bool
	CoHost    bool
}

// Conference is the video-conference API, as commands needs it.
// Implementations return errors that wrap the sentinels below.
type Conference interface {
	Create(ctx context.Context, hostUnionID, title string) (Meeting, error)
	Close(ctx context.Context, meetingID, hostUnionID string) error
	Info(ctx context.Context, meetingID string) (Meeting, error)
	Members(ctx context.Context, meetingID string) ([]Member, error)
	Focus(ctx context.Context, meetingID, unionID string) error
	// Unfocus turns the spotlight on unionID off (DingTalk requires the
	// person for un_focus too).
	Unfocus(ctx context.Context, meetingID, unionID string) error
	AddCoHosts(ctx context.Context, meetingID string, unionIDs []string) error
	RemoveCoHosts(ctx context.Context, meetingID string, unionIDs []string) error
	MuteAll(ctx context.Context, meetingID string, mute bool) error
	Ongoing(ctx context.Context, unionID string) ([]Participation, error)
	ByRoomCode(ctx context.Context, roomCode string) ([]Meeting, error)
}

// Directory looks people up in the organisation's contacts.
type Directory interface {
	// Person returns the unionId and name of an org userId.
	Person(ctx context.Context, corpID, userID string) (Person, error)
}

// KV is the state store: the embedded file store or Redis. Keys are
// plain strings; values are opaque bytes. A ttl of 0 means no expiry.
type KV interface {
	Get(ctx context.Context, key string) ([]byte, bool, error)
	Set(ctx context.Context, key string, val []byte, ttl time.Duration) error
	Delete(ctx context.Context, key string) error
	// SetNX stores val only if key is absent (or expired) and reports whether it did.
	SetNX(ctx context.Context, key string, val []byte, ttl time.Duration) (bool, error)
	// Push appends val to the list at key, keeping only the newest keep
	// entries; the list expires ttl after this push (0: never).
	Push(ctx context.Context, key string, val []byte, keep int, ttl time.Duration) error
	// Last returns up to n newest entries of the list at key, newest first.
	Last(ctx context.Context, key string, n int) ([][]byte, error)
}

// Errors that Conference and Directory implementations wrap, so commands
// can tell the user what happened without knowing DingTalk's wire codes.
var (
	ErrUnknownUser = errors.New("user is not in the meeting") // unknownUserError
	// ErrMeetingGone says DingTalk does not know the meeting, or reports it
	// ended: only the meeting's own info call can say so (Info, ByRoomCode).
	ErrMeetingGone = errors.New("meeting not found or ended")
	// ErrRejected is a request DingTalk refused as invalid (paramsError, a
	// missing field) on a call that acts on a meeting. It does not mean the
	// meeting ended: commands confirms that with a fresh Info.
	ErrRejected = errors.New("DingTalk refused the request")
	ErrNotFound = errors.New("person not found")                        // contacts: no such user
	ErrBusy     = errors.New("DingTalk is busy")                        // rate limited or system error after retries
	ErrAuth     = errors.New("DingTalk rejected the app's credentials") // token could not be obtained
	// ErrQuota says the organisation has used up its monthly DingTalk API
	// quota (standard edition): nothing works until the month ends.
	ErrQuota = errors.New("the organisation's monthly DingTalk API quota is used up")
)

// PermissionError says the app lacks DingTalk permissions (scopes).
type PermissionError struct {
	Scopes []string // as DingTalk said them; may be empty
	Err    error
}

func (e *PermissionError) Error() string {
	return "missing permission " + strings.Join(e.Scopes, ",") + ": " + e.Err.Error()
}

func (e *PermissionError) Unwrap() error { return e.Err }
