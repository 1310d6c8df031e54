package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/meetbot/meetbot/commands"
	"github.com/meetbot/meetbot/dingtalk"
)

// The meeting controls beyond spotlight, co-hosts and mute all: one
// participant's microphone, removing, inviting, locking and the meeting's
// settings, and what DingTalk says of a meeting in progress.

func (c conference) MuteMember(ctx context.Context, meetingID, unionID string, mute bool) error {
	return meetingErr(c.s.MuteMember(ctx, meetingID, unionID, mute))
}

func (c conference) Kick(ctx context.Context, meetingID, unionID string, ban bool) error {
	return meetingErr(c.s.Kick(ctx, meetingID, unionID, ban))
}

func (c conference) Invite(ctx context.Context, meetingID, operatorUnionID string, invitees []commands.Person) error {
	list := make([]dingtalk.Invitee, len(invitees))
	for i, p := range invitees {
		list[i] = dingtalk.Invitee{UnionID: p.UnionID, Nick: firstNonEmpty(p.Name, p.UserID, p.UnionID)}
	}
	return meetingErr(c.s.Invite(ctx, meetingID, operatorUnionID, list))
}

func (c conference) Lock(ctx context.Context, meetingID string, lock bool) error {
	if lock {
		return meetingErr(c.s.Lock(ctx, meetingID))
	}
	return meetingErr(c.s.Unlock(ctx, meetingID))
}

func (c conference) SetPolicy(ctx context.Context, meetingID string, p commands.Policy) error {
	var forbid *bool
	if p.ScreenShare != nil {
		v := !*p.ScreenShare
		forbid = &v
	}
	return meetingErr(c.s.SetPolicy(ctx, meetingID, dingtalk.Policy{AllowUnmuteSelf: p.SelfUnmute,
		ForbiddenShareScreen: forbid, OnlyInternalEmployeesJoin: p.InternalOnly, MuteAll: p.MuteAll}))
}

func (c conference) Live(ctx context.Context, meetingIDs []string) ([]commands.LiveMeeting, error) {
	infos, err := c.s.QueryBatch(ctx, meetingIDs)
	if err != nil {
		return nil, apiErr(err)
	}
	out := make([]commands.LiveMeeting, len(infos))
	for i, in := range infos {
		out[i] = commands.LiveMeeting{MeetingID: in.ConferenceID, Status: in.Status, Started: millis(in.StartTime)}
		for _, u := range in.Users {
			out[i].Users = append(out[i].Users, commands.LiveUser{ID: u.UserID, Nick: u.Nick, State: u.AttendStatus,
				Mic: u.MicStatus == dingtalk.DeviceOn, Camera: u.CameraStatus == dingtalk.DeviceOn})
		}
	}
	return out, nil
}

// member is a member of the conference API as commands sees it.
func member(m dingtalk.Member) commands.Member {
	return commands.Member{UnionID: m.UnionID, Nick: m.Nick, Host: m.Host, CoHost: m.CoHost, Present: m.Present(),
		State: m.AttendStatus, JoinTime: millis(m.JoinTime), LeaveTime: millis(m.LeaveTime),
		Duration: time.Duration(m.Duration) * time.Millisecond}
}

