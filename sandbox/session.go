package sandbox

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// session is one person typing into one chat with the bot; :as and
// :dm/:group change who and where.
type session struct {
	sb     *sandbox
	out    io.Writer
	st     style
	me     person
	group  bool
	org    int // index into sb.orgs: the organisation you type in
	failed int // messages without a reply, and control lines that failed
	quit   bool
	posted int // the bot's own posts (robot sends) already shown
}

func newSession(sb *sandbox, out io.Writer, st style) *session {
	me, _ := sb.people.byID(sandboxMe)
	return &session{sb: sb, out: out, st: st, me: me, group: true}
}

func (s *session) println(lines ...string) {
	for _, l := range lines {
		fmt.Fprintln(s.out, l)
	}
}

// banner says what is running and who you are; the startup API calls
// (token, stream gateway) are listed once here.
func (s *session) banner(prefix string) {
	s.startup(prefix)
	s.println(prefix + "you are " + s.who() + "; :help lists the sandbox controls, /help the bot's commands")
}

// startup says what runs where, and lists the calls the bot made to start
// (and the suite ticket it was pushed, when it is a third-party app).
func (s *session) startup(prefix string) {
	what := "the real bot"
	if s.sb.thirdParty() {
		what += ", a third-party app installed by two organisations,"
	}
	s.println(prefix + fmt.Sprintf("meetbot sandbox: %s against a DingTalk emulator at %s (ready in %s)",
		what, s.sb.emu.URL(), s.sb.ready.Round(time.Millisecond)))
	for _, c := range s.sb.calls.since(0)[:s.sb.startup] {
		s.println(prefix + s.st.dim("  ↳ "+callLine(c)))
	}
	if s.sb.thirdParty() {
		s.println(prefix + s.st.dim("  ↳ stream EVENT suite_ticket (DingTalk pushes the suite ticket) → acked"))
		s.println(prefix + "organisations: " + orgList(s.sb.orgs) + "; :org switches")
	}
}

// who is "林伟 (weilin) in Ops 周会群" or "Bob (bob) in a 1:1 chat with the
// bot", followed by " at Acme 艾克美" when there are two organisations.
func (s *session) who() string {
	return fmt.Sprintf("%s (%s) in %s", s.me.Name, s.me.ID, s.where()) + s.at()
}

// at is " at <organisation>" when there are two, "" otherwise.
func (s *session) at() string {
	if !s.sb.thirdParty() {
		return ""
	}
	return " at " + s.cur().Name
}

// cur is the organisation you type in.
func (s *session) cur() *sandboxOrg { return s.sb.orgs[s.org] }

// emu is the emulator as the organisation you type in: its directory,
// meetings, chats, replies and cards.
func (s *session) emu() *dingtalktest.Server { return s.cur().emu }

func (s *session) where() string {
	if s.group {
		return sandboxGroup
	}
	return "a 1:1 chat with the bot"
}

// prompt is the interactive prompt: who is typing, where, and in which
// organisation when there are two.
func (s *session) prompt() string {
	org := ""
	if s.sb.thirdParty() {
		org = "[" + s.cur().Short + "] "
	}
	if s.group {
		return org + s.me.Name + " @ " + sandboxGroup + "> "
	}
	return org + s.me.Name + " → meetbot (1:1)> "
}

// handle runs one typed line: a control, or a chat message to the bot.
func (s *session) handle(ctx context.Context, line string) {
	s.showPosted()
	if c, ok := parseControl(line); ok {
		s.control(ctx, c)
		return
	}
	if err := s.send(ctx, line); err != nil {
		s.failed++
	}
}

// showPosted prints what the bot posted on its own since the last line
// (its watcher runs in the background: a meeting that ended, a booked
// meeting that started, a reminder): an empty line shows them.
func (s *session) showPosted() {
	posts := s.robotPosts()
	if len(posts) <= s.posted {
		return
	}
	s.println(s.st.dim("(meanwhile, the bot posted:)"))
	for _, p := range posts[s.posted:] {
		s.printReply(p)
	}
	s.posted = len(posts)
}

