package commands

import (
	"context"
	"errors"
)

// Text shared by the control commands.
var (
	msgFocused      = Text{"%s is now spotlighted in %s.", "已将 %s 设为全员聚焦（%s）。"}
	msgUnfocused    = Text{"Turned the spotlight on %s off in %s.", "已取消 %s 的全员聚焦（%s）。"}
	msgUnfocusWhom  = Text{"I don't know who is spotlighted in %s (it wasn't done through me), and DingTalk needs the person to turn it off — name them: `/spotlight off @Alice`.", "不知道 %s 中当前聚焦的是谁（并非通过机器人设置），钉钉取消聚焦需要指定此人，请这样发送：`/取消聚焦 @张三`。"}
	msgCoHostsAdded = Text{"%s can now co-host %s.", "已将 %s 设为联席主持人（%s）。"}
	msgCoHostsGone  = Text{"Removed %s as co-host of %s.", "已取消 %s 的联席主持人（%s）。"}
	msgSomeone      = Text{"someone", "某人"}
	msgTooMany      = Text{"That's too many people for one command — name at most %d.", "一次最多指定 %d 人，请分几次发送。"}
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

// Bounds on how many people one command may name. They are checked before
// anything is looked up, so a message with a thousand mentions or words
// costs no lookup at all.
const (
	maxTargets   = 20 // people one command acts on
	maxNameWords = 60 // bare words read as names
)

// controlTargets is control plus the people the command names: at least
// one and at most most.
func (c *Call) controlTargets(ctx context.Context, verb Text, most int) (Person, binding, []Person, error) {
	if !c.named() {
		return Person{}, binding{}, nil, c.usage()
	}
	if err := c.countNamed(most); err != nil {
		return Person{}, binding{}, nil, err
	}
	sender, b, err := c.control(ctx, verb)
	if err != nil {
		return Person{}, binding{}, nil, err
	}
	people, err := c.targets(ctx, b, sender)
	switch {
	case err != nil:
	case len(people) == 0:
		err = c.usage()
	case len(people) > most:
		err = c.tooMany(most)
	}
	return sender, b, people, err
}

// countNamed refuses, before any lookup, a message that names more people
// than the command takes, or external people it cannot look up.
func (c *Call) countNamed(most int) error {
	switch {
	case c.Request.ExternalMentions > 0:
		return c.reject(msgExternal, "/"+c.Parsed.Word)
	case len(c.Request.Mentions) > most:
		return c.tooMany(most)
	case len(c.Parsed.Args)+len(c.Parsed.MentionNames) > maxNameWords:
		return c.tooMany(most)
	}
	return nil
}

// tooMany is the refusal of a command naming more than most people.
func (c *Call) tooMany(most int) error {
	if most == 1 {
		return c.reject(msgOneAtATime)
	}
	return c.reject(msgTooMany, most)
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
	sender, b, people, err := c.controlTargets(ctx, verbSpotlight, 1)
	if err != nil {
		return Reply{}, err
	}
	if _, err := c.reg.focus(ctx, c.Request.CorpID, b.MeetingID, sender, people[0]); err != nil {
		return Reply{}, c.actionError(ctx, b, people, err)
	}
	return c.ok(msgFocused, c.names(people), meetingName(c.Lang, b.Title))
}

// spotlightOff is /spotlight off [@user]: DingTalk's un_focus needs the
// person spotlighted, so it is the one named, else the one the bot
// spotlighted. When neither is known nothing is called and the reply
// says how to name them.
func spotlightOff(ctx context.Context, c *Call) (Reply, error) {
	if err := c.countNamed(1); err != nil {
		return Reply{}, err
	}
	sender, b, err := c.control(ctx, verbSpotlight)
	if err != nil {
		return Reply{}, err
	}
	target, err := c.spotlighted(ctx, b, sender)
	if err != nil {
		return Reply{}, err
	}
	if _, err := c.reg.unfocus(ctx, c.Request.CorpID, b.MeetingID, sender, target); err != nil {
		return Reply{}, c.actionError(ctx, b, []Person{target}, err)
	}
	return c.ok(msgUnfocused, c.names([]Person{target}), meetingName(c.Lang, b.Title))
}

// spotlighted is whom /spotlight off turns the spotlight off on: the one
// person the message names, else the bot's record of whom it spotlighted.
func (c *Call) spotlighted(ctx context.Context, b binding, sender Person) (Person, error) {
	if c.named() {
		people, err := c.targets(ctx, b, sender)
		switch {
		case err != nil:
			return Person{}, err
		case len(people) > 1:
			return Person{}, c.reject(msgOneAtATime)
		case len(people) == 1:
			return people[0], nil
		}
	}
	if rec, ok := c.reg.focused(ctx, c.Request.CorpID, b.MeetingID); ok && rec.Person.UnionID != "" {
		if rec.Person.Name == "" {
			rec.Person.Name = c.nickOf(ctx, b, rec.Person.UnionID)
		}
		return rec.Person, nil
	}
	return Person{}, c.reject(msgUnfocusWhom, meetingName(c.Lang, b.Title))
}

// cohostAdd is /cohost add @u1 [@u2 …]: one call for everybody it
// changes; the reply also names who already was a co-host.
func cohostAdd(ctx context.Context, c *Call) (Reply, error) { return cohostSet(ctx, c, true) }

// cohostRemove is /cohost remove @u1 [@u2 …].
func cohostRemove(ctx context.Context, c *Call) (Reply, error) { return cohostSet(ctx, c, false) }

func cohostSet(ctx context.Context, c *Call, add bool) (Reply, error) {
	sender, b, people, err := c.controlTargets(ctx, verbCoHosts, maxTargets)
	if err != nil {
		return Reply{}, err
	}
	ch, err := c.reg.setCoHosts(ctx, c.Request.CorpID, b.MeetingID, sender, people, add)
	if err != nil {
		return Reply{}, c.actionError(ctx, b, ch.changed, err)
	}
	return Reply{Text: c.coHostText(ch, add, meetingName(c.Lang, b.Title)), Outcome: OK}, nil
}
