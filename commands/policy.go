package commands

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// This file holds /meeting policy and /classroom. DingTalk takes a
// meeting's settings (PUT videoConferences/{id}) but never reports them,
// so meetbot keeps what it set (meetstate.go) and shows that, saying so.
// A setting meetbot never set is shown as DingTalk's default.

// Text for /meeting policy and /classroom.
var (
	msgPolicyShow   = Text{"Settings of %s, as set through meetbot (DingTalk does not report them): %s. Change one: `/meeting policy screen-share off`.", "%s的会议设置（以通过机器人修改的为准，钉钉不提供查询）：%s。修改示例：`/会议 设置 屏幕共享 关`。"}
	msgPolicySet    = Text{"Set %s.", "已修改会议设置：%s。"}
	msgPolicyUsage  = Text{"Which setting, on or off? `/meeting policy self-unmute|screen-share|internal-only on|off` — e.g. `/meeting policy screen-share off`.", "请指定设置项（自行解除静音、屏幕共享或仅内部成员）和开或关，例如 `/会议 设置 屏幕共享 关`。"}
	msgClassroomOn  = Text{"Classroom mode is on: everyone is muted, nobody can unmute themselves or share their screen. `/classroom off` restores the settings before it.", "已开启课堂模式：全员静音，参会人不能自行解除静音或共享屏幕。发送 `/关闭课堂模式` 可恢复之前的设置。"}
	msgClassroomOff = Text{"Classroom mode is off: %s.", "已关闭课堂模式：%s。"}
	msgLockedLine   = Text{"locked", "已锁定"}
	msgUnlockedLine = Text{"not locked", "未锁定"}
	msgClassLine    = Text{"classroom mode on", "课堂模式已开启"}
)

// setting is one meeting setting /meeting policy can change.
type setting struct {
	words []string // what users type, both languages, lower case, longest first within a language
	name  Text
	field func(*Policy) **bool
}

// settings are the settings of /meeting policy, in the order shown. Mute
// all has its own commands.
var settings = []setting{
	{words: []string{"self-unmute", "selfunmute", "unmute-self", "unmute", "自行解除静音", "允许自行解除静音", "自我解除静音"},
		name: Text{"self-unmute", "自行解除静音"}, field: func(p *Policy) **bool { return &p.SelfUnmute }},
	{words: []string{"screen-share", "screenshare", "share-screen", "sharing", "share", "屏幕共享", "共享屏幕", "共享"},
		name: Text{"screen sharing", "屏幕共享"}, field: func(p *Policy) **bool { return &p.ScreenShare }},
	{words: []string{"internal-only", "internalonly", "internal", "仅内部成员", "仅内部成员入会", "仅内部", "内部"},
		name: Text{"internal members only", "仅内部成员入会"}, field: func(p *Policy) **bool { return &p.InternalOnly }},
}

// switchWords are the words for on and off.
var switchWords = map[string]bool{
	"on": true, "yes": true, "true": true, "allow": true, "enable": true, "开": true, "开启": true, "打开": true, "允许": true, "是": true,
	"off": false, "no": false, "false": false, "deny": false, "disable": false, "关": false, "关闭": false, "禁止": false, "否": false,
}

// onOff words a setting's state.
var onOff = [2]Text{{"off", "关"}, {"on", "开"}}

// parseSetting reads "<setting> <on|off>" from args, spaced or run
// together ("屏幕共享关"). ok is false when it is not that.
func parseSetting(args []string) (Policy, *setting, bool) {
	s := strings.ToLower(strings.Join(args, ""))
	if s == "" {
		return Policy{}, nil, false
	}
	for i := range settings {
		words := slices.Clone(settings[i].words)
		slices.SortFunc(words, func(a, b string) int { return len(b) - len(a) })
		for _, w := range words {
			rest, found := strings.CutPrefix(s, strings.ReplaceAll(w, " ", ""))
			if !found {
				continue
			}
			v, ok := switchWords[rest]
			if !ok {
				return Policy{}, nil, false
			}
			var p Policy
			*settings[i].field(&p) = boolPtr(v)
			return p, &settings[i], true
		}
	}
	return Policy{}, nil, false
}

