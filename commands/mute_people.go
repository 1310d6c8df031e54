package commands

import (
	"context"
	"errors"
	"fmt"
)

// This file holds /mute and /unmute of named people, /mute all except and
// /mute open. DingTalk mutes one person per call (members/mute), so each
// person is a call of its own (see perperson.go). The host is muted only
// by the host.

// Text for muting people.
var (
	msgMutedPeople   = Text{"Muted %s.", "已将%s静音。"}
	msgUnmutedPeople = Text{"Unmuted %s.", "已解除%s的静音。"}
	msgMutedExcept   = Text{"Muted everyone except %s.", "已全员静音，%s除外。"}
	msgMutedAllOnly  = Text{"Muted everyone.", "已全员静音。"}
	msgMutedOpen     = Text{"Muted %s, whose microphones were on.", "已将开着麦克风的%s静音。"}
	msgNoneOpen      = Text{"Nobody in %s has the microphone on, apart from the host and co-hosts.", "%s中除主持人和联席主持人外，没有人开着麦克风。"}
	msgLiveUnknown   = Text{"DingTalk did not say whose microphone is on in %s — try again in a moment, or name them: `/mute @name`.", "钉钉未返回%s中谁开着麦克风，请稍后重试，或直接指定：`/静音 @某人`。"}
)

// muteSome is /mute @a [@b …].
func muteSome(ctx context.Context, c *Call) (Reply, error) { return muteNamed(ctx, c, true) }

// unmuteSome is /unmute @a [@b …].
func unmuteSome(ctx context.Context, c *Call) (Reply, error) { return muteNamed(ctx, c, false) }

func muteNamed(ctx context.Context, c *Call, mute bool) (Reply, error) {
	sender, b, people, err := c.controlTargets(ctx, maxTargets)
	if err != nil {
		return Reply{}, err
	}
	pp := c.reg.muteMembers(ctx, c.Request.CorpID, b.MeetingID, sender, people, mute)
	did := msgMutedPeople
	if !mute {
		did = msgUnmutedPeople
	}
	return pp.reply(ctx, c, b, did)
}

// muteMembers mutes (or unmutes) people, one call each, after sorting
// them by the member list (the host only by the host, for muting). Its
// record's undo does the opposite to those done.
func (r *Registry) muteMembers(ctx context.Context, corp, meetingID string, by Person, people []Person, mute bool) perPerson {
	act := actMute
	if !mute {
		act = actUnmute
	}
	call, pp := r.sortPeople(ctx, corp, meetingID, by, people, mute)
	pp = r.eachPerson(ctx, corp, meetingID, by, act, call, pp, func(ctx context.Context, p Person) error {
		return r.conf.MuteMember(ctx, meetingID, p.UnionID, mute)
	})
	r.noteMuted(ctx, corp, meetingID, pp.done, mute)
	return pp
}

// applyMuteOne runs a mute or unmute step of named people.
func (r *Registry) applyMuteOne(ctx context.Context, corp, meetingID string, by Person, s step) (result, error) {
	pp := r.muteMembers(ctx, corp, meetingID, by, s.Targets, s.Action == actMute)
	switch {
	case len(pp.done) > 0:
		return result{Action: s.Action, Targets: pp.done}, nil
	case pp.err != nil:
		return result{}, pp.err
	}
	return result{}, fmt.Errorf("undo %s: %w", s.Action, ErrUnknownUser)
}

// muteAllExcept is /mute all except @a [@b …]: everyone is muted, then
// the people named are unmuted, one call each.
func muteAllExcept(ctx context.Context, c *Call) (Reply, error) {
	sender, b, people, err := c.controlTargets(ctx, maxTargets)
	if err != nil {
		return Reply{}, err
	}
	pp, err := c.reg.muteAllBut(ctx, c.Request.CorpID, b.MeetingID, sender, people)
	if err != nil {
		return Reply{}, c.checkGone(ctx, b, fmt.Errorf("mute all except: %w", err))
	}
	text := msgMutedAllOnly.In(c.Lang)
	if len(pp.done) > 0 {
		text = msgMutedExcept.In(c.Lang, c.names(pp.done))
	}
	if rest := pp.text(c, Text{}); rest != "" {
		text += sepOf(c.Lang) + rest
	}
	return Reply{Text: text, Outcome: OK, MeetingID: b.MeetingID}, nil
}

