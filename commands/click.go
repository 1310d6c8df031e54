package commands

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// This file is the click door of Handle. A click names no text: the card's
// record (card:<outTrackId>) says which chat, meeting and language it
// belongs to, and the button's params which command (a clickable control
// table entry) on whom. From them handleClick builds the Call directly and
// runs it like a typed command, through the same meeting resolution and
// authorization. Its result is never posted to the chat: the card is
// updated for everyone when the meeting changed, and the clicker alone
// sees the result line.

// pressTTL is how long a press of one button by one user is remembered:
// a second identical press within it is a double click and acts once.
const pressTTL = time.Second

// Text for card clicks.
var (
	msgCardUnknown = Text{"This card is no longer active — send /meeting panel for a new one. 此卡片已失效，请发送 /会控 获取新卡片。", ""}
	msgCardButton  = Text{"This button no longer works — send /meeting panel for a new card.", "此按钮已失效，请发送 /会控 获取新卡片。"}
	msgCardStale   = Text{"This card is for %s, but this chat now controls another meeting — send /meeting panel for its card.", "此卡片属于会议%s，但本群已绑定其他会议，请发送 /会控 获取新卡片。"}
	msgCardConfirm = Text{"Press “%s” to end %s for everyone.", "请点击“%s”，为所有人结束%s。"}
	msgCardUpdated = Text{"Updated.", "已刷新。"}
)

// handleClick is the click door: it handles a card button click
// (req.Action).
func (r *Registry) handleClick(ctx context.Context, req Request) Reply {
	a, user := req.Action, clicker(req)
	rec, ok, err := r.cardRecord(ctx, a.OutTrackID)
	switch {
	case err != nil:
		return privateReply(a.OutTrackID, user, Reply{Text: msgGeneric.In(English), Outcome: Failed, Err: err})
	case !ok, req.CorpID != "" && rec.CorpID != req.CorpID:
		// No record, or another organisation's card: a third-party app's
		// click must never act with one organisation's token on another's
		// meeting.
		return privateReply(a.OutTrackID, user, Reply{Text: msgCardUnknown.In(English), Outcome: Rejected})
	}
	def, ok := r.button(a)
	if !ok {
		rep := Reply{Text: msgCardButton.In(rec.Lang), Outcome: Rejected, Lang: rec.Lang, MeetingID: rec.Meeting.ID}
		return privateReply(a.OutTrackID, user, rep)
	}
	if r.pressedTwice(ctx, rec, user, a) {
		zerolog.Ctx(ctx).Info().Str("action", def.ID()).Msg("double click ignored")
		return Reply{Outcome: Ignored, Command: def.ID(), Lang: rec.Lang, MeetingID: rec.Meeting.ID}
	}
	rep := r.runClick(ctx, r.clickCall(req, rec, def), rec)
	rep.Command, rep.Lang, rep.MeetingID = def.ID(), rec.Lang, rec.Meeting.ID
	return rep
}

// button returns the definition of the command a button's "action" param
// names, when its control table entry lets a button trigger it. The param
// is a command id ("spotlight.off"); spaces for its dots also do.
func (r *Registry) button(a *CardAction) (*Definition, bool) {
	def, ok := r.byName[strings.ReplaceAll(a.Params[CardParamAction], ".", " ")]
	return def, ok && r.controls.clickable(def.ID())
}

// clickCall is the Call a click stands for, built from the card's record
// and the button with no text to parse: the button's command, sent by the
// clicker in the card's chat, in the card's language, naming the member of
// the button's row (its "unionId" param). Parsed.Word is how the command
// is typed in that language, for the replies that quote it.
func (r *Registry) clickCall(req Request, rec cardRecord, def *Definition) *Call {
	word := def.phrase(rec.Lang)
	lang := English
	if hasHan(word) {
		lang = Chinese
	}
	card := Request{MsgID: req.MsgID, CorpID: rec.CorpID, ChatID: rec.ChatID, ChatKind: rec.ChatKind,
		Sender: req.Sender, Action: req.Action, Received: req.Received}
	if u := req.Action.Params[CardParamUnionID]; u != "" {
		card.Mentions = []Person{{UnionID: u}}
	}
	p := Parsed{Command: def.Name, Word: word, Lang: lang}
	return &Call{Request: card, Parsed: p, Lang: lang, def: def, reg: r}
}

// runClick checks that the card is current, runs the command and builds
// the card update.
func (r *Registry) runClick(ctx context.Context, c *Call, rec cardRecord) Reply {
	user, effect := clicker(c.Request), r.controls.effect(c.def.ID())
	m, err := r.conf.Info(ctx, rec.Meeting.ID)
	switch {
	case errors.Is(err, ErrMeetingGone) || (err == nil && m.Ended):
		return r.endedClick(ctx, c, rec)
	case err != nil:
		return privateReply(rec.OutTrackID, user, failure(ctx, c.Lang, err))
	}
	b, ok, err := r.bound(ctx, c.Request)
	switch {
	case err != nil:
		return privateReply(rec.OutTrackID, user, failure(ctx, c.Lang, err))
	case !ok || b.MeetingID != rec.Meeting.ID:
		return privateReply(rec.OutTrackID, user, failure(ctx, c.Lang, c.reject(msgCardStale, meetingName(c.Lang, rec.Meeting.Title))))
	case effect == cardEnd && c.Request.Action.Params[CardParamConfirm] != "true":
		return r.confirmEnd(ctx, c, b, rec)
	}
	rep := r.run(ctx, c)
	if rep.Outcome != OK {
		return privateReply(rec.OutTrackID, user, rep)
	}
	rec.Meeting = freshMeeting(rec.Meeting, m)
	rec.Meeting.Ended = effect == cardEnd
	card, err := r.cardUpdate(ctx, rec, effect == cardDeliver)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("commands: card state after a click")
		card = &Card{OutTrackID: rec.OutTrackID}
	}
	rep.Text = firstNonEmpty(rep.Text, msgCardUpdated.In(c.Lang))
	card.Private = privateLine(user, rep.Text, false)
	rep.Text, rep.Card = "", card
	rep.Others = r.otherCards(ctx, rec.CorpID, rec.Meeting.ID, rec.OutTrackID, rec.Meeting.Ended)
	return rep
}