// chat is where you type: the group, or your 1:1 chat with the bot.
func (s *session) chat() dingtalktest.Chat {
	if s.group {
		return dingtalktest.Chat{ID: sandboxGroupID, Title: sandboxGroup, Group: true}
	}
	return dingtalktest.Chat{ID: "cidSandboxDM" + s.me.ID}
}

// send pushes line as a chat message and waits until the bot has carried
// it out; then it prints the reply, the API calls the bot made meanwhile
// and the chat's card when the bot delivered or updated it. A line the
// bot answers with a card alone (/meeting panel) has a reply all the same.
func (s *session) send(ctx context.Context, line string) error {
	msg := s.sb.people.mentions(line)
	mark, done := s.sb.calls.mark(), s.sb.handled()
	id := s.emu().Push(dingtalktest.ChatMessage{From: s.me.ID, Chat: s.chat(), Text: msg.Text, Mentions: msg.Mentions})
	wctx, cancel := context.WithTimeout(ctx, s.sb.opts.replyTimeout)
	defer cancel()
	s.sb.waitHandled(wctx, done)
	card := s.sb.calls.cardChanged(mark)
	rctx := wctx
	if card { // the card is an answer: only look for a text reply, do not wait for one
		var stop context.CancelFunc
		rctx, stop = context.WithCancel(wctx)
		stop()
	}
	rep, err := s.emu().WaitReply(rctx, id)
	if err != nil && !card {
		s.println(s.st.warn(fmt.Sprintf("(no reply from the bot within %s)", s.sb.opts.replyTimeout)))
		s.printCalls(mark)
		return errNoReply
	}
	if err == nil {
		s.sb.calls.waitPath(wctx, mark, replyPath(rep.Via))
		s.printReply(rep)
	}
	s.printCalls(mark)
	if card {
		s.drawCard()
	}
	return nil
}

// printReply renders the reply's markdown; lines after the first are
// indented under "meetbot: ".
func (s *session) printReply(rep dingtalktest.Reply) {
	const indent = "         " // len("meetbot: ")
	lines := s.st.markdown(rep.Text, s.nameOf)
	if len(lines) == 0 {
		lines = []string{s.st.dim("(empty " + rep.MsgType + " message)")}
	}
	for i, l := range lines {
		switch {
		case i == 0:
			l = s.st.bot("meetbot") + ": " + l
		case l != "":
			l = indent + l
		}
		s.println(l)
	}
}

func (s *session) printCalls(from int) {
	for _, c := range s.sb.calls.since(from) {
		s.println(s.st.dim("  ↳ " + callLine(c)))
	}
}

// nameOf is a userId's display name, for @userId in replies.
func (s *session) nameOf(userID string) (string, bool) {
	p, ok := s.sb.people.byID(userID)
	return p.Name, ok
}

// meetings returns the emulator's state of every meeting of the
// organisation you type in.
func (s *session) meetings() []dingtalktest.MeetingState { return s.cur().meetings() }

// meetings returns the emulator's state of every meeting of org: the demo
// meetings first, then those started since (e.g. by /meeting start).
func (org *sandboxOrg) meetings() []dingtalktest.MeetingState {
	all := org.emu.Meetings()
	out := make([]dingtalktest.MeetingState, 0, len(all))
	for _, id := range org.seeded {
		if i := slices.IndexFunc(all, func(m dingtalktest.MeetingState) bool { return m.ID == id }); i >= 0 {
			out = append(out, all[i])
		}
	}
	for _, m := range all {
		if !slices.Contains(org.seeded, m.ID) {
			out = append(out, m)
		}
	}
	return out
}

// userOf maps a unionId of the organisation you type in back to a userId.
func (s *session) userOf(unionID string) string {
	for _, p := range s.sb.people.people {
		if u, ok := s.emu().User(p.ID); ok && u.UnionID == unionID {
			return p.ID
		}
	}
	return strings.TrimPrefix(unionID, s.cur().UnionPfx)
}
