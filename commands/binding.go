package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// This file resolves which meeting a command is about: the chat's
// binding, else the sender's only ongoing meeting; and what happens when
// DingTalk says that meeting is over.

// binding is the meeting a chat controls, stored at bind:<corp>:<chat>.
// It is deleted when the meeting ends, and expires Config.Retention after
// its last use otherwise (a chat nobody uses keeps nothing for ever).
type binding struct {
	MeetingID string    `json:"meetingId"`
	Title     string    `json:"title"`
	RoomCode  string    `json:"roomCode"`
	BoundBy   string    `json:"boundBy"`
	BoundAt   time.Time `json:"boundAt"`
	UsedAt    time.Time `json:"usedAt,omitzero"` // when its expiry was last pushed back
	// Kind and Lang are the chat's kind and the language of the command
	// that bound it: the meeting watcher posts there in that language.
	Kind ChatKind `json:"kind,omitempty"`
	Lang Lang     `json:"lang,omitempty"`
}

func bindKey(corp, chat string) string { return "bind:" + corp + ":" + chat }

// touchEvery is how often a binding in use has its expiry pushed back: at
// most one write a day per chat, off the path of every other command.
const touchEvery = 24 * time.Hour

// bound returns the chat's binding, if any, pushing its expiry back when
// it was last pushed more than touchEvery ago.
func (r *Registry) bound(ctx context.Context, req Request) (binding, bool, error) {
	var b binding
	ok, err := r.st.getJSON(ctx, bindKey(req.CorpID, req.ChatID), &b)
	if err != nil {
		return binding{}, false, fmt.Errorf("read binding: %w", err)
	}
	noteMeeting(ctx, b.MeetingID)
	if ok = ok && b.MeetingID != ""; ok && r.now().Sub(b.UsedAt) >= touchEvery {
		b.UsedAt = r.now()
		// A failed write only brings the expiry nearer: the next use retries.
		_ = r.st.setJSON(ctx, bindKey(req.CorpID, req.ChatID), b, r.st.retention)
	}
	return b, ok, nil
}

// bind makes m the chat's meeting, and has the meeting watcher follow it.
func (r *Registry) bind(ctx context.Context, req Request, by Person, m Meeting) (binding, error) {
	now := r.now()
	b := binding{MeetingID: m.ID, Title: m.Title, RoomCode: m.RoomCode, BoundBy: by.UserID, BoundAt: now, UsedAt: now,
		Kind: req.ChatKind, Lang: langOf(ctx)}
	if err := r.st.setJSON(ctx, bindKey(req.CorpID, req.ChatID), b, r.st.retention); err != nil {
		return binding{}, fmt.Errorf("bind %s: %w", m.ID, err)
	}
	noteMeeting(ctx, m.ID)
	r.follow(ctx, req, m.ID)
	return b, nil
}

// meeting finds the meeting a control command is about: the chat's
// binding, else the sender's only ongoing meeting as host or co-host
// (which gets bound). Several or none become a user error that says what
// to type next.
func (c *Call) meeting(ctx context.Context, sender Person) (binding, error) {
	r := c.reg
	if b, ok, err := r.bound(ctx, c.Request); err != nil || ok {
		return b, err
	}
	parts, err := r.conf.Ongoing(ctx, sender.UnionID)
	if err != nil {
		return binding{}, fmt.Errorf("ongoing meetings: %w", err)
	}
	var mine []Meeting
	var roles []Participation
	for _, p := range parts {
		if !p.Host && !p.CoHost {
			continue
		}
		m, err := r.conf.Info(ctx, p.MeetingID)
		if errors.Is(err, ErrMeetingGone) || (err == nil && m.Ended) {
			continue
		}
		if err != nil {
			return binding{}, fmt.Errorf("meeting info: %w", err)
		}
		mine, roles = append(mine, m), append(roles, p)
	}
	switch len(mine) {
	case 0:
		return binding{}, c.reject(msgNoMeeting)
	case 1:
		r.st.noteRole(c.Request.CorpID, sender.UnionID, roles[0])
		return r.bind(ctx, c.Request, sender, mine[0])
	}
	return binding{}, c.reject(msgSeveral, c.meetingChoices(mine))
}

