package commands

import (
	"context"
	"errors"
)

// Text shared by the control commands.
var (
	msgFocused      = Text{"%s is now spotlighted in %s.", "已将 %s 设为全员聚焦（%s）。"}
	msgUnfocused    = Text{"Spotlight is off in %s.", "已取消全员聚焦（%s）。"}
	msgCoHostsAdded = Text{"%s can now co-host %s.", "已将 %s 设为联席主持人（%s）。"}
	msgCoHostsGone  = Text{"Removed %s as co-host of %s.", "已取消 %s 的联席主持人（%s）。"}
	msgSomeone      = Text{"someone", "某人"}
)

// usage is the user error for a command typed without what it needs.
func (c *Call) usage() error {
	example := c.def.Usage.In(c.Lang)
	for _, ex := range c.def.Examples {
		example = ex.In(c.Lang)
		break
	}
	return c.reject(msgUsage, c.def.Usage.In(c.Lang), example)
}

// control is the common start of every control command: who sent it,
// which meeting, and whether they may.
func (c *Call) control(ctx context.Context, verb Text) (Person, binding, error) {
	sender, b, err := c.senderMeeting(ctx)
	if err != nil {
		return Person{}, binding{}, err
	}
	if err := c.authorize(ctx, b, sender, verb); err != nil {
		return Person{}, binding{}, err
	}
	return sender, b, nil
}

// controlTargets is control plus the people the command names (at least
// one).
func (c *Call) controlTargets(ctx context.Context, verb Text) (Person, binding, []Person, error) {
	if !c.named() {
		return Person{}, binding{}, nil, c.usage()
	}
	if c.Request.ExternalMentions > 0 {
		return Person{}, binding{}, nil, c.reject(msgExternal, "/"+c.Parsed.Word)
	}
	sender, b, err := c.control(ctx, verb)
	if err != nil {
		return Person{}, binding{}, nil, err
	}
	people, err := c.targets(ctx, b, sender)
	if err == nil && len(people) == 0 {
		err = c.usage()
	}
	return sender, b, people, err
}

// actionError explains a failed control call: the meeting ended, or
// somebody named is not in it (checked against a fresh member list so the
// reply can name them).
func (c *Call) actionError(ctx context.Context, b binding, people []Person, err error) error {
	if !errors.Is(err, ErrUnknownUser) {
		return c.checkGone(ctx, b, err)
	}
	list, _, lerr := c.reg.st.memberList(ctx, c.Request.CorpID, b.MeetingID, true)
	if lerr != nil {
		return c.checkGone(ctx, b, lerr)
	}
	var out []string
	for _, p := range people {
		if i := indexMember(list, p.UnionID); i < 0 || !list[i].Present {
			out = append(out, c.displayName(p))
		}
	}
	if len(out) == 0 {
		return c.reject(msgSomeoneOut, meetingName(c.Lang, b.Title))
	}
	return c.reject(msgNotInMeeting, boldList(c.Lang, out), meetingName(c.Lang, b.Title))
}

// displayName is a person's name for replies.
func (c *Call) displayName(p Person) string {
	if p.Name != "" {
		return p.Name
	}
	return msgSomeone.In(c.Lang)
}

// names renders people in bold for replies.
func (c *Call) names(people []Person) string {
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = c.displayName(p)
	}
	return boldList(c.Lang, out)
}

// spotlightOn is /spotlight @user: everyone sees that person.
func spotlightOn(ctx context.Context, c *Call) (Reply, error) {
	sender, b, people, err := c.controlTargets(ctx, verbSpotlight)
	if err != nil {
		return Reply{}, err
	}
	if len(people) > 1 {
		return Reply{}, c.reject(msgOneAtATime)
	}
	if _, err := c.reg.focus(ctx, c.Request.CorpID, b.MeetingID, sender, people[0]); err != nil {
		return Reply{}, c.actionError(ctx, b, people, err)
	}
	return c.ok(msgFocused, c.names(people), meetingName(c.Lang, b.Title))
}

// spotlightOff is /spotlight off.
func spotlightOff(ctx context.Context, c *Call) (Reply, error) {
	sender, b, err := c.control(ctx, verbSpotlight)
	if err != nil {
		return Reply{}, err
	}
	if _, err := c.reg.unfocus(ctx, c.Request.CorpID, b.MeetingID, sender); err != nil {
		return Reply{}, c.checkGone(ctx, b, err)
	}
	return c.ok(msgUnfocused, meetingName(c.Lang, b.Title))
}

// cohostAdd is /cohost add @u1 [@u2 …]: one call for everybody it
// changes; the reply also names who already was a co-host.
func cohostAdd(ctx context.Context, c *Call) (Reply, error) { return cohostSet(ctx, c, true) }

// cohostRemove is /cohost remove @u1 [@u2 …].
func cohostRemove(ctx context.Context, c *Call) (Reply, error) { return cohostSet(ctx, c, false) }

func cohostSet(ctx context.Context, c *Call, add bool) (Reply, error) {
	sender, b, people, err := c.controlTargets(ctx, verbCoHosts)
	if err != nil {
		return Reply{}, err
	}
	ch, err := c.reg.setCoHosts(ctx, c.Request.CorpID, b.MeetingID, sender, people, add)
	if err != nil {
		return Reply{}, c.actionError(ctx, b, ch.changed, err)
	}
	return Reply{Text: c.coHostText(ch, add, meetingName(c.Lang, b.Title)), Outcome: OK}, nil
}
