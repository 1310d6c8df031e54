package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/rs/zerolog"

	"github.com/meetbot/meetbot/bot"
	"github.com/meetbot/meetbot/commands"
	"github.com/meetbot/meetbot/dingtalk"
)

// This file adapts the DingTalk client to the interfaces commands and bot
// declare, and translates DingTalk's errors into the sentinels commands
// understands. It is the only place that knows both vocabularies.

// conference adapts dingtalk.ConferenceService to commands.Conference.
type conference struct{ s *dingtalk.ConferenceService }

func (c conference) Create(ctx context.Context, hostUnionID, title string) (commands.Meeting, error) {
	created, err := c.s.Create(ctx, dingtalk.CreateRequest{HostUnionID: hostUnionID, Title: title})
	if err != nil {
		return commands.Meeting{}, meetingErr(err)
	}
	return commands.Meeting{ID: created.ConferenceID, Title: title, RoomCode: created.RoomCode,
		JoinURL: created.ExternalLinkURL, HostUnionID: hostUnionID}, nil
}

func (c conference) Close(ctx context.Context, meetingID, hostUnionID string) error {
	return meetingErr(c.s.Close(ctx, meetingID, hostUnionID))
}

// Info is the one call whose refusal means the meeting is gone: its only
// parameter is the meeting, so a paramsError (or 404) says DingTalk does
// not know it.
func (c conference) Info(ctx context.Context, meetingID string) (commands.Meeting, error) {
	info, err := c.s.Info(ctx, meetingID)
	var apiError *dingtalk.APIError
	switch {
	case errors.Is(err, dingtalk.ErrParams),
		errors.As(err, &apiError) && apiError.HTTPStatus == http.StatusNotFound:
		return commands.Meeting{}, fmt.Errorf("%w: %w", commands.ErrMeetingGone, err)
	case err != nil:
		return commands.Meeting{}, apiErr(err)
	}
	return meeting(*info), nil
}

func (c conference) Members(ctx context.Context, meetingID string) ([]commands.Member, error) {
	members, err := c.s.Members(ctx, meetingID)
	if err != nil {
		return nil, meetingErr(err)
	}
	out := make([]commands.Member, len(members))
	for i, m := range members {
		out[i] = member(m)
	}
	return out, nil
}

func (c conference) Focus(ctx context.Context, meetingID, unionID string) error {
	return meetingErr(c.s.Focus(ctx, meetingID, unionID))
}

func (c conference) Unfocus(ctx context.Context, meetingID, unionID string) error {
	return meetingErr(c.s.Unfocus(ctx, meetingID, unionID))
}

func (c conference) AddCoHosts(ctx context.Context, meetingID string, unionIDs []string) error {
	return meetingErr(c.s.AddCoHosts(ctx, meetingID, unionIDs))
}

func (c conference) RemoveCoHosts(ctx context.Context, meetingID string, unionIDs []string) error {
	return meetingErr(c.s.RemoveCoHosts(ctx, meetingID, unionIDs))
}

func (c conference) MuteAll(ctx context.Context, meetingID string, mute bool) error {
	if mute {
		return meetingErr(c.s.MuteAll(ctx, meetingID))
	}
	return meetingErr(c.s.UnmuteAll(ctx, meetingID))
}

func (c conference) Ongoing(ctx context.Context, unionID string) ([]commands.Participation, error) {
	ps, err := c.s.UserOngoing(ctx, unionID)
	if err != nil {
		return nil, apiErr(err)
	}
	out := make([]commands.Participation, len(ps))
	for i, p := range ps {
		out[i] = commands.Participation{MeetingID: p.ConferenceID, Host: p.Host, CoHost: p.CoHost}
	}
	return out, nil
}

func (c conference) ByRoomCode(ctx context.Context, roomCode string) ([]commands.Meeting, error) {
	confs, err := c.s.ByRoomCode(ctx, roomCode)
	if errors.Is(err, dingtalk.ErrEmptyRoomCode) {
		return nil, nil
	}
	if err != nil {
		return nil, apiErr(err)
	}
	out := make([]commands.Meeting, len(confs))
	for i, conf := range confs {
		out[i] = meeting(conf)
	}
	return out, nil
}

func meeting(c dingtalk.Conference) commands.Meeting {
	return commands.Meeting{ID: c.ConferenceID, Title: c.Title, RoomCode: c.RoomCode, JoinURL: c.ExternalLinkURL,
		HostUnionID: c.CreatorUnionID, HostName: c.CreatorNick, Ended: c.Ended(),
		Started: millis(c.StartTime), Finished: millis(c.EndTime),
		Recording: c.CloudRecordStatus, Notes: c.MinutesStatus,
		RecordingOwner: c.CloudRecordOwnerUnionID, NotesOwner: c.MinutesOwnerUnionID, ScheduleID: c.ScheduleConferenceID}
}

// contactsDirectory adapts dingtalk.ContactsService to commands.Directory.
type contactsDirectory struct{ s *dingtalk.ContactsService }

