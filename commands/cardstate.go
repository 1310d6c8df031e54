package commands

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/rs/zerolog"
)

// This file keeps track of delivered control cards and attaches the card
// to the replies of typed commands.

// cardRecord is a delivered control card, stored at card:<outTrackId>, so
// that a click, which carries only the outTrackId and the clicker, finds
// its chat, meeting and language. chatcard:<corp>:<chat> holds the
// outTrackId of the chat's newest card.
type cardRecord struct {
	OutTrackID string   `json:"outTrackId"`
	CorpID     string   `json:"corpId"`
	ChatID     string   `json:"chatId"`
	ChatKind   ChatKind `json:"chatKind"`
	Meeting    Meeting  `json:"meeting"` // title, room code, join link and host, as delivered
	Lang       Lang     `json:"lang"`
}

// cardTTL is how long a card's record is kept: clicks on older cards are
// answered "this card is no longer active".
const cardTTL = 30 * 24 * time.Hour

func cardKey(outTrackID string) string     { return "card:" + outTrackID }
func chatCardKey(corp, chat string) string { return "chatcard:" + corp + ":" + chat }

// cardID is the outTrackId of the control card of a meeting in a chat:
// stable, so that every update lands on the card already in the chat, and
// opaque, since it travels through DingTalk.
func cardID(corp, chat, meetingID string) string {
	sum := sha256.Sum256([]byte(corp + "\x00" + chat + "\x00" + meetingID))
	return "meetbot-" + hex.EncodeToString(sum[:16])
}

// cardRecord returns the record of a delivered card.
func (r *Registry) cardRecord(ctx context.Context, outTrackID string) (cardRecord, bool, error) {
	var rec cardRecord
	ok, err := r.st.getJSON(ctx, cardKey(outTrackID), &rec)
	if err != nil {
		return cardRecord{}, false, fmt.Errorf("card record: %w", err)
	}
	return rec, ok && rec.Meeting.ID != "", nil
}

// saveCard records a card, makes it the chat's card and lists it among its
// meeting's cards.
func (r *Registry) saveCard(ctx context.Context, rec cardRecord) error {
	if err := r.st.setJSON(ctx, cardKey(rec.OutTrackID), rec, cardTTL); err != nil {
		return fmt.Errorf("save card: %w", err)
	}
	if err := r.st.setJSON(ctx, chatCardKey(rec.CorpID, rec.ChatID), rec.OutTrackID, cardTTL); err != nil {
		return fmt.Errorf("save chat card: %w", err)
	}
	err := r.st.kv.Push(ctx, meetingCardsKey(rec.CorpID, rec.Meeting.ID), []byte(rec.OutTrackID), maxMeetingCards, cardTTL)
	if err != nil {
		return fmt.Errorf("list the meeting's card: %w", err)
	}
	return nil
}

// maxMeetingCards is how many chats' cards of one meeting are kept up to
// date: each costs one card update per action.
const maxMeetingCards = 10

// meetingCardsKey lists the cards delivered for a meeting, in any chat.
func meetingCardsKey(corp, meetingID string) string { return "meetcards:" + corp + ":" + meetingID }

// otherCards are the updates of the meeting's cards in other chats than
// the one of card except, after an action: the cards of chats still bound
// to the meeting, or every card of it once it has ended. A card that
// cannot be read or built is left as it is.
func (r *Registry) otherCards(ctx context.Context, corp, meetingID, except string, ended bool) []*Card {
	if meetingID == "" {
		return nil
	}
	ids, err := r.st.kv.Last(ctx, meetingCardsKey(corp, meetingID), maxMeetingCards)
	if err != nil {
		return nil
	}
	var out []*Card
	seen := map[string]bool{except: true}
	for _, b := range ids {
		id := string(b)
		if seen[id] {
			continue
		}
		seen[id] = true
		if card := r.otherCard(ctx, corp, meetingID, id, ended); card != nil {
			out = append(out, card)
		}
	}
	return out
}

