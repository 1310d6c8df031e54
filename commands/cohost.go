package commands

import (
	"context"
	"strings"
)

// This file holds /cohost add and /cohost remove. It decides what a
// co-host action would change, from the member list's host and co-host
// flags, and says what it did. Nobody already as asked is sent to DingTalk
// or put in the undo step, so /undo never takes away a role the action did
// not give (or gives one it did not take).

// Text for /cohost add and /cohost remove.
var (
	msgCoHostsAdded     = Text{"Made %s co-host.", "已将%s设为联席主持人。"}
	msgCoHostsAddedMany = Text{"Made %s co-hosts.", "已将%s设为联席主持人。"}
	msgCoHostsGone      = Text{"%s is no longer a co-host.", "已取消%s的联席主持人身份。"}
	msgCoHostsGoneMany  = Text{"%s are no longer co-hosts.", "已取消%s的联席主持人身份。"}
)

// cohostAdd is /cohost add @u1 [@u2 …]: one call for everybody it
// changes; the reply also names who already was a co-host.
func cohostAdd(ctx context.Context, c *Call) (Reply, error) { return cohostSet(ctx, c, true) }

// cohostRemove is /cohost remove @u1 [@u2 …].
func cohostRemove(ctx context.Context, c *Call) (Reply, error) { return cohostSet(ctx, c, false) }

func cohostSet(ctx context.Context, c *Call, add bool) (Reply, error) {
	sender, b, people, err := c.controlTargets(ctx, maxTargets)
	if err != nil {
		return Reply{}, err
	}
	ch, err := c.reg.setCoHosts(ctx, c.Request.CorpID, b.MeetingID, sender, people, add)
	if err != nil {
		return Reply{}, c.actionError(ctx, b, ch.changed, err)
	}
	return Reply{Text: c.coHostText(ch, add), Outcome: OK}, nil
}

// coHostChange is what a co-host action did, or would do.
type coHostChange struct {
	res     result   // the audit record; zero when nothing was called
	changed []Person // whom the call changes
	already []Person // already as asked: co-hosts for add, not co-hosts for remove
	hosts   []Person // the meeting's host, never made or unmade co-host
}

// noop reports whether the action changes nobody.
func (ch coHostChange) noop() bool { return len(ch.changed) == 0 }

// splitCoHosts sorts targets by the member list's flags. A no-op seen in
// a cached list is checked against a fresh one (the role may have just
// changed in the DingTalk client). When the list cannot be read, everyone
// counts as changed and the call decides.
func (r *Registry) splitCoHosts(ctx context.Context, corp, meetingID string, targets []Person, add bool) coHostChange {
	list, fetched, err := r.st.memberList(ctx, corp, meetingID, false)
	if err != nil {
		return coHostChange{changed: targets}
	}
	ch := sortCoHosts(list, targets, add)
	if fetched || len(ch.already)+len(ch.hosts) == 0 {
		return ch
	}
	if list, _, err = r.st.memberList(ctx, corp, meetingID, true); err != nil {
		return coHostChange{changed: targets}
	}
	return sortCoHosts(list, targets, add)
}

// sortCoHosts sorts targets into changed, already and hosts by list.
// People missing from list count as changed: DingTalk then says whether
// they are in the meeting.
func sortCoHosts(list []Member, targets []Person, add bool) coHostChange {
	var ch coHostChange
	for _, p := range targets {
		i := indexMember(list, p.UnionID)
		switch {
		case i < 0:
			ch.changed = append(ch.changed, p)
		case list[i].Host:
			ch.hosts = append(ch.hosts, p)
		case list[i].CoHost == add:
			ch.already = append(ch.already, p)
		default:
			ch.changed = append(ch.changed, p)
		}
	}
	return ch
}

// fact is one sentence of a co-host reply: for one person, and for
// several (zero: the same as for one).
type fact struct{ one, many Text }

// Sentences of co-host replies.
var (
	factAdded   = fact{one: msgCoHostsAdded, many: msgCoHostsAddedMany}
	factRemoved = fact{one: msgCoHostsGone, many: msgCoHostsGoneMany}
	factAlready = fact{
		one:  Text{"%s is already a co-host.", "%s已是联席主持人。"},
		many: Text{"%s are already co-hosts.", "%s已是联席主持人。"},
	}
	factNotCoHost = fact{
		one:  Text{"%s is not a co-host.", "%s不是联席主持人。"},
		many: Text{"%s are not co-hosts.", "%s不是联席主持人。"},
	}
	factHost = fact{one: Text{"%s is the host.", "%s是主持人。"}}
)

// coHostText says what a co-host action did: who changed, who already
// was as asked, and the host, in that order.
func (c *Call) coHostText(ch coHostChange, add bool) string {
	done, same := factAdded, factAlready
	if !add {
		done, same = factRemoved, factNotCoHost
	}
	var parts []string
	for _, s := range []struct {
		f      fact
		people []Person
	}{{done, ch.changed}, {same, ch.already}, {factHost, ch.hosts}} {
		if len(s.people) == 0 {
			continue
		}
		t := s.f.one
		if len(s.people) > 1 && s.f.many != (Text{}) {
			t = s.f.many
		}
		parts = append(parts, t.In(c.Lang, c.names(s.people)))
	}
	sep := " "
	if c.Lang == Chinese {
		sep = ""
	}
	return strings.Join(parts, sep)
}