func (d contactsDirectory) Person(ctx context.Context, corpID, userID string) (commands.Person, error) {
	u, err := d.s.User(dingtalk.WithCorp(ctx, corpID), userID)
	if err != nil {
		return commands.Person{}, apiErr(err)
	}
	return commands.Person{UserID: u.UserID, UnionID: u.UnionID, Name: u.Name}, nil
}

// meetingErr is apiErr for calls that act on one meeting. A paramsError
// (or any other 400 DingTalk gives no meaning) says the request was
// refused, not that the meeting ended: commands asks the meeting's info.
func meetingErr(err error) error {
	if mapped := apiErr(err); mapped != err {
		return mapped // a meaning of its own: unknown user, busy, quota…
	}
	var apiError *dingtalk.APIError
	if errors.Is(err, dingtalk.ErrParams) || errors.As(err, &apiError) && apiError.HTTPStatus == http.StatusBadRequest {
		return fmt.Errorf("%w: %w", commands.ErrRejected, err)
	}
	return err
}

// apiErr wraps a DingTalk error in the commands sentinel that says what it
// means for the user; the original stays in the chain for the logs.
func apiErr(err error) error {
	var apiError *dingtalk.APIError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, dingtalk.ErrQuotaExceeded):
		return fmt.Errorf("%w: %w", commands.ErrQuota, err)
	case errors.Is(err, dingtalk.ErrNotAuthorized):
		return fmt.Errorf("%w: %w", commands.ErrAppNotAuthorized, err)
	case errors.Is(err, dingtalk.ErrUnknownUser):
		return fmt.Errorf("%w: %w", commands.ErrUnknownUser, err)
	case errors.Is(err, dingtalk.ErrUserNotFound):
		return fmt.Errorf("%w: %w", commands.ErrNotFound, err)
	case errors.Is(err, dingtalk.ErrPermissionDenied):
		pe := &commands.PermissionError{Err: err}
		if errors.As(err, &apiError) {
			pe.Scopes = apiError.Scopes
		}
		return pe
	case errors.Is(err, dingtalk.ErrBadCredentials), errors.Is(err, dingtalk.ErrTokenInvalid):
		return fmt.Errorf("%w: %w", commands.ErrAuth, err)
	case errors.Is(err, dingtalk.ErrRateLimited), errors.Is(err, dingtalk.ErrSystem),
		errors.Is(err, dingtalk.ErrNoSuiteTicket), !errors.As(err, &apiError):
		// Still failing after the client's retries, or DingTalk unreachable.
		return fmt.Errorf("%w: %w", commands.ErrBusy, err)
	}
	return err
}

// replier sends bot replies through the message's session webhook while it
// is valid, and through the robot API otherwise, or when the webhook fails
// in any way. A reply usually follows an action that already changed the
// meeting, and users prefer a rare duplicate line to silence: a webhook
// that timed out or answered 5xx may have posted, and the robot API is
// tried all the same; a robot send refused with a 5xx is sent once more.
type replier struct{ m *dingtalk.MessagesService }

// webhookMargin keeps clear of a session webhook that is about to expire.
const webhookMargin = time.Minute

// webhookShare is the part of a reply's time the webhook may use, so a
// hanging webhook leaves the robot API time to answer.
const webhookShare = 2

func (r replier) Reply(ctx context.Context, to bot.Destination, msg bot.Message) error {
	ctx = dingtalk.WithCorp(ctx, to.CorpID) // robot API sends use the chat's organisation's token
	if to.Webhook != "" && time.Now().Add(webhookMargin).Before(to.WebhookExpiry) {
		err := r.webhook(ctx, to, msg)
		if err == nil || ctx.Err() != nil {
			return err
		}
		// A webhook on a foreign host (a forged frame) was never called;
		// the robot API only reaches chats the bot is in.
		zerolog.Ctx(ctx).Warn().Err(err).Bool("foreign", errors.Is(err, dingtalk.ErrForeignWebhook)).
			Msg("session webhook failed; replying through the robot API")
	}
	err := r.robot(ctx, to, msg)
	if errors.Is(err, dingtalk.ErrSystem) && ctx.Err() == nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("robot send failed with a 5xx; sending it once more")
		err = r.robot(ctx, to, msg)
	}
	return err
}

// webhook replies through the session webhook, within its share of ctx.
func (r replier) webhook(ctx context.Context, to bot.Destination, msg bot.Message) error {
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Until(deadline)/webhookShare)
		defer cancel()
	}
	text, at := msg.WithAt()
	return r.m.ReplyWebhook(ctx, to.Webhook, dingtalk.Message{Type: dingtalk.Markdown, Title: msg.Title, Text: text, AtUserIDs: at})
}

// robot replies through the robot API: the group, or the sender's 1:1 chat.
// sampleMarkdown renders no mentions: the sender is named instead.
func (r replier) robot(ctx context.Context, to bot.Destination, msg bot.Message) error {
	m := dingtalk.Message{Type: dingtalk.Markdown, Title: msg.Title, Text: msg.WithName()}
	if to.Group {
		_, err := r.m.GroupSend(ctx, to.RobotCode, to.ChatID, m)
		return err
	}
	_, err := r.m.OtoSend(ctx, to.RobotCode, []string{to.UserID}, m)
	return err
}
