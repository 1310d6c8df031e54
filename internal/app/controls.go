package app

import (
	"context"
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
		out[i] = commands.LiveMeeting{MeetingID: in.ConferenceID, Status: in.Status}
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