// meetingPolicy is /meeting policy [<setting> <on|off>]: without arguments
// it shows the settings as meetbot set them; with them it changes one.
func meetingPolicy(ctx context.Context, c *Call) (Reply, error) {
	if len(c.Parsed.Args) == 0 {
		_, b, err := c.senderMeeting(ctx)
		if err != nil {
			return Reply{}, err
		}
		st := c.reg.meetState(ctx, c.Request.CorpID, b.MeetingID)
		return c.ok(msgPolicyShow, meetingName(c.Lang, b.Title), c.stateText(st))
	}
	p, set, ok := parseSetting(c.Parsed.Args)
	if !ok {
		return Reply{}, c.reject(msgPolicyUsage)
	}
	sender, b, err := c.control(ctx)
	if err != nil {
		return Reply{}, err
	}
	if _, err := c.reg.setPolicy(ctx, c.Request.CorpID, b.MeetingID, sender, p); err != nil {
		return Reply{}, c.checkGone(ctx, b, fmt.Errorf("meeting policy: %w", err))
	}
	return c.ok(msgPolicySet, c.policyText(p, set))
}

// stateText says what meetbot set on a meeting: each setting (or its
// default), whether it locked it, and classroom mode.
func (c *Call) stateText(st meetState) string {
	pol := defaultPolicy.merge(st.Policy)
	parts := make([]string, 0, len(settings)+2)
	for i := range settings {
		parts = append(parts, c.policyText(pol, &settings[i]))
	}
	if st.Locked != nil && *st.Locked {
		parts = append(parts, msgLockedLine.In(c.Lang))
	} else {
		parts = append(parts, msgUnlockedLine.In(c.Lang))
	}
	if st.Classroom != nil {
		parts = append(parts, msgClassLine.In(c.Lang))
	}
	return joinItems(c.Lang, parts)
}

// policyText words the settings of p: just set's when set is given, else
// every one p sets ("screen sharing off").
func (c *Call) policyText(p Policy, set *setting) string {
	var parts []string
	for i := range settings {
		s := &settings[i]
		if set != nil && s != set {
			continue
		}
		if v := *s.field(&p); v != nil {
			parts = append(parts, s.name.In(c.Lang)+" "+onOffText(c.Lang, *v))
		}
	}
	if p.MuteAll != nil && set == nil {
		parts = append(parts, Text{"mute all", "全员静音"}.In(c.Lang)+" "+onOffText(c.Lang, *p.MuteAll))
	}
	return joinItems(c.Lang, parts)
}

func onOffText(lang Lang, v bool) string {
	if v {
		return onOff[1].In(lang)
	}
	return onOff[0].In(lang)
}

// joinItems lists settings: "a, b" in English, "a、b" in Chinese.
func joinItems(lang Lang, parts []string) string {
	if lang == Chinese {
		return strings.Join(parts, "、")
	}
	return strings.Join(parts, ", ")
}

// setPolicy changes the settings p names, and keeps them. Its undo sets
// the previous values of those settings (DingTalk's defaults when meetbot
// never set them), unless nothing changed.
func (r *Registry) setPolicy(ctx context.Context, corp, meetingID string, by Person, p Policy) (result, error) {
	return r.changePolicy(ctx, corp, meetingID, by, actPolicy, p, func(st *meetState) {})
}

// changePolicy sends p, merges it into what meetbot set, lets edit change
// the rest of the state, and records act with the previous values as undo.
func (r *Registry) changePolicy(ctx context.Context, corp, meetingID string, by Person, act action, p Policy, edit func(*meetState)) (result, error) {
	ctx = withRequestIDs(ctx)
	st := r.meetState(ctx, corp, meetingID)
	prev := defaultPolicy.merge(st.Policy).only(p)
	res := result{Action: act, MeetingID: meetingID, By: by, Policy: &p}
	if err := r.conf.SetPolicy(ctx, meetingID, p); err != nil {
		return r.failed(ctx, corp, res, fmt.Errorf("%s %s: %w", act, meetingID, err))
	}
	st.Policy = st.Policy.merge(p)
	if p.MuteAll != nil {
		r.st.setRecord(ctx, mutedKey(corp, meetingID), *p.MuteAll, focusTTL, "mute record")
		st.Muted = nil
	}
	edit(&st)
	r.saveMeetState(ctx, corp, meetingID, st)
	if act == actPolicy && !prev.equal(p) {
		res.Undo = &step{Action: actPolicy, Policy: &prev}
	} else if act != actPolicy {
		res.Undo = r.controls.undoStep(act, nil)
	}
	return r.record(ctx, corp, res), nil
}