// muteAllBut mutes everyone, then unmutes people. One record says so; its
// undo unmutes everyone.
func (r *Registry) muteAllBut(ctx context.Context, corp, meetingID string, by Person, people []Person) (perPerson, error) {
	ctx = withRequestIDs(ctx)
	if err := r.conf.MuteAll(ctx, meetingID, true); err != nil {
		_, err = r.failed(ctx, corp, result{Action: actMuteAllExcept, MeetingID: meetingID, Targets: people, By: by}, err)
		return perPerson{}, err
	}
	r.st.setRecord(ctx, mutedKey(corp, meetingID), true, focusTTL, "mute record")
	call, pp := r.sortPeople(ctx, corp, meetingID, by, people, false)
	pp = each(ctx, pp, call, func(ctx context.Context, p Person) error {
		return r.conf.MuteMember(ctx, meetingID, p.UnionID, false)
	})
	r.clearMuted(ctx, corp, meetingID)
	r.noteMuted(ctx, corp, meetingID, pp.done, false)
	r.record(ctx, corp, result{Action: actMuteAllExcept, MeetingID: meetingID, Targets: pp.done, By: by,
		Undo: r.controls.undoStep(actMuteAllExcept, nil)})
	return pp, nil
}

// muteOpen is /mute open: mutes everyone whose microphone DingTalk says is
// on, but the host and co-hosts.
func muteOpen(ctx context.Context, c *Call) (Reply, error) {
	sender, b, err := c.control(ctx)
	if err != nil {
		return Reply{}, err
	}
	open, err := c.reg.openMics(ctx, c.Request.CorpID, b.MeetingID)
	switch {
	case errors.Is(err, errNotLive):
		return Reply{}, c.ended(ctx, b)
	case err != nil:
		return Reply{}, c.checkGone(ctx, b, fmt.Errorf("mute open: %w", err))
	case len(open) == 0:
		return c.ok(msgNoneOpen, meetingName(c.Lang, b.Title))
	}
	pp := c.reg.eachPerson(ctx, c.Request.CorpID, b.MeetingID, sender, actMuteOpen, open, perPerson{},
		func(ctx context.Context, p Person) error {
			return c.reg.conf.MuteMember(ctx, b.MeetingID, p.UnionID, true)
		})
	c.reg.noteMuted(ctx, c.Request.CorpID, b.MeetingID, pp.done, true)
	return pp.reply(ctx, c, b, msgMutedOpen)
}

// errNotLive is the error of a meeting DingTalk no longer reports as in
// progress.
var errNotLive = errors.New("commands: the meeting is not in progress")

// openMics is who has the microphone on in a meeting, but its host and
// co-hosts, as people with unionIds. DingTalk's batch query names users
// by an id that is a unionId or a userId (undocumented): both are tried.
func (r *Registry) openMics(ctx context.Context, corp, meetingID string) ([]Person, error) {
	live, err := r.conf.Live(ctx, []string{meetingID})
	if err != nil {
		return nil, err
	}
	i := indexLive(live, meetingID)
	if i < 0 {
		return nil, errNotLive
	}
	list, _, err := r.st.memberList(ctx, corp, meetingID, false)
	if err != nil {
		return nil, err
	}
	var out []Person
	for _, u := range live[i].Users {
		if !u.Mic || (u.State != 0 && u.State != StateIn) {
			continue
		}
		p, m, ok := r.liveMember(ctx, corp, list, u)
		if !ok || m.Host || m.CoHost {
			continue
		}
		out = append(out, p)
	}
	return dedupe(out), nil
}

// liveMember finds the member a LiveUser is: by unionId, else by userId
// through the contacts. ok is false when neither knows them.
func (r *Registry) liveMember(ctx context.Context, corp string, list []Member, u LiveUser) (Person, Member, bool) {
	if i := indexMember(list, u.ID); i >= 0 {
		return Person{UnionID: u.ID, Name: firstNonEmpty(list[i].Nick, u.Nick)}, list[i], true
	}
	p, err := r.st.person(ctx, corp, u.ID)
	if err != nil || p.UnionID == "" {
		return Person{}, Member{}, false
	}
	p.Name = firstNonEmpty(u.Nick, p.Name)
	if i := indexMember(list, p.UnionID); i >= 0 {
		return p, list[i], true
	}
	return p, Member{UnionID: p.UnionID}, true
}

// indexLive is the index of meetingID in live, or -1.
func indexLive(live []LiveMeeting, meetingID string) int {
	for i, m := range live {
		if m.MeetingID == meetingID {
			return i
		}
	}
	return -1
}

// clearMuted forgets whom meetbot muted one by one: mute all changed
// everyone.
func (r *Registry) clearMuted(ctx context.Context, corp, meetingID string) {
	if st := r.meetState(ctx, corp, meetingID); len(st.Muted) > 0 {
		st.Muted = nil
		r.saveMeetState(ctx, corp, meetingID, st)
	}
}
