package dingtalk

import "context"

// Legacy contact routes.
const (
	routeUserGet       = "/topapi/v2/user/get"
	routeUserByUnionID = "/topapi/user/getbyunionid"
)

// ContactsService looks up users of the organisation (legacy oapi; needs
// permission qyapi_get_member). Unknown users give ErrUserNotFound.
type ContactsService service

// User is a member of the organisation.
type User struct {
	UserID  string `json:"userid"` // org-scoped id, a.k.a. staffId
	UnionID string `json:"unionid"`
	Name    string `json:"name"`
}

// User returns the user with an org userId (POST /topapi/v2/user/get).
func (s *ContactsService) User(ctx context.Context, userID string) (*User, error) {
	r := s.client.legacy(routeUserGet)
	r.in = userGetRequest{UserID: userID}
	var out struct {
		Result User `json:"result"`
	}
	if err := s.client.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out.Result, nil
}

// UserIDByUnionID returns the org userId of a unionId
// (POST /topapi/user/getbyunionid).
func (s *ContactsService) UserIDByUnionID(ctx context.Context, unionID string) (string, error) {
	r := s.client.legacy(routeUserByUnionID)
	r.in = byUnionIDRequest{UnionID: unionID}
	var out struct {
		Result struct {
			UserID string `json:"userid"`
		} `json:"result"`
	}
	if err := s.client.do(ctx, r, &out); err != nil {
		return "", err
	}
	return out.Result.UserID, nil
}

type userGetRequest struct {
	UserID string `json:"userid"`
}

type byUnionIDRequest struct {
	UnionID string `json:"unionid"`
}