// applyPolicy runs a policy step: the settings it holds.
func (r *Registry) applyPolicy(ctx context.Context, corp, meetingID string, by Person, s step) (result, error) {
	if s.Policy == nil {
		return result{}, fmt.Errorf("undo policy: the step holds no settings")
	}
	return r.setPolicy(ctx, corp, meetingID, by, *s.Policy)
}

// classroomPreset is classroom mode: everyone muted, no self-unmute, no
// screen sharing.
var classroomPreset = Policy{MuteAll: boolPtr(true), SelfUnmute: boolPtr(false), ScreenShare: boolPtr(false)}

// classroomOn is /classroom on.
func classroomOn(ctx context.Context, c *Call) (Reply, error) { return classroomSet(ctx, c, true) }

// classroomOff is /classroom off.
func classroomOff(ctx context.Context, c *Call) (Reply, error) { return classroomSet(ctx, c, false) }

func classroomSet(ctx context.Context, c *Call, on bool) (Reply, error) {
	sender, b, err := c.control(ctx)
	if err != nil {
		return Reply{}, err
	}
	res, err := c.reg.classroom(ctx, c.Request.CorpID, b.MeetingID, sender, on)
	if err != nil {
		return Reply{}, c.checkGone(ctx, b, fmt.Errorf("classroom: %w", err))
	}
	if on {
		return c.ok(msgClassroomOn)
	}
	return c.ok(msgClassroomOff, c.policyText(*res.Policy, nil))
}

// classroom turns classroom mode on (one settings call with the preset,
// remembering the settings it replaces) or off (restoring them; DingTalk's
// defaults when meetbot does not know them).
func (r *Registry) classroom(ctx context.Context, corp, meetingID string, by Person, on bool) (result, error) {
	st := r.meetState(ctx, corp, meetingID)
	if on {
		before := defaultPolicy.merge(st.Policy).only(classroomPreset)
		if st.Classroom != nil { // on already: keep what it replaced the first time
			before = *st.Classroom
		}
		if muted := r.mutedAll(ctx, corp, meetingID); muted {
			before.MuteAll = boolPtr(true)
		}
		return r.changePolicy(ctx, corp, meetingID, by, actClassroomOn, classroomPreset,
			func(st *meetState) { st.Classroom = &before })
	}
	restore := defaultPolicy.only(classroomPreset)
	if st.Classroom != nil {
		restore = restore.merge(*st.Classroom)
	}
	return r.changePolicy(ctx, corp, meetingID, by, actClassroomOff, restore, func(st *meetState) { st.Classroom = nil })
}

// mutedAll reports whether meetbot's record says everyone is muted.
func (r *Registry) mutedAll(ctx context.Context, corp, meetingID string) bool {
	var muted bool
	ok, err := r.st.getRecord(ctx, mutedKey(corp, meetingID), &muted)
	return err == nil && ok && muted
}

// applyClassroom runs a classroom step.
func (r *Registry) applyClassroom(ctx context.Context, corp, meetingID string, by Person, s step) (result, error) {
	return r.classroom(ctx, corp, meetingID, by, s.Action == actClassroomOn)
}

// equal reports whether p and q set the same fields to the same values.
func (p Policy) equal(q Policy) bool {
	eq := func(a, b *bool) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	return eq(p.SelfUnmute, q.SelfUnmute) && eq(p.ScreenShare, q.ScreenShare) && eq(p.InternalOnly, q.InternalOnly) &&
		eq(p.MuteAll, q.MuteAll)
}
