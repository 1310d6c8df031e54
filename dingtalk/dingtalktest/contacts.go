package dingtalktest

import (
	"sync"
)

// User is a person in the emulated org (or an external contact).
type User struct {
	UserID, UnionID, Name string
	// External users are outside the bot's org: no staffId in payloads,
	// not found by /topapi/v2/user/get, contact_type 1 by unionId.
	External bool
	// Admin sets isAdmin on messages this user sends.
	Admin bool
}

// directory is the org's address book.
type directory struct {
	mu      sync.RWMutex
	byID    map[string]User
	byUnion map[string]string // unionId → userId
}

func (d *directory) init() {
	d.byID = make(map[string]User)
	d.byUnion = make(map[string]string)
}

// AddUser adds or replaces a user. UnionID defaults to "union-"+UserID and
// Name to UserID.
func (s *Server) AddUser(u User) {
	if u.UnionID == "" {
		u.UnionID = "union-" + u.UserID
	}
	if u.Name == "" {
		u.Name = u.UserID
	}
	s.dir.mu.Lock()
	defer s.dir.mu.Unlock()
	if old, ok := s.dir.byID[u.UserID]; ok {
		delete(s.dir.byUnion, old.UnionID)
	}
	s.dir.byID[u.UserID] = u
	s.dir.byUnion[u.UnionID] = u.UserID
}

// User looks a user up by userId.
func (s *Server) User(userID string) (User, bool) {
	s.dir.mu.RLock()
	defer s.dir.mu.RUnlock()
	u, ok := s.dir.byID[userID]
	return u, ok
}

// userByUnion looks a user up by unionId.
func (s *Server) userByUnion(unionID string) (User, bool) {
	s.dir.mu.RLock()
	defer s.dir.mu.RUnlock()
	id, ok := s.dir.byUnion[unionID]
	if !ok {
		return User{}, false
	}
	u, ok := s.dir.byID[id]
	return u, ok
}

type userGetRequest struct {
	UserID   string `json:"userid"`
	Language string `json:"language"`
}

type userDetail struct {
	UserID       string  `json:"userid"`
	UnionID      string  `json:"unionid"`
	Name         string  `json:"name"`
	Avatar       string  `json:"avatar"`
	Mobile       string  `json:"mobile"`
	Title        string  `json:"title"`
	JobNumber    string  `json:"job_number"`
	Email        string  `json:"email"`
	DeptIDList   []int64 `json:"dept_id_list"`
	Active       bool    `json:"active"`
	Admin        bool    `json:"admin"`
	Boss         bool    `json:"boss"`
	LeaderInDept []any   `json:"leader_in_dept"`
	RoleList     []any   `json:"role_list"`
}

type userGetResponse struct {
	legacyOK
	Result userDetail `json:"result"`
}

// handleUserGet serves POST /topapi/v2/user/get (§6); unknown or external
// users answer errcode 60121.
func (s *Server) handleUserGet(x *exchange) {
	var req userGetRequest
	if !x.decode(&req) {
		return
	}
	if req.UserID == "" {
		x.paramsError("userid")
		return
	}
	u, ok := s.User(req.UserID)
	if !ok || u.External {
		x.legacyError(60121, "找不到该用户")
		return
	}
	x.ok(userGetResponse{legacyOK: x.legacyOK(), Result: userDetail{
		UserID: u.UserID, UnionID: u.UnionID, Name: u.Name, DeptIDList: []int64{1},
		Active: true, Admin: u.Admin, LeaderInDept: []any{}, RoleList: []any{},
	}})
}

type getByUnionRequest struct {
	UnionID string `json:"unionid"`
}

type getByUnionResponse struct {
	legacyOK
	Result struct {
		UserID      string `json:"userid"`
		ContactType int    `json:"contact_type"`
	} `json:"result"`
}

// handleGetByUnionID serves POST /topapi/user/getbyunionid (§6).
func (s *Server) handleGetByUnionID(x *exchange) {
	var req getByUnionRequest
	if !x.decode(&req) {
		return
	}
	if req.UnionID == "" {
		x.paramsError("unionid")
		return
	}
	u, ok := s.userByUnion(req.UnionID)
	if !ok {
		x.legacyError(60121, "找不到该用户")
		return
	}
	resp := getByUnionResponse{legacyOK: x.legacyOK()}
	resp.Result.UserID = u.UserID
	if u.External {
		resp.Result.ContactType = 1
	}
	x.ok(resp)
}
