package dingtalktest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pagingFixture is a meeting of five: alice (host), bob, carol, u0, u1.
func pagingFixture(t *testing.T, p MemberPaging) (*Server, string, string) {
	t.Helper()
	s := setup(t, Options{MemberPaging: p})
	s.AddUser(User{UserID: "u0"})
	s.AddUser(User{UserID: "u1"})
	id := s.AddMeeting(MeetingSpec{HostUserID: "alice", Members: []string{"bob", "carol", "u0", "u1"}})
	return s, id, token(t, s)
}

type memberPage struct {
	count int
	next  string
	has   bool // nextToken key present
	total any
}

func getPage(t *testing.T, s *Server, id, tok, query string) memberPage {
	t.Helper()
	r := do(t, s, "GET", vcPath+id+"/members"+query, tok, nil)
	require.Equal(t, http.StatusOK, r.status, string(r.raw))
	_, has := r.body["nextToken"]
	return memberPage{count: len(r.body["memberModels"].([]any)), next: r.str("nextToken"), has: has, total: r.body["totalCount"]}
}

func TestMemberPagingVariants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		p     MemberPaging
		query string
		want  memberPage
	}{
		{"plain first", PagingPlain, "?maxResults=2", memberPage{2, "2", true, float64(5)}},
		{"plain last", PagingPlain, "?maxResults=2&nextToken=4", memberPage{1, "", false, float64(5)}},
		{"plain single page", PagingPlain, "", memberPage{5, "", false, float64(5)}},
		{"trailing last", PagingTrailingEmpty, "?maxResults=2&nextToken=4", memberPage{1, "5", true, float64(5)}},
		{"trailing empty page", PagingTrailingEmpty, "?maxResults=2&nextToken=5", memberPage{0, "", false, float64(5)}},
		{"trailing middle", PagingTrailingEmpty, "?maxResults=2&nextToken=2", memberPage{2, "4", true, float64(5)}},
		{"repeat last", PagingRepeatToken, "?maxResults=2&nextToken=4", memberPage{1, "4", true, float64(5)}},
		{"repeat single page", PagingRepeatToken, "", memberPage{5, "0", true, float64(5)}},
		{"repeat followed", PagingRepeatToken, "?nextToken=0", memberPage{5, "0", true, float64(5)}},
		{"endless last", PagingEndless, "?maxResults=2&nextToken=4", memberPage{1, "5", true, float64(5)}},
		{"endless past the end", PagingEndless, "?maxResults=2&nextToken=5", memberPage{0, "5", true, float64(5)}},
		{"endless far past the end", PagingEndless, "?nextToken=99", memberPage{0, "5", true, float64(5)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, id, tok := pagingFixture(t, tc.p)
			assert.Equal(t, tc.want, getPage(t, s, id, tok, tc.query))
		})
	}
}

// TestTolerantPagingTerminates reads every variant the way a tolerant
// client should (docs/wire-contract.md §7.1) and gets each member exactly once.
func TestTolerantPagingTerminates(t *testing.T) {
	t.Parallel()
	for _, p := range []MemberPaging{PagingPlain, PagingTrailingEmpty, PagingRepeatToken, PagingEndless} {
		s, id, tok := pagingFixture(t, p)
		seen, sent := 0, ""
		for calls := 0; calls < 20; calls++ {
			r := do(t, s, "GET", vcPath+id+"/members?maxResults=2&nextToken="+sent, tok, nil)
			page := r.body["memberModels"].([]any)
			seen += len(page)
			next := r.str("nextToken")
			if next == "" || next == sent || len(page) == 0 || float64(seen) >= r.body["totalCount"].(float64) {
				break
			}
			sent = next
		}
		assert.Equal(t, 5, seen, "variant %d", p)
	}
}

func TestMemberPageSize(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	var others []string
	for i := range 140 {
		s.AddUser(User{UserID: "m" + itoa(i)})
		others = append(others, "m"+itoa(i))
	}
	id := s.AddMeeting(MeetingSpec{HostUserID: "alice", Members: others})
	tok := token(t, s)
	assert.Equal(t, memberPage{128, "128", true, float64(141)}, getPage(t, s, id, tok, "?maxResults=1000"), "capped at 128")
	assert.Equal(t, memberPage{7, "7", true, float64(141)}, getPage(t, s, id, tok, "?maxResults=7"))
	for _, bad := range []string{"?maxResults=0", "?maxResults=-1", "?maxResults=ten", "?nextToken=-3"} {
		r := do(t, s, "GET", vcPath+id+"/members"+bad, tok, nil)
		assert.Equal(t, "paramsError", r.str("code"), bad)
	}
}
