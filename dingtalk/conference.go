package dingtalk

import (
	"context"
	"net/http"
	"net/url"
)

// Route templates of the conference API (limiter keys and log fields).
const (
	routeConferences   = "/v1.0/conference/videoConferences"
	routeConference    = "/v1.0/conference/videoConferences/{conferenceId}"
	routeMembers       = "/v1.0/conference/videoConferences/{conferenceId}/members"
	routeFocus         = "/v1.0/conference/videoConferences/{conferenceId}/focus"
	routeCoHosts       = "/v1.0/conference/videoConferences/{conferenceId}/coHosts/set"
	routeMuteAll       = "/v1.0/conference/videoConferences/{conferenceId}/allMembers/mute"
	routeLock          = "/v1.0/conference/videoConferences/{conferenceId}/lock"
	routeUserOngoing   = "/v1.0/conference/users/lists"
	routeRoomCodeInfos = "/v1.0/conference/roomCodes/{roomCode}/infos"
)

// maxPages stops paging if DingTalk keeps returning a next token.
const maxPages = 1000

// ConferenceService drives video conferences. All person ids are unionIds.
type ConferenceService service

// Create starts an instant meeting hosted by req.HostUnionID. It is never
// retried: a retry after a lost answer could create a second meeting.
func (s *ConferenceService) Create(ctx context.Context, req CreateRequest) (*Created, error) {
	r := s.client.v1(http.MethodPost, routeConferences, nil)
	r.in, r.idempotent = req, false
	var out Created
	if err := s.client.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Close ends a meeting; DingTalk lets only its host do so. Its answer
// always carries a code, success included: the one published successful
// answer is {"code":200,"cause":"success"} (docs/wire-contract.md §9). A 2xx
// answer whose code is 0 (or absent) or 200 is success; any other code is
// a failure.
func (s *ConferenceService) Close(ctx context.Context, conferenceID, hostUnionID string) error {
	q := url.Values{"unionId": {hostUnionID}}
	var out closeResponse
	if err := s.client.do(ctx, s.client.v1(http.MethodDelete, routeConference, q, conferenceID), &out); err != nil {
		return err
	}
	if out.Code != 0 && out.Code != http.StatusOK {
		return errCloseRefused(int64(out.Code), out.Cause)
	}
	return nil
}

// Info returns a meeting's details.
func (s *ConferenceService) Info(ctx context.Context, conferenceID string) (*Conference, error) {
	var out infoResponse
	if err := s.client.do(ctx, s.client.v1(http.MethodGet, routeConference, nil, conferenceID), &out); err != nil {
		return nil, err
	}
	c := out.ConfInfo.conference()
	return &c, nil
}

// Members returns every member of a meeting, following nextToken through
// all pages.
func (s *ConferenceService) Members(ctx context.Context, conferenceID string) ([]Member, error) {
	var all []Member
	err := s.pages(ctx, routeMembers, conferenceID, func(body *pageBody) int {
		for _, m := range body.MemberModels {
			all = append(all, m.member())
		}
		return len(body.MemberModels)
	})
	return all, err
}

// pages follows a paged GET; each takes one page and says how many items
// it held. Paging stops at whichever end DingTalk signals first: an empty
// page, as many items read as totalCount, hasMore false, or a next token
// that is empty, "0" or the one just sent (the references do not say
// which form the last page takes, so every one is honoured).
func (s *ConferenceService) pages(ctx context.Context, route, arg string, each func(*pageBody) int) error {
	next, read := "", 0
	for range maxPages {
		var q url.Values
		if next != "" {
			q = url.Values{"nextToken": {next}}
		}
		var body pageBody
		if err := s.client.do(ctx, s.client.v1(http.MethodGet, route, q, arg), &body); err != nil {
			return err
		}
		n := each(&body)
		read += n
		if body.last(n, read, next) {
			return nil
		}
		next = string(body.NextToken)
	}
	return nil
}

// Focus spotlights a participant for everyone.
func (s *ConferenceService) Focus(ctx context.Context, conferenceID, unionID string) error {
	return s.post(ctx, routeFocus, conferenceID, focusRequest{Action: "focus", UnionID: unionID})
}

// Unfocus ends the spotlight on unionID, the person spotlighted: DingTalk
// requires the unionId for un_focus too (400 MissingunionId without it).
func (s *ConferenceService) Unfocus(ctx context.Context, conferenceID, unionID string) error {
	return s.post(ctx, routeFocus, conferenceID, focusRequest{Action: "un_focus", UnionID: unionID})
}

// AddCoHosts makes the participants co-hosts, in one call.
func (s *ConferenceService) AddCoHosts(ctx context.Context, conferenceID string, unionIDs []string) error {
	return s.post(ctx, routeCoHosts, conferenceID, coHostsRequest{Action: "add", UserList: users(unionIDs)})
}

// RemoveCoHosts takes co-host rights away from the participants, in one call.
func (s *ConferenceService) RemoveCoHosts(ctx context.Context, conferenceID string, unionIDs []string) error {
	return s.post(ctx, routeCoHosts, conferenceID, coHostsRequest{Action: "remove", UserList: users(unionIDs)})
}

// MuteAll mutes every participant.
func (s *ConferenceService) MuteAll(ctx context.Context, conferenceID string) error {
	return s.post(ctx, routeMuteAll, conferenceID, actionRequest{Action: "mute"})
}

// UnmuteAll lifts MuteAll.
func (s *ConferenceService) UnmuteAll(ctx context.Context, conferenceID string) error {
	return s.post(ctx, routeMuteAll, conferenceID, actionRequest{Action: "un_mute"})
}

// Lock stops anyone else from joining the meeting.
func (s *ConferenceService) Lock(ctx context.Context, conferenceID string) error {
	return s.post(ctx, routeLock, conferenceID, actionRequest{Action: "lock"})
}

// Unlock lets people join again.
func (s *ConferenceService) Unlock(ctx context.Context, conferenceID string) error {
	return s.post(ctx, routeLock, conferenceID, actionRequest{Action: "unlock"})
}

// post sends one of the {"success": true} control calls. They are
// idempotent (same end state), so they are retried.
func (s *ConferenceService) post(ctx context.Context, route, conferenceID string, in any) error {
	r := s.client.v1(http.MethodPost, route, nil, conferenceID)
	r.in = in
	var out successBody
	if err := s.client.do(ctx, r, &out); err != nil {
		return err
	}
	return out.check()
}

func users(unionIDs []string) []unionUser {
	list := make([]unionUser, len(unionIDs))
	for i, id := range unionIDs {
		list[i] = unionUser{UnionID: id}
	}
	return list
}
