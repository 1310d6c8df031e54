package commands

import (
	"context"
	"strings"
	"time"
)

// logShown is how many audit records /meeting log shows.
const logShown = 10

// Text for /meeting log.
var (
	msgLogHeader    = Text{"Last %d actions in %s (times %s):", "%[2]s最近 %[1]d 条操作记录（%[3]s）："}
	msgLogHeaderOne = Text{"The last action in %s (time %s):", "%s最近 1 条操作记录（%s）："}
	msgLogEmpty     = Text{"Nothing has been done in %s through me yet.", "还没有人通过机器人操作过%s。"}
	msgLogLine      = Text{"- %s %s %s — %s%s", "- %s %s%s（%s%s）"}
	msgLogUndo      = Text{"undo: ", "撤销："}
	msgLogCard      = Text{" (card)", "，会控卡片"}
)

// How each record ended.
var outcomeText = map[string]Text{
	auditOK:         {"done", "成功"},
	auditUnchanged:  {"nothing to change", "无需更改"},
	auditNotPresent: {"failed: not joined", "失败：对方未入会"},
	auditEnded:      {"failed: the meeting had ended", "失败：会议已结束"},
	auditBusy:       {"failed: DingTalk was busy", "失败：钉钉繁忙"},
	auditDenied:     {"failed: missing DingTalk permission", "失败：缺少钉钉权限"},
	auditAuth:       {"failed: DingTalk sign-in", "失败：钉钉登录失败"},
	auditTimeout:    {"failed: timed out", "失败：超时"},
	auditQuota:      {"failed: monthly DingTalk API quota used up", "失败：本月钉钉 API 额度已用完"},
	auditRejected:   {"failed: refused by DingTalk", "失败：钉钉拒绝了请求"},
	auditError:      {"failed", "失败"},
}

// meetingLog is /meeting log: the last logShown audit records of this
// chat's meeting, newest first, in the reader's language. Anyone who may
// see the meeting's status may read it.
func meetingLog(ctx context.Context, c *Call) (Reply, error) {
	_, b, err := c.senderMeeting(ctx)
	if err != nil {
		return Reply{}, err
	}
	trail, err := c.reg.auditTrail(ctx, c.Request.CorpID, b.MeetingID, logShown)
	if err != nil {
		return Reply{}, err
	}
	name := meetingName(c.Lang, b.Title)
	if len(trail) == 0 {
		return c.ok(msgLogEmpty, name)
	}
	lines := make([]string, 0, len(trail)+1)
	zone := c.reg.zone(c.Lang, c.reg.now())
	if len(trail) == 1 {
		lines = append(lines, msgLogHeaderOne.In(c.Lang, name, zone))
	} else {
		lines = append(lines, msgLogHeader.In(c.Lang, len(trail), name, zone))
	}
	for _, res := range trail {
		lines = append(lines, c.logLine(res))
	}
	return Reply{Text: strings.Join(lines, "\n"), Outcome: OK}, nil
}

// logLine renders one record: "- 14:02 **Wei Lin** spotlighted **Alice** — done",
// "- 14:02 **林伟**让全员看**张三**（成功）".
func (c *Call) logLine(res result) string {
	what := c.describe(res)
	if res.Reverts != "" {
		what = msgLogUndo.In(c.Lang) + what
	}
	via := ""
	if res.Via == "card" {
		via = msgLogCard.In(c.Lang)
	}
	out, ok := outcomeText[firstNonEmpty(res.Outcome, auditOK)]
	if !ok {
		out = outcomeText[auditError]
	}
	return msgLogLine.In(c.Lang, c.clock(res.At), bold(c.displayName(res.By)), what, out.In(c.Lang), via)
}

// describe says what a record did and to whom, without who or when, in
// the words of the control table ("spotlighted **Alice**"). A record of
// an action this version does not know shows the action's name.
func (c *Call) describe(res result) string {
	ctl, ok := c.reg.controls.of(res.Action)
	if !ok {
		return string(res.Action)
	}
	t := ctl.did
	switch {
	case !strings.Contains(t.En, "%s"):
		return t.In(c.Lang)
	case res.Policy != nil:
		return t.In(c.Lang, c.policyText(*res.Policy, nil))
	case len(res.Targets) == 0 && res.Action == actMuteAllExcept: // nobody to except was in the meeting
		all, _ := c.reg.controls.of(actMuteAll)
		return all.did.In(c.Lang)
	}
	if len(res.Targets) == 0 { // a record older than steps naming the person
		return t.In(c.Lang, msgSomeone.In(c.Lang))
	}
	return t.In(c.Lang, c.names(res.Targets))
}

// clockZone is clock with the zone's label, for a time shown on its own:
// "14:02 UTC+8", "北京时间 14:02".
func (c *Call) clockZone(at time.Time) string {
	if c.Lang == Chinese {
		return c.reg.zone(c.Lang, at) + " " + c.clock(at)
	}
	return c.clock(at) + " " + c.reg.zone(c.Lang, at)
}

// clock renders a record's time in the configured zone: "14:02", with
// the date when it is not today. Alone, it needs the zone said nearby
// (clockZone).
func (c *Call) clock(at time.Time) string {
	at, now := at.In(c.reg.loc), c.reg.now().In(c.reg.loc)
	if at.YearDay() == now.YearDay() && at.Year() == now.Year() {
		return at.Format("15:04")
	}
	return at.Format("01-02 15:04")
}