// otherCard is the update of card id of the meeting (see otherCards), or nil.
func (r *Registry) otherCard(ctx context.Context, corp, meetingID, id string, ended bool) *Card {
	rec, ok, err := r.cardRecord(ctx, id)
	if err != nil || !ok || rec.CorpID != corp || rec.Meeting.ID != meetingID {
		return nil
	}
	if ended {
		rec.Meeting.Ended = true
		return &Card{OutTrackID: id, Params: CardParams(CardView{Meeting: rec.Meeting, Ended: true, Lang: rec.Lang})}
	}
	var b binding
	if ok, err := r.st.getJSON(ctx, bindKey(corp, rec.ChatID), &b); err != nil || !ok || b.MeetingID != meetingID {
		return nil // that chat controls another meeting now: its card was retired
	}
	card, err := r.cardUpdate(ctx, rec, false)
	if err != nil {
		return nil
	}
	return card
}

// cardView gathers what the card of meeting m shows: its members (cached,
// or fetched when force), the spotlight and the mute records.
func (r *Registry) cardView(ctx context.Context, corp string, m Meeting, lang Lang, force bool) (CardView, error) {
	v := CardView{Meeting: m, Lang: lang, Ended: m.Ended}
	if m.Ended {
		return v, nil
	}
	list, _, err := r.st.memberList(ctx, corp, m.ID, force)
	if err != nil {
		return CardView{}, err
	}
	v.Members = list
	if rec, ok := r.focused(ctx, corp, m.ID); ok {
		v.Spotlight = rec.Person
	}
	v.Muted = r.mutedAll(ctx, corp, m.ID)
	st := r.meetState(ctx, corp, m.ID)
	v.MutedPeople, v.Classroom = st.Muted, st.Classroom != nil
	v.Locked = st.Locked != nil && *st.Locked
	v.Recording = st.Recording != nil && *st.Recording
	return v, nil
}

// cardUpdate is the in-place update of card rec with the current state.
func (r *Registry) cardUpdate(ctx context.Context, rec cardRecord, force bool) (*Card, error) {
	v, err := r.cardView(ctx, rec.CorpID, rec.Meeting, rec.Lang, force)
	if err != nil {
		return nil, err
	}
	return &Card{OutTrackID: rec.OutTrackID, Params: CardParams(v)}, nil
}

// withCard attaches the control card to the reply of a typed command, as
// the command's control table entry says: it is delivered after /meeting
// start, use and panel, and updated in place after a command that changed
// the meeting the card shows. A card that cannot be built is logged and
// left out: the text reply already says what happened.
func (r *Registry) withCard(ctx context.Context, c *Call, rep Reply) Reply {
	if !r.cards || rep.Outcome != OK {
		return rep
	}
	var err error
	switch effect := r.controls.effect(c.def.ID()); {
	case effect == cardDeliver && r.boundToRequestMeeting(ctx, c.Request):
		rep.Replaced = r.replacedCard(ctx, c.Request)
		rep.Card, err = r.deliverCard(ctx, c)
	case effect == cardEnd:
		ended := firstNonEmpty(rep.MeetingID, requestMeeting(ctx))
		rep.Card, err = r.chatCard(ctx, c.Request, ended)
		rep.Others = r.otherCards(ctx, c.Request.CorpID, ended, rep.Card.trackID(), true)
	case effect == cardUpdate:
		rep.Card, err = r.chatCard(ctx, c.Request, "")
		rep.Others = r.otherCards(ctx, c.Request.CorpID, requestMeeting(ctx), rep.Card.trackID(), false)
	}
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("commands: control card left out")
	}
	return rep
}

// deliverCard builds the card of the chat's bound meeting and records it.
func (r *Registry) deliverCard(ctx context.Context, c *Call) (*Card, error) {
	req := c.Request
	b, ok, err := r.bound(ctx, req)
	if err != nil || !ok {
		return nil, err
	}
	m, err := r.conf.Info(ctx, b.MeetingID)
	if err != nil {
		return nil, fmt.Errorf("card for %s: %w", b.MeetingID, err)
	}
	m.ID, m.Title, m.RoomCode = b.MeetingID, firstNonEmpty(m.Title, b.Title), firstNonEmpty(m.RoomCode, b.RoomCode)
	rec := cardRecord{OutTrackID: cardID(req.CorpID, req.ChatID, m.ID), CorpID: req.CorpID, ChatID: req.ChatID,
		ChatKind: req.ChatKind, Meeting: m, Lang: c.Lang}
	v, err := r.cardView(ctx, rec.CorpID, rec.Meeting, rec.Lang, false)
	if err != nil {
		return nil, err
	}
	if err := r.saveCard(ctx, rec); err != nil {
		return nil, err
	}
	return &Card{OutTrackID: rec.OutTrackID, Params: CardParams(v), Deliver: true,
		Fallback: msgCardFallback.In(c.Lang) + "\n\n" + PanelText(v)}, nil
}