// millis is a Unix-ms time, zero for 0.
func millis(ms int64) time.Time {
	if ms <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

func (c conference) StartRecording(ctx context.Context, meetingID, operator string) error {
	return meetingErr(c.s.StartRecording(ctx, meetingID, operator, ""))
}

func (c conference) StopRecording(ctx context.Context, meetingID, operator string) error {
	return meetingErr(c.s.StopRecording(ctx, meetingID, operator))
}

func (c conference) Recordings(ctx context.Context, meetingID, reader string) ([]commands.Recording, error) {
	recs, err := c.s.Recordings(ctx, meetingID, reader)
	if err != nil {
		return nil, meetingErr(err)
	}
	out := make([]commands.Recording, len(recs))
	for i, r := range recs {
		out[i] = commands.Recording{MediaID: r.MediaID, RegionID: r.RegionID, Duration: time.Duration(r.Duration) * time.Millisecond}
	}
	return out, nil
}

func (c conference) PlayURL(ctx context.Context, meetingID, reader string, rec commands.Recording) (string, error) {
	info, err := c.s.RecordingPlayInfo(ctx, meetingID, reader, dingtalk.Recording{MediaID: rec.MediaID, RegionID: rec.RegionID})
	if err != nil {
		return "", meetingErr(err)
	}
	return firstNonEmpty(info.PlayURL, info.MP4URL), nil
}

func (c conference) StartNotes(ctx context.Context, meetingID, operator string) error {
	return notesErr(c.s.StartNotes(ctx, meetingID, operator))
}

func (c conference) StopNotes(ctx context.Context, meetingID, operator string) error {
	return notesErr(c.s.StopNotes(ctx, meetingID, operator))
}

func (c conference) NotesSummary(ctx context.Context, meetingID, reader string) (commands.Notes, error) {
	sum, err := c.s.Summary(ctx, meetingID, reader)
	if err != nil {
		return commands.Notes{}, notesErr(err)
	}
	n := commands.Notes{Paragraph: sum.Paragraph, Actions: sum.Actions, Keywords: sum.Keywords}
	n.Ready = n.Paragraph != "" || len(n.Actions) > 0 || len(n.Keywords) > 0
	return n, nil
}

// notesErr is meetingErr for the AI notes calls: a 403 that is neither the
// quota, a missing permission nor rate limiting says the organisation has
// no AI notes (DingTalk's code for it is UNCONFIRMED; the emulator answers
// Forbidden.Minutes.NotEnabled).
func notesErr(err error) error {
	var apiError *dingtalk.APIError
	if errors.As(err, &apiError) && apiError.HTTPStatus == http.StatusForbidden &&
		!errors.Is(err, dingtalk.ErrQuotaExceeded) && !errors.Is(err, dingtalk.ErrPermissionDenied) &&
		!errors.Is(err, dingtalk.ErrRateLimited) {
		return fmt.Errorf("%w: %w", commands.ErrNotesOff, err)
	}
	return meetingErr(err)
}

// bookings adapts dingtalk.ScheduleService to commands.Bookings.
type bookings struct{ s *dingtalk.ScheduleService }

var _ commands.Bookings = bookings{}

func (b bookings) Book(ctx context.Context, bk commands.Booking) (commands.Booked, error) {
	sc, err := b.s.Book(ctx, booking(bk))
	if err != nil {
		return commands.Booked{}, apiErr(err)
	}
	return commands.Booked{ID: sc.ScheduleConferenceID, Title: sc.Title, RoomCode: sc.RoomCode, URL: sc.URL,
		Start: millis(sc.StartTime), End: millis(sc.EndTime)}, nil
}

func (b bookings) Reschedule(ctx context.Context, id string, bk commands.Booking) error {
	return meetingErr(b.s.Reschedule(ctx, id, booking(bk)))
}

func (b bookings) Cancel(ctx context.Context, organiser, id string) error {
	return meetingErr(b.s.Cancel(ctx, organiser, id))
}

func (b bookings) Started(ctx context.Context, id string) (commands.Meeting, bool, error) {
	confs, err := b.s.Live(ctx, id)
	if err != nil {
		return commands.Meeting{}, false, meetingErr(err)
	}
	for _, c := range confs {
		if c.Status == dingtalk.StatusStarted {
			return meeting(c), true, nil
		}
	}
	return commands.Meeting{}, false, nil
}

// booking is a commands booking as DingTalk's create request: the
// settings meetbot offers go into scheduleConfSettingModel, the organiser
// hosts.
func booking(bk commands.Booking) dingtalk.Booking {
	set := &dingtalk.ScheduleSettings{HostUnionID: bk.Organiser, CoHostUnionIDs: bk.CoHosts}
	if bk.MuteOnJoin {
		set.MuteOnJoin = -1
	}
	if bk.Lock {
		set.LockRoom = 1
	}
	if bk.WaitingRoom {
		set.Extra = &dingtalk.ScheduleExtra{WaitingRoom: 1}
	}
	if bk.Record {
		set.Record = &dingtalk.RecordSetting{RecordAutoStart: 1}
	}
	if bk.Notes {
		set.AutoNotesEnable = &dingtalk.AISummary{EnableAIAgentStatus: true}
	}
	return dingtalk.Booking{CreatorUnionID: bk.Organiser, Title: bk.Title, StartTime: bk.Start.UnixMilli(),
		EndTime: bk.End.UnixMilli(), Settings: set}
}
