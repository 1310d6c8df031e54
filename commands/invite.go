package commands

import (
	"context"
	"fmt"
)

// This file holds /invite: DingTalk rings the people named into the
// meeting, on behalf of the sender. One call for everyone; an invitation
// cannot be taken back.

// Text for /invite.
var (
	msgInvited       = Text{"Invited %s — DingTalk rings them now.", "已邀请%s入会，钉钉正在呼叫。"}
	msgInvitedAlso   = Text{"Already joined: %s.", "已入会：%s。"}
	msgAllInMeeting  = Text{"Already joined: %s.", "%s已入会。"}
	msgInviteNoUnion = Text{"DingTalk invites on behalf of the person who asks, and it gave me no id for you — invite them in the DingTalk client.", "钉钉需以发起人的身份邀请，但未提供你的身份信息，请在钉钉客户端中邀请。"}
)

// inviteCmd is /invite @a [@b …]. People already in the meeting are named
// and not invited again.
func inviteCmd(ctx context.Context, c *Call) (Reply, error) {
	sender, b, people, err := c.controlTargets(ctx, maxTargets)
	if err != nil {
		return Reply{}, err
	}
	corp := c.Request.CorpID
	var in, invite []Person
	list, _, lerr := c.reg.st.memberList(ctx, corp, b.MeetingID, false)
	for _, p := range people {
		if i := indexMember(list, p.UnionID); lerr == nil && i >= 0 && list[i].Present {
			in = append(in, p)
		} else {
			invite = append(invite, p)
		}
	}
	if len(invite) == 0 {
		return Reply{}, c.reject(msgAllInMeeting, c.names(in))
	}
	if sender.UnionID == "" {
		return Reply{}, c.reject(msgInviteNoUnion)
	}
	if _, err := c.reg.invite(ctx, corp, b.MeetingID, sender, invite); err != nil {
		return Reply{}, c.checkGone(ctx, b, fmt.Errorf("invite: %w", err))
	}
	rep, err := c.ok(msgInvited, c.names(invite))
	if len(in) > 0 {
		rep.Text += sepOf(c.Lang) + msgInvitedAlso.In(c.Lang, c.names(in))
	}
	return rep, err
}

// invite rings people into a meeting on behalf of by, in one call.
func (r *Registry) invite(ctx context.Context, corp, meetingID string, by Person, people []Person) (result, error) {
	ctx = withRequestIDs(ctx)
	res := result{Action: actInvite, MeetingID: meetingID, Targets: people, By: by}
	if err := r.conf.Invite(ctx, meetingID, by.UnionID, people); err != nil {
		return r.failed(ctx, corp, res, err)
	}
	return r.record(ctx, corp, res), nil
}