// msgCardFallback heads the text panel sent when the card could not be
// delivered.
var msgCardFallback = Text{"I couldn't post the control card (DingTalk refused it, or the card template is not set up for this app), so here are its controls as commands:",
	"会控卡片未能发出（钉钉拒绝，或卡片模板未为本应用配置），以下是可直接发送的命令："}

// chatCard is the update of the chat's card after a typed command, made
// only when the card shows the meeting the command acted on: the chat's
// bound meeting, or after /meeting end the meeting that just ended
// (ended, "" for other commands).
func (r *Registry) chatCard(ctx context.Context, req Request, ended string) (*Card, error) {
	var id string
	if ok, err := r.st.getJSON(ctx, chatCardKey(req.CorpID, req.ChatID), &id); err != nil || !ok {
		return nil, err
	}
	rec, ok, err := r.cardRecord(ctx, id)
	if err != nil || !ok {
		return nil, err
	}
	if ended != "" {
		if ended != rec.Meeting.ID {
			return nil, nil
		}
		rec.Meeting.Ended = true
	} else if b, ok, err := r.bound(ctx, req); err != nil || !ok || b.MeetingID != rec.Meeting.ID {
		return nil, err
	}
	return r.cardUpdate(ctx, rec, false)
}

// msgCardMoved is the line on a card whose chat now controls another
// meeting. The meeting itself is left running.
var msgCardMoved = Text{"This chat now controls %s instead — use its card, or send /meeting panel.",
	"已改为控制会议%s，请使用它的会控卡片，或发送 /会控。"}

// replacedCard is the update that retires the chat's card when it shows a
// meeting other than the one the chat is now bound to: it says which
// meeting the chat controls and hides the controls (with the template's
// "ended" switch, which shows statusText and hides the buttons), so that
// no card in the chat claims to control a meeting the chat no longer
// does. The join link stays: that meeting keeps running. nil when the
// chat's card is current, or cannot be read (then its clicks are still
// answered "this chat now controls another meeting").
func (r *Registry) replacedCard(ctx context.Context, req Request) *Card {
	var id string
	if ok, err := r.st.getJSON(ctx, chatCardKey(req.CorpID, req.ChatID), &id); err != nil || !ok {
		return nil
	}
	rec, ok, err := r.cardRecord(ctx, id)
	if err != nil || !ok {
		return nil
	}
	b, ok, err := r.bound(ctx, req)
	if err != nil || !ok || b.MeetingID == rec.Meeting.ID {
		return nil
	}
	return &Card{OutTrackID: rec.OutTrackID, Params: map[string]string{
		"status": "moved", "live": "false", "ended": "true", "hasMore": "false",
		"statusText": msgCardMoved.In(rec.Lang, plainName(rec.Lang, b.Title)),
	}}
}

// requestMeeting is the meeting the request being handled is about, as
// noted for its log line; "" when unknown.
func requestMeeting(ctx context.Context) string {
	if info := requestInfoFrom(ctx); info != nil {
		return info.meetingID()
	}
	return ""
}

// boundToRequestMeeting reports whether the chat is bound to the meeting
// the request was about: a meeting started without taking the chat gets
// no card in it. It does not note the meeting for the log.
func (r *Registry) boundToRequestMeeting(ctx context.Context, req Request) bool {
	var b binding
	ok, err := r.st.getJSON(ctx, bindKey(req.CorpID, req.ChatID), &b)
	return err == nil && ok && b.MeetingID != "" && b.MeetingID == requestMeeting(ctx)
}