// meetingChoices lists meetings with the exact command that binds each.
func (c *Call) meetingChoices(ms []Meeting) string {
	lines := make([]string, len(ms))
	for i, m := range ms {
		ref := spacedCode(m.RoomCode)
		if ref == "" {
			ref = m.ID
		}
		lines[i] = msgSeveralLine.In(c.Lang, meetingName(c.Lang, m.Title), ref)
	}
	return strings.Join(lines, "\n")
}

// ended handles a meeting that DingTalk says is over: the chat is unbound
// (if still bound to it), caches are dropped, and the user is told what to
// do next.
func (c *Call) ended(ctx context.Context, b binding) error { return c.endedWith(ctx, b, nil) }

// endedWith is ended when the caller has the meeting's info (m), which
// the closing message uses: times, and whether a recording or notes
// follow. Without it none is asked for: the info of a meeting DingTalk no
// longer knows says nothing more.
func (c *Call) endedWith(ctx context.Context, b binding, m *Meeting) error {
	r, req := c.reg, c.Request
	if m == nil {
		m = &Meeting{ID: b.MeetingID, Title: b.Title, Ended: true}
	}
	closing := c.over(ctx, b, m, true)
	r.st.forgetMeeting(req.CorpID, b.MeetingID)
	if cur, ok, err := r.bound(ctx, req); err == nil && ok && cur.MeetingID == b.MeetingID {
		if err := r.st.kv.Delete(ctx, bindKey(req.CorpID, req.ChatID)); err != nil {
			return fmt.Errorf("unbind %s: %w", b.MeetingID, err)
		}
	}
	r.dropFocus(ctx, req.CorpID, b.MeetingID)
	if closing != "" {
		return c.reject(Text{"%s\n%s", "%s\n%s"}, closing, msgEndedHint.In(c.Lang))
	}
	return c.reject(msgEndedNext, meetingName(c.Lang, b.Title))
}

// msgEndedHint follows the closing message in the reply of a command that
// found the meeting over.
var msgEndedHint = Text{"Start a new one with `/meeting start` or bind another with `/meeting use <Meeting ID>`.", "发送 `/发起会议` 发起新会议，或发送 `/绑定会议 会议号` 绑定其他会议。"}

// checkGone explains a failed call on meeting b. ErrMeetingGone (the
// meeting's own info says it is over, or unknown) becomes the ended reply.
// ErrRejected is checked with a fresh info call first: DingTalk answers
// paramsError both for a request it finds invalid and, presumably, for a
// meeting it no longer runs, and only the info tells them apart; a live
// meeting keeps its binding and the user hears what was refused. Other
// errors pass through.
func (c *Call) checkGone(ctx context.Context, b binding, err error) error {
	switch {
	case errors.Is(err, ErrMeetingGone):
		return c.ended(ctx, b)
	case !errors.Is(err, ErrRejected):
		return err
	}
	m, ierr := c.reg.conf.Info(ctx, b.MeetingID)
	switch {
	case errors.Is(ierr, ErrMeetingGone):
		return c.ended(ctx, b)
	case ierr == nil && m.Ended:
		return c.endedWith(ctx, b, &m)
	}
	return c.reject(msgRejected, "/"+strings.ReplaceAll(c.Parsed.Word, "`", ""), meetingName(c.Lang, b.Title))
}

// senderMeeting resolves who sent the message and which meeting it is
// about: the start of every command that acts on a meeting.
func (c *Call) senderMeeting(ctx context.Context) (Person, binding, error) {
	sender, err := c.sender(ctx)
	if err != nil {
		return Person{}, binding{}, err
	}
	b, err := c.meeting(ctx, sender)
	return sender, b, err
}
