package commands

import (
	"context"
	"errors"
)

// sender returns who sent the message, with the unionId the conference
// APIs need, from the Directory (cached). Membership of the organisation is
// decided the same way whatever optional fields the frame carries: a
// userId (senderStaffId, empty for people outside the organisation) the
// organisation's contacts know. A senderUnionId alone proves nothing: an
// external participant has one too.
func (c *Call) sender(ctx context.Context) (Person, error) {
	s := c.Request.Sender
	if s.UserID == "" {
		return Person{}, c.refuse(msgSenderAnon)
	}
	p, err := c.reg.st.person(ctx, c.Request.CorpID, s.UserID)
	if errors.Is(err, ErrNotFound) {
		return Person{}, c.refuse(msgSenderAnon)
	}
	if err != nil {
		return Person{}, err
	}
	if s.Name != "" {
		p.Name = s.Name
	}
	return p, nil
}

// isAdmin reports whether p may control any meeting of the request's organisation.
func (c *Call) isAdmin(p Person) bool { return c.reg.isAdminIn(c.Request.CorpID, p) }

// authorize lets admins and the meeting's host or co-hosts through and
// refuses everyone else before any control call is made.
func (c *Call) authorize(ctx context.Context, b binding, sender Person, verb Text) error {
	if c.isAdmin(sender) {
		return nil
	}
	ok, err := c.hasRole(ctx, b, sender.UnionID, func(m Member) bool { return m.Host || m.CoHost })
	if err != nil || ok {
		return err
	}
	return c.refuse(msgNotAllowed, meetingName(c.Lang, b.Title), verb.In(c.Lang))
}

// hasRole reports whether unionID is a member of meeting b for which role
// holds. A negative answer from the cache is checked once more against
// DingTalk, because the host may have just promoted the sender.
func (c *Call) hasRole(ctx context.Context, b binding, unionID string, role func(Member) bool) (bool, error) {
	if m, ok := c.reg.st.role(c.Request.CorpID, b.MeetingID, unionID); ok && role(m) {
		return true, nil // users/lists said so when the chat was bound: no member list needed
	}
	for _, force := range []bool{false, true} {
		list, fetched, err := c.reg.st.memberList(ctx, c.Request.CorpID, b.MeetingID, force)
		if err != nil {
			return false, c.checkGone(ctx, b, err)
		}
		if i := indexMember(list, unionID); i >= 0 && role(list[i]) {
			return true, nil
		}
		if fetched {
			break
		}
	}
	return false, nil
}
