package commands

import (
	"context"
	"errors"
	"strings"
	"time"
)

// This file declares what commands needs from the outside world: the
// conference API, the contacts and the state store, and the errors their
// implementations wrap. main.go adapts the dingtalk client and the store
// to these interfaces; commands never imports them.

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
	// MuteMember mutes (or unmutes) one participant.
	MuteMember(ctx context.Context, meetingID, unionID string, mute bool) error
	// Kick removes one participant; ban keeps them from joining again.
	Kick(ctx context.Context, meetingID, unionID string, ban bool) error
	// Invite rings people (unionId and name) into the meeting on behalf of
	// the operator.
	Invite(ctx context.Context, meetingID, operatorUnionID string, invitees []Person) error
	// Lock locks (or unlocks) the meeting: nobody else can join.
	Lock(ctx context.Context, meetingID string, lock bool) error
	// SetPolicy changes the settings p names; the others stay.
	SetPolicy(ctx context.Context, meetingID string, p Policy) error
	// Live is what DingTalk says now of meetings in progress: who is in,
	// microphones and cameras. A meeting that is not in progress is
	// missing from the answer.
	Live(ctx context.Context, meetingIDs []string) ([]LiveMeeting, error)
	// StartRecording and StopRecording start and stop the cloud recording,
	// on behalf of the operator (DingTalk lets only the host start one).
	StartRecording(ctx context.Context, meetingID, operatorUnionID string) error
	StopRecording(ctx context.Context, meetingID, operatorUnionID string) error
	// Recordings lists the ready recordings, as reader (host or owner)
	// sees them; PlayURL is one's playback link.
	Recordings(ctx context.Context, meetingID, reader string) ([]Recording, error)
	PlayURL(ctx context.Context, meetingID, reader string, rec Recording) (string, error)
	// StartNotes and StopNotes start and pause the AI notes (闪记).
	StartNotes(ctx context.Context, meetingID, operatorUnionID string) error
	StopNotes(ctx context.Context, meetingID, operatorUnionID string) error
	// NotesSummary is the AI notes' summary, as reader sees it.
	NotesSummary(ctx context.Context, meetingID, reader string) (Notes, error)
}

// Bookings books meetings for later: DingTalk's scheduled meetings.
type Bookings interface {
	Book(ctx context.Context, b Booking) (Booked, error)
	// Reschedule moves a booking (its organiser's, b.Organiser).
	Reschedule(ctx context.Context, id string, b Booking) error
	Cancel(ctx context.Context, organiser, id string) error
	// Started is the booking's meeting in progress, if any (ok false when
	// it has not started).
	Started(ctx context.Context, id string) (m Meeting, ok bool, err error)
}

// Poster posts into a chat outside any reply: what the meeting watcher
// has to say (a meeting ended, its recording, its notes) and card updates.
type Poster interface {
	Post(ctx context.Context, to Chat, text string) error
	// UpdateCard changes a delivered card in place.
	UpdateCard(ctx context.Context, to Chat, card *Card) error
}

// Chat is where the watcher posts: a group, or a 1:1 chat with UserID.
type Chat struct {
	CorpID string
	ChatID string
	Kind   ChatKind
	UserID string // the person of a 1:1 chat (robot 1:1 sends go to them)
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
	ErrNotFound = errors.New("person not found") // contacts: no such user
	// ErrNotesOff says the organisation has no AI notes (闪记) enabled.
	ErrNotesOff = errors.New("AI notes are not enabled for the organisation")
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

// Error says which permissions are missing and what DingTalk answered.
func (e *PermissionError) Error() string {
	return "missing permission " + strings.Join(e.Scopes, ",") + ": " + e.Err.Error()
}

// Unwrap returns DingTalk's error.
func (e *PermissionError) Unwrap() error { return e.Err }

// ErrAppNotAuthorized is what Conference and Directory implementations wrap
// when the message's organisation has not authorised the app, or revoked
// it: the user is asked to have it (re)authorised.
var ErrAppNotAuthorized = errors.New("the organisation has not authorised the app")
