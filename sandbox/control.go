package sandbox

import (
	"context"
	"strings"
)

// This file carries out the sandbox's own ":" controls. They never reach
// the bot, except :press, which clicks a button of the chat's card.

// controlHelp is the :help text, one control a line.
var controlHelp = []string{
	"Type a message as you would in DingTalk: /help, /spotlight @Alice, /全员看他 @张三, /cohost add @Bob @Carol …",
	"@Name (or ＠Name) becomes a real mention; Tab completes names after @, commands and controls.",
	"Sandbox controls:",
	"  :as <name>   type as someone else (:people lists everyone; :as me goes back)",
	"  :dm          talk to the bot in a 1:1 chat",
	"  :group       back to the group chat " + sandboxGroup,
	"  :meeting     the meetings as DingTalk (the emulator) holds them; :meeting both shows both organisations",
	"  :card        the chat's meeting control card (/meeting panel asks the bot for it)",
	"  :press N     press button [N] of the card, as you",
	"  :end         end your meeting as if from the DingTalk client: the bot notices (its watcher runs at once)",
	"               and posts the closing summary, then the recording link and AI notes if there were any",
	"  :people      the demo organisation",
	"  :org         two organisations, one third-party app: switch to the other (:org A, :org B); the first :org",
	"               restarts the sandbox that way. :org revoke / :org authorize: as the organisation's admin",
	"  :log         the last lines of the bot's own log",
	"  :quit        leave (Ctrl-D works too)",
}

// control runs one sandbox control; a failed one counts in s.failed.
func (s *session) control(ctx context.Context, c control) {
	switch c.Name {
	case "help", "h", "?":
		s.println(controlHelp...)
	case "as":
		s.as(c.Arg)
	case "dm", "group":
		s.group = c.Name == "group"
		s.println("now " + s.who())
		s.drawCard()
	case "meeting", "meetings", "m":
		s.meetingControl(c.Arg)
	case "org", "orgs", "o":
		s.orgControl(ctx, c.Arg)
	case "people", "p":
		s.println(peopleView(s.sb.people.people, s.me.ID, roles(s.meetings(), s.userOf), s.st)...)
	case "log":
		s.showLog()
	case "quit", "q", "exit":
		s.quit = true
	case "card", "c":
		s.showCard()
	case "press":
		s.press(ctx, c.Arg)
	case "end":
		s.end(ctx)
	default:
		s.fail("unknown control :" + c.Name + " — :help lists them")
	}
}

// as switches who is typing.
func (s *session) as(name string) {
	if name == "" {
		s.println("you are " + s.who())
		return
	}
	if strings.EqualFold(name, "me") {
		name = sandboxMe
	}
	p, ok := s.sb.people.find(name)
	if !ok {
		s.fail("nobody called " + name + " — :people lists everyone")
		return
	}
	s.me = p
	s.println("you are now " + s.who())
	s.drawCard() // the card as the new you sees it (private lines differ)
}

// meetingControl is ":meeting" (the meetings of the organisation you type
// in) and ":meeting both" (both organisations', side by side).
func (s *session) meetingControl(arg string) {
	switch strings.ToLower(arg) {
	case "":
		s.showMeetings()
	case "both", "all":
		s.showBothOrgs()
	default:
		s.fail(":meeting takes nothing, or both")
	}
}

func (s *session) showMeetings() {
	if s.sb.thirdParty() {
		s.println(s.st.bold(s.cur().label()))
	}
	for i, m := range s.meetings() {
		if i > 0 {
			s.println("")
		}
		s.println(meetingView(m, s.st)...)
	}
}

// showLog prints the end of the bot's log (LOG_LEVEL sets how much it holds).
func (s *session) showLog() {
	tail := s.sb.logTail(20)
	if tail == "" {
		s.println("(the bot's log is empty so far; LOG_LEVEL=debug makes it say more)")
		return
	}
	for _, l := range strings.Split(tail, "\n") {
		s.println(s.st.dim(l))
	}
}

func (s *session) fail(msg string) {
	s.failed++
	s.println(s.st.warn(msg))
}
