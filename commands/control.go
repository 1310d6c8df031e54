package commands

import (
	"context"
	"errors"
	"fmt"
)

// This file is the common start of the control commands: who sent it,
// which meeting, whether they may, and whom it names.

// Text shared by the control commands.
var (
	msgSomeone = Text{"someone", "某人"}
	msgTooMany = Text{"That's too many people for one command — name at most %d.", "一次最多指定 %d 人，请分几次发送。"}
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
// which meeting, and whether they may, in the words of the command's
// control table entry.
func (c *Call) control(ctx context.Context) (Person, binding, error) {
	verb, err := c.verb()
	if err != nil {
		return Person{}, binding{}, err
	}
	sender, b, err := c.senderMeeting(ctx)
	if err != nil {
		return Person{}, binding{}, err
	}
	if err := c.authorize(ctx, b, sender, verb); err != nil {
		return Person{}, binding{}, err
	}
	return sender, b, nil
}

// verb is the refusal verb of the command's authorization, from its
// control table entry; errNoControl when it has none.
func (c *Call) verb() (Text, error) {
	ctl, ok := c.reg.controls.command(c.def.ID())
	if !ok || ctl.verb == (Text{}) {
		return Text{}, fmt.Errorf("%w: %s", errNoControl, c.def.ID())
	}
	return ctl.verb, nil
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
func (c *Call) controlTargets(ctx context.Context, most int) (Person, binding, []Person, error) {
	if !c.named() {
		return Person{}, binding{}, nil, c.usage()
	}
	if err := c.countNamed(most); err != nil {
		return Person{}, binding{}, nil, err
	}
	sender, b, err := c.control(ctx)
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
		return c.reject(msgSomeoneOut)
	}
	return c.notJoined(len(out), boldList(c.Lang, out))
}

// notJoined is the refusal of a command naming n people, names, who
// have not joined the meeting.
func (c *Call) notJoined(n int, names string) error {
	if n > 1 {
		return c.reject(msgNotJoinedAll, names)
	}
	return c.reject(msgNotJoined, names)
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
