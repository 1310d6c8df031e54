package dingtalk

import (
	"context"
	"net/http"
)

// Routes of the calls on one participant or a few.
const (
	routeMuteMembers = "/v1.0/conference/videoConferences/{conferenceId}/members/mute"
	routeKick        = "/v1.0/conference/videoConferences/{conferenceId}/members/kick"
	routeInvite      = "/v1.0/conference/videoConferences/{conferenceId}/users/invite"
)

// MuteMember mutes (or, with mute false, unmutes) one participant: DingTalk
// takes one person per members/mute call.
func (s *ConferenceService) MuteMember(ctx context.Context, conferenceID, unionID string, mute bool) error {
	action := "un_mute"
	if mute {
		action = "mute"
	}
	return s.post(ctx, routeMuteMembers, conferenceID, muteMembersRequest{Action: action, UserList: users([]string{unionID})})
}

// Kick removes one participant from the meeting; ban keeps them from
// joining again (forbiddenRejoin).
func (s *ConferenceService) Kick(ctx context.Context, conferenceID, unionID string, ban bool) error {
	return s.post(ctx, routeKick, conferenceID, kickRequest{UserList: users([]string{unionID}), ForbiddenRejoin: ban})
}

// Invitee is a person to ring into a meeting: DingTalk requires a nick for
// each one.
type Invitee struct {
	UnionID string `json:"unionId"`
	Nick    string `json:"nick"`
}

// Invite rings invitees into the meeting on behalf of operatorUnionID. It
// is never retried: a retry after a lost answer would ring them twice.
func (s *ConferenceService) Invite(ctx context.Context, conferenceID, operatorUnionID string, invitees []Invitee) error {
	r := s.client.v1(http.MethodPost, routeInvite, nil, conferenceID)
	r.in, r.idempotent = inviteRequest{UnionID: operatorUnionID, InviteeList: invitees}, false
	var out successBody
	if err := s.client.do(ctx, r, &out); err != nil {
		return err
	}
	return out.check()
}

type muteMembersRequest struct {
	Action   string      `json:"action"`
	UserList []unionUser `json:"userList"`
}

type kickRequest struct {
	UserList        []unionUser `json:"userList"`
	ForbiddenRejoin bool        `json:"forbiddenRejoin"`
}

type inviteRequest struct {
	UnionID     string    `json:"unionId"`
	InviteeList []Invitee `json:"inviteeList"`
}
