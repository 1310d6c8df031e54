package sandbox

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// This file renders the emulator's own state for :meeting and :people: what
// DingTalk really holds, as opposed to what the bot says.

var meetingStatus = map[int]string{0: "not started", 1: "ended", 2: "live"}

// meetingView shows one meeting: title, room code, host, spotlight,
// co-hosts, members (microphone on or off; those who left, removed or
// being called are marked), mute-all, the lock and the settings.
func meetingView(m dingtalktest.MeetingState, st style) []string {
	nick := func(union string) string {
		for _, mb := range m.Members {
			if mb.UnionID == union {
				return mb.Nick
			}
		}
		return union
	}
	var host, members, cohosts []string
	for _, mb := range m.Members {
		label := mb.Nick
		switch {
		case mb.Host:
			host = append(host, mb.Nick)
			label += " (host)"
		case mb.CoHost:
			cohosts = append(cohosts, mb.Nick)
			label += " (co-host)"
		}
		switch {
		case mb.Present && mb.Mic == dingtalktest.MediaOn:
			label += " (mic on)"
		case mb.Present:
			label += " (muted)"
		case mb.AttendStatus == 2:
			label += " (being called)"
		case mb.AttendStatus == 4:
			label += " (declined)"
		case mb.AttendStatus == 5 && mb.Banned:
			label += " (removed, banned)"
		case mb.AttendStatus == 5:
			label += " (removed)"
		default:
			label += " (left)"
		}
		members = append(members, label)
	}
	if len(host) == 0 {
		host = []string{nick(m.HostUnionID)}
	}
	spot := "nobody"
	if m.Focus != "" {
		spot = nick(m.Focus)
	}
	return []string{
		st.bold(m.Title) + " — room " + m.RoomCode + ", " + meetingStatus[m.Status],
		"  host:      " + strings.Join(host, ", "),
		"  spotlight: " + spot,
		"  co-hosts:  " + orNone(cohosts),
		fmt.Sprintf("  members:   %s (%d)", strings.Join(members, ", "), len(members)),
		"  muted:     " + onOff(m.MutedAll, "everyone (mute-all on)", "no (mute-all off)"),
		"  lock:      " + onOff(m.Locked, "locked: nobody else can join", "not locked"),
		"  settings:  self-unmute " + onOff(m.AllowUnmuteSelf, "on", "off") +
			", screen sharing " + onOff(!m.ForbiddenShareScreen, "on", "off") +
			", internal only " + onOff(m.OnlyInternalEmployeesJoin, "on", "off"),
	}
}

// peopleView lists the directory with each person's userId and role in the
// meetings; roles maps userId to phrases like "host of X".
func peopleView(people []person, me string, roles map[string][]string, st style) []string {
	width := 0
	for _, p := range people {
		width = max(width, runewidth.StringWidth(p.Name))
	}
	lines := make([]string, 0, len(people))
	for _, p := range people {
		notes := roles[p.ID]
		if p.External {
			notes = append([]string{"external (outside the organisation)"}, notes...)
		}
		if p.ID == me {
			notes = append([]string{"you"}, notes...)
		}
		name := runewidth.FillRight(p.Name, width)
		line := fmt.Sprintf("  %s  %-9s %s", st.bold(name), p.ID, strings.Join(notes, " · "))
		if len(p.Aliases) > 0 {
			line += st.dim("  (also " + strings.Join(p.Aliases, ", ") + ")")
		}
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// roles says, for each userId, which meetings they host, co-host or attend.
func roles(ms []dingtalktest.MeetingState, userOf func(unionID string) string) map[string][]string {
	out := map[string][]string{}
	for _, m := range ms {
		if m.Status == 1 {
			continue
		}
		for _, mb := range m.Members {
			role := "in "
			switch {
			case mb.Host:
				role = "host of "
			case mb.CoHost:
				role = "co-host of "
			}
			id := userOf(mb.UnionID)
			out[id] = append(out[id], role+m.Title)
		}
	}
	return out
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

func onOff(b bool, on, off string) string {
	if b {
		return on
	}
	return off
}

// sideBySide lays two columns of plain lines next to each other, each
// wrapped to width terminal cells, separated by " │ ".
func sideBySide(left, right []string, width int) []string {
	l, r := wrapAll(left, width), wrapAll(right, width)
	rows := make([]string, max(len(l), len(r)))
	for i := range rows {
		var a, b string
		if i < len(l) {
			a = l[i]
		}
		if i < len(r) {
			b = r[i]
		}
		rows[i] = strings.TrimRight(runewidth.FillRight(a, width)+" │ "+b, " ")
	}
	return rows
}

func wrapAll(lines []string, width int) []string {
	var out []string
	for _, l := range lines {
		out = append(out, wrapLine(l, width)...)
	}
	return out
}

// labelled matches the label of a meetingView line ("  members:   "), the
// indent of its wrapped continuation lines.
var labelled = regexp.MustCompile(`^\s*[^\s:]+:\s+`)

// wrapLine breaks l at spaces into lines at most width cells wide (a
// longer word stays whole); continuation lines are indented under the
// value of a "label: value" line, by two more spaces otherwise.
func wrapLine(l string, width int) []string {
	if runewidth.StringWidth(l) <= width {
		return []string{l}
	}
	indent := labelled.FindString(l)
	pad := strings.Repeat(" ", runewidth.StringWidth(indent))
	if indent == "" {
		indent = l[:len(l)-len(strings.TrimLeft(l, " "))]
		pad = indent + "  "
	}
	var out []string
	line, empty := indent, true
	for _, w := range strings.Fields(l[len(indent):]) {
		if !empty && runewidth.StringWidth(line)+1+runewidth.StringWidth(w) > width {
			out = append(out, line)
			line, empty = pad, true
		}
		if !empty {
			line += " "
		}
		line, empty = line+w, false
	}
	return append(out, line)
}
