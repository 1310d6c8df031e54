package commands

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHandlePutsTheOrganisationInTheContext(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var seen []string
	focus := e.conf.FocusFn
	e.conf.FocusFn = func(ctx context.Context, meetingID, unionID string) error {
		seen = append(seen, CorpID(ctx))
		return focus(ctx, meetingID, unionID)
	}
	e.handle(req("hana", "/spotlight @Alice", "alice"))
	assert.Equal(t, []string{corp}, seen)
	assert.Empty(t, CorpID(context.Background()))
}

func TestNotAuthorisedOrganisationReply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text, want string
	}{
		{"/spotlight @Alice", "meetbot must be (re)authorised for your organisation — ask your admin to install/authorise it."},
		{"/聚焦 @Alice", "meetbot 需要本组织（重新）授权后才能使用，请联系管理员安装或授权。"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.conf.MembersFn = func(context.Context, string) ([]Member, error) {
				return nil, fmt.Errorf("members: %w", ErrAppNotAuthorized)
			}
			rep := e.handle(req("hana", tt.text, "alice"))
			assert.Equal(t, tt.want, rep.Text)
			assert.Equal(t, Refused, rep.Outcome)
		})
	}
}

func TestAdminsAreScopedToTheirOrganisation(t *testing.T) {
	t.Parallel()
	r := New(Config{Conference: &fakeConference{}, Directory: &fakeDirectory{}, KV: newMemKV(nil),
		Admins: []string{"root", "corpB:ann", "corpA:x:y"}})
	tests := []struct {
		corp, userID string
		want         bool
	}{
		{"corpA", "root", true}, // bare entry: any organisation (internal apps only)
		{"corpA", "ann", false},
		{"corpB", "ann", true},
		{"corpB", "", false},
		{"corpA", "corpB:ann", false}, // a userId cannot borrow another organisation's entry
		{"corpA", "x:y", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, r.isAdminIn(tt.corp, Person{UserID: tt.userID}), "%s %s", tt.corp, tt.userID)
	}
}
