package commands

import "context"

// This file holds /spotlight and /spotlight off.

// Text for /spotlight and /spotlight off.
var (
	msgFocused     = Text{"%s is now spotlighted.", "已设置全员看他：%s。"}
	msgUnfocused   = Text{"Turned off the spotlight on %s.", "已取消全员看他：%s。"}
	msgUnfocusWhom = Text{"I don't know who is spotlighted in %s (it wasn't done through me), and DingTalk needs the person to turn it off — name them: `/spotlight off @Alice`.", "不知道%s中全员看的是谁（并非通过机器人设置），钉钉取消全员看他需要指定此人，请这样发送：`/取消全员看他 @张三`。"}
)

// spotlightOn is /spotlight @user: everyone sees that person.
func spotlightOn(ctx context.Context, c *Call) (Reply, error) {
	sender, b, people, err := c.controlTargets(ctx, 1)
	if err != nil {
		return Reply{}, err
	}
	if _, err := c.reg.focus(ctx, c.Request.CorpID, b.MeetingID, sender, people[0]); err != nil {
		return Reply{}, c.actionError(ctx, b, people, err)
	}
	return c.ok(msgFocused, c.names(people))
}

// spotlightOff is /spotlight off [@user]: DingTalk's un_focus needs the
// person spotlighted, so it is the one named, else the one the bot
// spotlighted. When neither is known nothing is called and the reply
// says how to name them.
func spotlightOff(ctx context.Context, c *Call) (Reply, error) {
	if err := c.countNamed(1); err != nil {
		return Reply{}, err
	}
	sender, b, err := c.control(ctx)
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
	return c.ok(msgUnfocused, c.names([]Person{target}))
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
