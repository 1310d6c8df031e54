package commands

import (
	"context"
	"errors"
	"fmt"
)

// This file holds /meeting end.

// msgEndedOK answers /meeting end.
var msgEndedOK = Text{"Ended %s for everyone.", "已为所有人结束会议%s。"}

// meetingEnd is /meeting end: the host (or an admin, on the host's
// behalf) closes the meeting and the chat is unbound.
func meetingEnd(ctx context.Context, c *Call) (Reply, error) {
	sender, b, err := c.senderMeeting(ctx)
	if err != nil {
		return Reply{}, err
	}
	hostID, err := c.closer(ctx, b, sender)
	if err != nil {
		return Reply{}, err
	}
	if err := c.reg.conf.Close(ctx, b.MeetingID, hostID); err != nil {
		return Reply{}, c.checkGone(ctx, b, fmt.Errorf("close %s: %w", b.MeetingID, err))
	}
	r, corp := c.reg, c.Request.CorpID
	closing := c.over(ctx, b, &Meeting{ID: b.MeetingID, Title: b.Title}, false)
	r.st.forgetMeeting(corp, b.MeetingID)
	if err := r.st.kv.Delete(ctx, bindKey(corp, c.Request.ChatID)); err != nil {
		return Reply{}, fmt.Errorf("unbind %s: %w", b.MeetingID, err)
	}
	r.dropFocus(ctx, corp, b.MeetingID)
	rep, err := c.ok(msgEndedOK, meetingName(c.Lang, b.Title))
	if closing != "" {
		rep.Text += "\n\n" + closing
	}
	return rep, err
}

// closer returns the unionId to close meeting b with: the sender when they
// are its host; for an admin, the host's. Anyone else is refused.
func (c *Call) closer(ctx context.Context, b binding, sender Person) (string, error) {
	isHost := func(m Member) bool { return m.Host }
	ok, err := c.hasRole(ctx, b, sender.UnionID, isHost)
	if err != nil || ok {
		return sender.UnionID, err
	}
	if !c.isAdmin(sender) {
		return "", c.refuse(msgOnlyHost, meetingName(c.Lang, b.Title))
	}
	list, _, err := c.reg.st.memberList(ctx, c.Request.CorpID, b.MeetingID, false)
	if err != nil {
		return "", c.checkGone(ctx, b, err)
	}
	for _, m := range list {
		if m.Host {
			return m.UnionID, nil
		}
	}
	m, err := c.reg.conf.Info(ctx, b.MeetingID)
	if err == nil && m.HostUnionID == "" {
		err = errors.New("meeting has no known host")
	}
	if err != nil {
		return "", c.checkGone(ctx, b, err)
	}
	return m.HostUnionID, nil
}
