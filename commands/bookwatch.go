package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"github.com/meetbot/meetbot/internal/corpctx"
)

// The watcher's side of bookings: a reminder shortly before the start, and
// when the booked meeting starts (hosts open meetings early: it is looked
// for from bookingEarly before the start until the end), the chat that
// booked it is bound to it and told, once, whichever replica. A booking
// costs one call a round inside that window and nothing outside it;
// nothing booked costs nothing.

// bookingEarly is how long before its start a booking is watched.
const bookingEarly = 15 * time.Minute

// Text the watcher posts for bookings.
var (
	msgBookStarted = Text{"%s has started — this chat controls it now. Meeting ID `%s`. `/meeting panel` shows the control card.", "%s已开始，现在可在本群控制。会议号 `%s`。发送 `/会控` 获取会控卡片。"}
	msgBookRemind  = Text{"%s starts at %s%s.%s", "%s将于 %s 开始%s。%s"}
	msgBookJoinAt  = Text{" — join: %s", "，入会链接：%s"}
	msgBookInvited = Text{" Invited: %s.", "参会人：%s。"}
)

func bookStartKey(corp, id string) string  { return "bookstart:" + corp + ":" + id }
func bookRemindKey(corp, id string) string { return "bookremind:" + corp + ":" + id }

// watchBookings reminds and binds the app's bookings that are due.
func (r *Registry) watchBookings(ctx context.Context, rep *WatchReport) error {
	if r.bookings == nil {
		return nil
	}
	raw, err := r.st.kv.Last(ctx, r.bookIndexKey(), watchIndexKeep)
	if err != nil {
		return fmt.Errorf("booking index: %w", err)
	}
	var first error
	seen := map[watchEntry]bool{}
	now := r.now()
	for _, line := range raw {
		var e watchEntry
		if json.Unmarshal(line, &e) != nil || seen[e] {
			continue
		}
		seen[e] = true
		var b booking
		if ok, err := r.st.getJSON(ctx, bookingKey(e.Corp, e.Meeting), &b); err != nil || !ok || b.Cancelled ||
			now.Before(b.Start.Add(-max(bookingEarly, r.remind))) || now.After(b.End) {
			continue
		}
		cctx := corpctx.With(ctx, e.Corp)
		if r.remind > 0 && !now.Before(b.Start.Add(-r.remind)) && now.Before(b.Start) {
			if posted, _ := r.post(cctx, b.chat(), "remind:"+b.ID, r.reminderText(b)); posted {
				rep.Posted++
			}
		}
		if now.Before(b.Start.Add(-bookingEarly)) {
			continue
		}
		if _, done, err := r.st.kv.Get(cctx, bookStartKey(e.Corp, b.ID)); err != nil || done {
			continue
		}
		rep.Bookings++
		m, started, err := r.bookings.Started(cctx, b.ID)
		if err != nil {
			if first == nil {
				first = fmt.Errorf("booking %s: %w", b.ID, err)
			}
			continue
		}
		if started && r.bookingStarted(cctx, b, m) {
			rep.Posted++
		}
	}
	return first
}

// chat is where a booking was made.
func (b booking) chat() Chat {
	return Chat{CorpID: b.Corp, ChatID: b.Chat.Chat, Kind: firstNonZero(b.Chat.Kind, Group), UserID: b.Chat.User}
}

// bookingStarted binds the booking's chat to its meeting m and says so,
// once (whoever claims it first).
func (r *Registry) bookingStarted(ctx context.Context, b booking, m Meeting) bool {
	won, err := r.st.kv.SetNX(ctx, bookStartKey(b.Corp, b.ID), []byte(m.ID), b.End.Sub(r.now())+bookingAfter)
	if err != nil || !won {
		return false
	}
	m.Title = firstNonEmpty(m.Title, b.Title)
	m.RoomCode = firstNonEmpty(m.RoomCode, b.RoomCode)
	req := Request{CorpID: b.Corp, ChatID: b.Chat.Chat, ChatKind: b.Chat.Kind, Sender: Person{UserID: b.Chat.User}}
	ctx = context.WithValue(ctx, langKey{}, b.Lang)
	if _, err := r.bind(ctx, req, b.Organiser, m); err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Str("booking", b.ID).Msg("watch: binding a booked meeting")
		_ = r.st.kv.Delete(ctx, bookStartKey(b.Corp, b.ID)) // the next round tries again
		return false
	}
	lang := firstNonEmptyLang(b.Lang)
	posted, err := r.post(ctx, b.chat(), "started:"+b.ID, msgBookStarted.inChat(lang, b.chat().Kind, meetingName(lang, m.Title), spacedCode(m.RoomCode)))
	if err != nil {
		_ = r.st.kv.Delete(ctx, bookStartKey(b.Corp, b.ID)) // bound already; the next round says so
	}
	return posted
}

// reminderText says a booked meeting starts soon, naming who was invited.
func (r *Registry) reminderText(b booking) string {
	l := firstNonEmptyLang(b.Lang)
	c := &Call{Lang: l, reg: r}
	join, invited := "", ""
	if b.URL != "" {
		join = msgBookJoinAt.In(l, b.URL)
	}
	if len(b.CoHosts) > 0 {
		invited = msgBookInvited.In(l, c.names(b.CoHosts))
	}
	at := fmt.Sprintf("%s (%s)", b.Start.In(r.loc).Format("15:04"), r.zone(l, b.Start))
	if l == Chinese {
		at = fmt.Sprintf("%s（%s）", b.Start.In(r.loc).Format("15:04"), r.zone(l, b.Start))
	}
	return msgBookRemind.In(l, meetingName(l, b.Title), at, join, invited)
}