// endedClick answers a click on the card of a meeting that is over: the
// card says so for everyone, the chat is unbound from it, and no control
// call is made.
func (r *Registry) endedClick(ctx context.Context, c *Call, rec cardRecord) Reply {
	rep := failure(ctx, c.Lang, c.ended(ctx, binding{MeetingID: rec.Meeting.ID, Title: rec.Meeting.Title}))
	rec.Meeting.Ended = true
	card := &Card{OutTrackID: rec.OutTrackID, Params: CardParams(CardView{Meeting: rec.Meeting, Ended: true, Lang: rec.Lang})}
	card.Private = privateLine(clicker(c.Request), rep.Text, false)
	rep.Text, rep.Card = "", card
	rep.Others = r.otherCards(ctx, rec.CorpID, rec.Meeting.ID, rec.OutTrackID, true)
	return rep
}

// confirmEnd answers the first press of End meeting: only the host (or an
// admin) is asked to press again, on the confirm button that appears for
// them alone.
func (r *Registry) confirmEnd(ctx context.Context, c *Call, b binding, rec cardRecord) Reply {
	sender, err := c.sender(ctx)
	if err == nil {
		_, err = c.closer(ctx, b, sender)
	}
	if err != nil {
		return privateReply(rec.OutTrackID, clicker(c.Request), failure(ctx, c.Lang, err))
	}
	line := msgCardConfirm.In(c.Lang, cardLabelConfirm.In(c.Lang), meetingName(c.Lang, rec.Meeting.Title))
	return Reply{Outcome: OK, Card: &Card{OutTrackID: rec.OutTrackID, Private: privateLine(clicker(c.Request), line, true)}}
}

// pressedTwice reports whether this press is a double click: the same user
// pressed the same button of this card within pressTTL, with no other
// button pressed in between (a deliberate second press after another
// action runs). When the store fails the press goes through: DingTalk
// already deduplicates its frames, so only a true double click could
// repeat.
func (r *Registry) pressedTwice(ctx context.Context, rec cardRecord, user string, a *CardAction) bool {
	button := strings.Join([]string{a.Params[CardParamAction], a.Params[CardParamUnionID], a.Params[CardParamConfirm]}, ":")
	last := "press:" + rec.OutTrackID + ":" + user // the user's latest button on this card
	fresh, err := r.st.kv.SetNX(ctx, last+":"+button, []byte{1}, pressTTL)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("commands: double-click check skipped")
		return false
	}
	prev, _, _ := r.st.kv.Get(ctx, last)
	_ = r.st.kv.Set(ctx, last, []byte(button), pressTTL) // a failure only forgets the order
	return !fresh && string(prev) == button
}

// privateReply turns rep into a reply that only tells the clicker: the
// card's public state is left as it is.
func privateReply(outTrackID, user string, rep Reply) Reply {
	rep.Card = &Card{OutTrackID: outTrackID, Private: privateLine(user, rep.Text, false)}
	rep.Text = ""
	return rep
}

// privateLine is the clicker's private variables: the result line, and
// whether to show the confirm-end button.
func privateLine(user, text string, confirmEnd bool) map[string]map[string]string {
	end := "false"
	if confirmEnd {
		end = "true"
	}
	return map[string]map[string]string{user: {CardPrivateResult: plainText(text), CardPrivateEnd: end}}
}

// clicker is the id the click carried: a userId, or a unionId for cards
// delivered with userIdType 2.
func clicker(req Request) string { return firstNonEmpty(req.Sender.UserID, req.Sender.UnionID) }

// freshMeeting is the recorded meeting with what DingTalk says now.
func freshMeeting(rec, now Meeting) Meeting {
	now.ID = rec.ID
	now.Title = firstNonEmpty(now.Title, rec.Title)
	now.RoomCode = firstNonEmpty(now.RoomCode, rec.RoomCode)
	now.JoinURL = firstNonEmpty(now.JoinURL, rec.JoinURL)
	now.HostName = firstNonEmpty(now.HostName, rec.HostName)
	now.HostUnionID = firstNonEmpty(now.HostUnionID, rec.HostUnionID)
	return now
}

// phrase is how the command is typed in lang: its name, or its first
// Chinese alias. A click's Call quotes it as the command word.
func (d *Definition) phrase(lang Lang) string {
	if lang == Chinese {
		for _, a := range d.Aliases {
			if hasHan(a) {
				return a
			}
		}
	}
	return d.Name
}
