package sandbox

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/meetbot/meetbot/commands"
	"github.com/meetbot/meetbot/commands/cardtemplate"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// This file shows the chat's meeting control card as DingTalk would: the
// card the emulator holds, drawn with the shipped template as the person
// typing sees it (their private data: the result line, the confirm-end
// button), its buttons numbered for :press N.

// cardTemplate is the shipped template the sandbox draws cards with.
var cardTemplate = cardtemplate.MeetingControl()

// chatCard is the card in the chat you type in: the last one delivered to
// the group (openSpaceId IM_GROUP.<conversationId>) or, in the 1:1 chat,
// to your chat with the robot (IM_ROBOT.<userId>).
func (s *session) chatCard() (dingtalktest.CardInstance, bool) {
	space := "IM_ROBOT." + s.me.ID
	if s.group {
		space = "IM_GROUP." + sandboxGroupID
	}
	cards := s.emu().Cards()
	for i := len(cards) - 1; i >= 0; i-- {
		if inSpace(cards[i].OpenSpaceID, space) {
			return cards[i], true
		}
	}
	return dingtalktest.CardInstance{}, false
}

// inSpace reports whether openSpaceID ("dtv1.card//IM_GROUP.cid…;
// IM_ROBOT.user") names space.
func inSpace(openSpaceID, space string) bool {
	rest, ok := strings.CutPrefix(openSpaceID, "dtv1.card//")
	if !ok {
		return false
	}
	for _, part := range strings.Split(rest, ";") {
		if strings.EqualFold(part, space) {
			return true
		}
	}
	return false
}

// cardView renders card as the person typing sees it.
func (s *session) cardView(card dingtalktest.CardInstance) cardtemplate.View {
	return cardTemplate.Render(card.Params, card.PrivateData[s.me.ID])
}

// drawCard prints the chat's card, if it has one; it reports whether it did.
func (s *session) drawCard() bool {
	card, ok := s.chatCard()
	if ok {
		s.println(cardBox(s.cardView(card), "card, as "+s.me.Name+" sees it", s.st)...)
	}
	return ok
}

// showCard is :card.
func (s *session) showCard() {
	if !s.drawCard() {
		s.println("(no card in " + s.where() + s.at() + " yet — /meeting panel asks the bot for one)")
	}
}

// press is ":press N": a click on button N of the chat's card, as the
// person typing. It waits until the bot has handled the click, then prints
// the clicker's private result line and the card again.
func (s *session) press(ctx context.Context, arg string) {
	card, ok := s.chatCard()
	if !ok {
		s.fail("no card in " + s.where() + " to press — /meeting panel asks the bot for one")
		return
	}
	view := s.cardView(card)
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil || n < 1 || n > len(view.Buttons) {
		s.fail(pressUsage(len(view.Buttons)))
		return
	}
	b := view.Buttons[n-1]
	s.println(s.st.dim(fmt.Sprintf("(%s presses %s)", s.me.Name, buttonName(view, n))))
	mark, done := s.sb.calls.mark(), s.sb.handled()
	s.emu().PushCardClick(dingtalktest.CardClick{UserID: s.me.ID, OutTrackID: card.OutTrackID, ChatID: s.chat().ID,
		Group: s.group, ActionID: b.ID, Params: b.Params})
	wctx, cancel := context.WithTimeout(ctx, s.sb.opts.replyTimeout)
	defer cancel()
	if !s.sb.waitHandled(wctx, done) {
		s.fail(fmt.Sprintf("(the bot did not handle the press within %s)", s.sb.opts.replyTimeout))
		s.printCalls(mark)
		return
	}
	s.pressed(card, mark)
}

// pressed prints what a handled press did: the clicker's result line, the
// calls and the card; or that the bot ignored a repeated press.
func (s *session) pressed(before dingtalktest.CardInstance, mark int) {
	after, _ := s.emu().Card(before.OutTrackID)
	if !s.sb.calls.cardChanged(mark) {
		s.println(s.st.dim("(no card update: the same press twice within a second acts once)"))
		s.printCalls(mark)
		return
	}
	if line := after.PrivateData[s.me.ID][commands.CardPrivateResult]; line != "" {
		s.println(s.st.bot("meetbot") + " (only you): " + line)
	}
	s.printCalls(mark)
	s.drawCard()
}

func pressUsage(buttons int) string {
	if buttons == 0 {
		return "the card shows you no buttons"
	}
	return fmt.Sprintf(":press takes the number of a button on the card, 1 to %d", buttons)
}

// buttonName is button n as "“Spotlight” for Alice": its label, and the
// member of its row when it has one.
func buttonName(view cardtemplate.View, n int) string {
	name := "“" + view.Buttons[n-1].Label + "”"
	tag := "[" + strconv.Itoa(n) + "] "
	for _, l := range view.Lines {
		if !strings.HasPrefix(l, tag) && !strings.Contains(l, "  "+tag) {
			continue
		}
		if row, _, _ := strings.Cut(l, "  ["); !strings.HasPrefix(l, "[") {
			name += " for " + row
		}
		break
	}
	return name
}

// cardDivider is the line the template renderer draws for a divider.
const cardDivider = "────────"

var cardButton = regexp.MustCompile(`\[\d+\]`)

// cardBox draws a card view in a box headed by title; dividers span the
// box, "[N]" button numbers are highlighted.
func cardBox(view cardtemplate.View, title string, st style) []string {
	width := runewidth.StringWidth(title) + 2
	for _, l := range view.Lines {
		width = max(width, runewidth.StringWidth(l))
	}
	out := []string{"┌─ " + title + " " + strings.Repeat("─", width-runewidth.StringWidth(title)-1) + "┐"}
	for i, l := range view.Lines {
		if l == cardDivider {
			out = append(out, "├"+strings.Repeat("─", width+2)+"┤")
			continue
		}
		text := cardButton.ReplaceAllStringFunc(l, st.button)
		if i == 0 {
			text = st.bold(text)
		}
		out = append(out, "│ "+text+strings.Repeat(" ", width-runewidth.StringWidth(l))+" │")
	}
	return append(out, "└"+strings.Repeat("─", width+2)+"┘")
}
