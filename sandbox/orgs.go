package sandbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// This file is the two-organisation sandbox: meetbot as a third-party app
// that two organisations installed (DINGTALK_APP_TYPE=third_party, or the
// first :org), and the :org control, which switches the organisation you
// type in and lets its admin revoke or (re)authorise the app.

// sandboxOrg is one organisation of the sandbox's emulator.
type sandboxOrg struct {
	orgSpec                      // Letter, Name … are empty in the single-organisation sandbox
	emu     *dingtalktest.Server // the emulator as this organisation
	seeded  []string             // conferenceIds of its demo meetings, listed first by :meeting
	revoked bool                 // its admin withdrew the app's authorisation (:org revoke)
}

// thirdParty reports whether the bot runs as a third-party app installed
// by the two demo organisations.
func (sb *sandbox) thirdParty() bool { return sb.emu.Options().ThirdParty }

// orgList is "A · Demo Tech 示例科技 (dingdemotech), B · Acme 艾克美 (dingacme)".
func orgList(orgs []*sandboxOrg) string {
	names := make([]string, len(orgs))
	for i, org := range orgs {
		names[i] = org.label()
	}
	return strings.Join(names, ", ")
}

// label is "B · Acme 艾克美 (dingacme)".
func (org *sandboxOrg) label() string {
	return org.Letter + " · " + org.Name + " (" + org.CorpID + ")"
}

// findOrg finds the organisation arg names, ignoring case: its letter,
// its corpId, or the start of its name or of a word of its name.
func findOrg(orgs []*sandboxOrg, arg string) (int, bool) {
	arg = strings.ToLower(strings.TrimSpace(arg))
	for i, org := range orgs {
		if arg != "" && (strings.ToLower(org.Letter) == arg || strings.ToLower(org.CorpID) == arg) {
			return i, true
		}
	}
	for i, org := range orgs {
		name := strings.ToLower(org.Name)
		for _, w := range append([]string{name}, strings.Fields(name)...) {
			if arg != "" && strings.HasPrefix(w, arg) {
				return i, true
			}
		}
	}
	return 0, false
}

// orgControl is ":org" (switch to the other organisation), ":org A|B|name",
// ":org revoke" and ":org authorize". In the single-organisation sandbox it
// first restarts the sandbox with two.
func (s *session) orgControl(ctx context.Context, arg string) {
	if !s.sb.thirdParty() && !s.becomeThirdParty(ctx) {
		return
	}
	switch strings.ToLower(arg) {
	case "":
		s.switchOrg((s.org + 1) % len(s.sb.orgs))
	case "revoke":
		s.revoke()
	case "authorize", "authorise":
		s.authorize()
	default:
		i, ok := findOrg(s.sb.orgs, arg)
		if !ok {
			s.fail("no organisation called " + arg + " — there are " + orgList(s.sb.orgs))
			return
		}
		s.switchOrg(i)
	}
}

// becomeThirdParty restarts the sandbox as a third-party app installed by
// two organisations, with you in the first. Everything starts afresh (a new
// emulator, a new store): an internal app does not become a third-party
// app in place on DingTalk either.
func (s *session) becomeThirdParty(ctx context.Context) bool {
	s.println(s.st.dim("(restarting the sandbox: meetbot becomes a third-party app that two organisations " +
		"installed; the meetings start afresh)"))
	if err := s.sb.restart(ctx, config.AppThirdParty); err != nil {
		s.fail("the sandbox could not restart, and carries on as it was: " + err.Error())
		return false
	}
	s.org = 0
	s.startup("")
	return true
}

// restart starts a new sandbox of appType and, once it is up, closes the
// old one and takes its place; when the new one fails, the old one stays.
func (sb *sandbox) restart(ctx context.Context, appType string) error {
	cfg := sb.cfg
	cfg.AppType = appType
	began := time.Now()
	next, err := startSandbox(ctx, cfg, sb.opts)
	if err != nil {
		return err
	}
	next.ready = time.Since(began)
	old := *sb
	*sb = *next
	old.close()
	return nil
}

// switchOrg makes you type in organisation i: same person, same chat, the
// other organisation's copy of them.
func (s *session) switchOrg(i int) {
	s.org = i
	s.println("you are now " + s.who() + " (corpId " + s.cur().CorpID + ")")
	if s.cur().revoked {
		s.println(s.st.dim("(" + s.cur().Name + " has revoked meetbot: :org authorize authorises it again)"))
	}
	s.drawCard()
}

// revoke is ":org revoke": the organisation's admin withdraws the app's
// authorisation.
func (s *session) revoke() {
	org := s.cur()
	org.emu.Revoke()
	org.revoked = true
	s.println(fmt.Sprintf("(%s's admin revokes meetbot: its token stops working now and DingTalk gives it "+
		"no new one until :org authorize; try /spotlight @Alice)", org.Name))
}

// authorize is ":org authorize". The bot answers a refused organisation
// from memory for a minute (dingtalk.deniedFor), which the note says.
func (s *session) authorize() {
	org := s.cur()
	org.emu.Authorize()
	org.revoked = false
	s.println(fmt.Sprintf("(%s's admin authorises meetbot again. If DingTalk refused meetbot a token meanwhile, "+
		"meetbot keeps answering from memory for up to a minute — no retry storm — and then works here again)",
		org.Name))
}

// showBothOrgs is ":meeting both": each organisation's meetings in a
// column of its own.
func (s *session) showBothOrgs() {
	if !s.sb.thirdParty() {
		s.fail("there is one organisation — :org adds a second")
		return
	}
	s.println(sideBySide(orgColumn(s.sb.orgs[0]), orgColumn(s.sb.orgs[1]), orgColumnWidth)...)
}

// orgColumnWidth is the width of each column of ":meeting both", in
// terminal cells: two fit in a 100-column terminal.
const orgColumnWidth = 46

// orgColumn is an organisation's meetings under its name, without colours
// (the columns are padded by their width).
func orgColumn(org *sandboxOrg) []string {
	head := org.Letter + " · " + org.Name
	if org.revoked {
		head += " (revoked meetbot)"
	}
	lines := []string{head, strings.Repeat("─", orgColumnWidth)}
	for i, m := range org.meetings() {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, meetingView(m, style{})...)
	}
	return lines
}
