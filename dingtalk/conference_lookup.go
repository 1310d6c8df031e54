package dingtalk

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"
)

// ErrEmptyRoomCode is returned by ByRoomCode for a code without digits or letters.
var ErrEmptyRoomCode = errors.New("dingtalk: empty room code")

// Participation is one of a user's ongoing meetings, with the user's role.
type Participation struct {
	ConferenceID string
	Host         bool
	CoHost       bool
	AttendStatus int // 3 = in the meeting; see Member.AttendStatus
}

// UserOngoing lists the meetings a user is in now, with whether they are
// host or co-host there (GET /v1.0/conference/users/lists). The key of
// DingTalk's memberModelMap is not documented, so each model's own
// conferenceId is used first and the key only as a fallback.
func (s *ConferenceService) UserOngoing(ctx context.Context, unionID string) ([]Participation, error) {
	if strings.TrimSpace(unionID) == "" {
		return nil, errors.New("dingtalk: UserOngoing: empty unionId")
	}
	var out ongoingResponse
	r := s.client.v1(http.MethodGet, routeUserOngoing, url.Values{"unionId": {unionID}})
	if err := s.client.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return out.participations(), nil
}

// participations pairs each ongoing conference id with its member model.
// Without an id list it falls back to the models' conferences.
func (o ongoingResponse) participations() []Participation {
	models := make(map[string]memberWire, len(o.MemberModelMap))
	keys := make([]string, 0, len(o.MemberModelMap))
	for key, m := range o.MemberModelMap {
		id := firstNonEmpty(m.ConferenceID, key)
		models[id] = m
		keys = append(keys, id)
	}
	ids := o.OnGoingConfIDList
	if ids == nil {
		slices.Sort(keys)
		ids = keys
	}
	list := make([]Participation, 0, len(ids))
	for _, id := range ids {
		m := models[id]
		list = append(list, Participation{
			ConferenceID: id, Host: m.Host, CoHost: m.CoHost, AttendStatus: int(m.AttendStatus),
		})
	}
	return list
}

// ByRoomCode finds the meetings behind a room code, following all pages
// (a scheduled or recurring code can map to several instances). Spaces and
// other separators are removed first: people write "838 722 123".
func (s *ConferenceService) ByRoomCode(ctx context.Context, roomCode string) ([]Conference, error) {
	code := NormalizeRoomCode(roomCode)
	if code == "" {
		return nil, ErrEmptyRoomCode
	}
	var all []Conference
	err := s.pages(ctx, routeRoomCodeInfos, code, func(body *pageBody) int {
		for _, c := range body.ConferenceList {
			all = append(all, c.conference())
		}
		return len(body.ConferenceList)
	})
	return all, err
}

// NormalizeRoomCode keeps only the letters and digits of a room code.
func NormalizeRoomCode(code string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, code)
}
