package commands

import (
	"context"
	"errors"
	"strings"
)

// Commands that act on several people one DingTalk call at a time (mute,
// unmute, remove) sort the people first by the meeting's member list:
// those not in the meeting are named in the reply and cost no call, the
// host is left alone unless the host asks. Then each remaining person is
// one call; a failure for one never stops the others, and the reply says
// who was done and who not, and why.

// perPerson is what a per-person action did to each person it named.
type perPerson struct {
	done    []Person // the call succeeded
	absent  []Person // not in the meeting: from the member list, or DingTalk's unknownUserError
	failed  []Person // DingTalk refused or failed
	skipped []Person // not called: the host, whom only the host may do this to
	err     error    // the first failure, for the log and the audit outcome
}

// called reports whether any DingTalk call was made.
func (pp perPerson) called() bool { return len(pp.done)+len(pp.failed) > 0 || pp.err != nil }

// sortPeople sorts people by the meeting's member list before any call:
// who is not in the meeting (absent), the host when by is not the host
// and protectHost is set (skipped), and whom to call. A person missing
// from a cached list is checked once against a fresh one (they may have
// just joined). When the list cannot be read everybody is called and
// DingTalk decides.
func (r *Registry) sortPeople(ctx context.Context, corp, meetingID string, by Person, people []Person, protectHost bool) (call []Person, pp perPerson) {
	list, fetched, err := r.st.memberList(ctx, corp, meetingID, false)
	if err != nil {
		return people, pp
	}
	in := func(p Person) bool { i := indexMember(list, p.UnionID); return i >= 0 && list[i].Present }
	if !fetched && !allFunc(people, in) {
		if fresh, _, err := r.st.memberList(ctx, corp, meetingID, true); err == nil {
			list = fresh
		}
	}
	for _, p := range people {
		i := indexMember(list, p.UnionID)
		switch {
		case i < 0 || !list[i].Present:
			pp.absent = append(pp.absent, p)
		case protectHost && list[i].Host && !samePerson(by, p):
			pp.skipped = append(pp.skipped, p)
		default:
			call = append(call, p)
		}
	}
	return call, pp
}

// allFunc reports whether f holds for every person.
func allFunc(people []Person, f func(Person) bool) bool {
	for _, p := range people {
		if !f(p) {
			return false
		}
	}
	return true
}

// each runs call for every person of people in turn and sorts them into
// pp by outcome. A failure for one person never stops the others; a
// failure that would fail every call (the meeting ended, the quota is used
// up, the app lacks the permission) stops there, and the rest count as
// failed.
func each(ctx context.Context, pp perPerson, people []Person, call func(ctx context.Context, p Person) error) perPerson {
	for i, p := range people {
		err := call(ctx, p)
		switch {
		case err == nil:
			pp.done = append(pp.done, p)
		case errors.Is(err, ErrUnknownUser):
			pp.absent = append(pp.absent, p)
		default:
			pp.failed = append(pp.failed, p)
			if pp.err == nil {
				pp.err = err
			}
			if stopsAll(err) {
				pp.failed = append(pp.failed, people[i+1:]...)
				return pp
			}
		}
	}
	return pp
}

// stopsAll reports whether err would fail every further call of a
// per-person action too.
func stopsAll(err error) bool {
	var pe *PermissionError
	return errors.Is(err, ErrMeetingGone) || errors.Is(err, ErrQuota) || errors.Is(err, ErrAuth) ||
		errors.As(err, &pe) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// eachPerson runs call for every person through each, and writes one
// audit record of action act: naming those done, with the undo step the
// control table gives; or, when nobody was done, the first failure. When
// no call was made nothing is recorded.
func (r *Registry) eachPerson(ctx context.Context, corp, meetingID string, by Person, act action, call []Person, pp perPerson,
	do func(ctx context.Context, p Person) error) perPerson {
	ctx = withRequestIDs(ctx)
	pp = each(ctx, pp, call, do)
	res := result{Action: act, MeetingID: meetingID, By: by}
	switch {
	case len(pp.done) > 0:
		res.Targets, res.Undo = pp.done, r.controls.undoStep(act, pp.done)
		r.record(ctx, corp, res)
	case pp.err != nil:
		res.Targets = pp.failed
		_, _ = r.failed(ctx, corp, res, pp.err)
	case len(pp.absent) > 0 && len(call) > 0:
		res.Targets = pp.absent
		_, _ = r.failed(ctx, corp, res, ErrUnknownUser)
	}
	return pp
}

// Lines of a per-person reply.
var (
	msgPPAbsent  = Text{"Not joined yet: %s.", "未入会：%s。"}
	msgPPFailed  = Text{"DingTalk did not take %s — try again in a moment.", "钉钉未能处理%s，请稍后重试。"}
	msgPPSkipped = Text{"%s is the host: only the host can do that to themselves.", "%s是主持人，只有主持人本人可以这样操作。"}
)

// reply is the reply to a per-person action: what was done, in the words
// of did (a format naming them), then who was not in the meeting, who
// failed and who was skipped. When nobody was done it is the refusal or
// failure that explains why.
func (pp perPerson) reply(ctx context.Context, c *Call, b binding, did Text) (Reply, error) {
	if len(pp.done) == 0 {
		switch {
		case pp.err != nil && (len(pp.absent)+len(pp.skipped) == 0 || stopsAll(pp.err)):
			return Reply{}, c.checkGone(ctx, b, pp.err)
		case pp.err == nil && len(pp.skipped) == 0:
			return Reply{}, c.notJoined(len(pp.absent), c.names(pp.absent))
		case pp.err == nil && len(pp.absent) == 0:
			return Reply{}, c.refuse(msgPPSkipped, c.names(pp.skipped))
		}
	}
	rep := Reply{Text: pp.text(c, did), Outcome: OK, MeetingID: b.MeetingID}
	switch {
	case len(pp.done) > 0:
	case pp.err != nil:
		rep.Outcome, rep.Err = Failed, pp.err
	default:
		rep.Outcome = Rejected
	}
	return rep, nil
}

// text says what was done, in the words of did (a format naming them;
// zero to leave it out), then who was not in the meeting, who failed and
// who was skipped.
func (pp perPerson) text(c *Call, did Text) string {
	var parts []string
	if len(pp.done) > 0 && did != (Text{}) {
		parts = append(parts, did.In(c.Lang, c.names(pp.done)))
	}
	for _, l := range []struct {
		t      Text
		people []Person
	}{{msgPPAbsent, pp.absent}, {msgPPFailed, pp.failed}, {msgPPSkipped, pp.skipped}} {
		if len(l.people) > 0 {
			parts = append(parts, l.t.In(c.Lang, c.names(l.people)))
		}
	}
	return strings.Join(parts, sepOf(c.Lang))
}

// sepOf separates sentences: a space in English, nothing in Chinese.
func sepOf(lang Lang) string {
	if lang == Chinese {
		return ""
	}
	return " "
}

// takeWord reports whether the command's bare words hold one of words
// (case-insensitive, either language), and removes it so it is not read
// as a name: "/remove @Bob ban", "/移出会议 @张三 禁止再入".
func (c *Call) takeWord(words ...string) bool {
	for i, a := range c.Parsed.Args {
		for _, w := range words {
			if strings.EqualFold(a, w) {
				c.Parsed.Args = append(c.Parsed.Args[:i:i], c.Parsed.Args[i+1:]...)
				return true
			}
		}
	}
	return false
}
