package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/meetbot/meetbot/commands/when"
	"github.com/meetbot/meetbot/internal/corpctx"
)

// The meeting watcher. DingTalk pushes no meeting events to a stream bot,
// so meetbot looks at its bound meetings itself, economically: each round
// (WatchRound, run by the wiring every interval on the one replica that
// holds the watch lease) asks DingTalk's batch query about every bound
// meeting, one call per organisation for up to BatchSize meetings. A
// meeting the answer reports ended, or leaves out (DingTalk answers only
// meetings in progress), is confirmed with its own info call; then its
// chats get one closing message, are unbound, and its cards show it
// ended. A recording or AI notes that will follow are looked for in later
// rounds, at growing gaps, and posted when ready.
//
// What the watcher follows is in the store: bind pushes the meeting onto
// the watch index (watch:<app>:index) and the chat onto the meeting's chat list
// (meetchats:<corp>:<meeting>). The bindings are the truth: an entry whose
// chat is no longer bound to the meeting is skipped. Announcing is claimed
// once (ended:<corp>:<meeting>), and so is every post, so several replicas,
// a restart, or a command that found the meeting over first never post
// twice.

// BatchSize is how many meetings one batch query names (the DingTalk
// client's own limit is the same).
const BatchSize = 50

const (
	watchIndexKeep = 50000              // entries kept: bindings made; old ones fall off
	endedTTL       = 7 * 24 * time.Hour // how long an announced end is remembered
	followKeep     = 10000
	followMaxGap   = 30            // intervals between two looks, at most
	followGiveUp   = 3 * time.Hour // after the end, then the watcher says it gave up
	closingShown   = 20            // attendees named in a closing message
)

func meetChatsKey(corp, meetingID string) string { return "meetchats:" + corp + ":" + meetingID }

// watchIndexKey and followIndexKey are the app's watch index and list of
// follow-ups: keys no organisation owns.
func (r *Registry) watchIndexKey() string    { return "watch:" + r.app + ":index" }
func (r *Registry) followIndexKey() string   { return "followups:" + r.app }
func endedKey(corp, meetingID string) string { return "ended:" + corp + ":" + meetingID }

// watchEntry is one line of the watch index.
type watchEntry struct {
	Corp    string `json:"c"`
	Meeting string `json:"m"`
}

// chatEntry is one chat of a meeting's chat list.
type chatEntry struct {
	Chat string   `json:"chat"`
	Kind ChatKind `json:"kind,omitempty"`
	User string   `json:"user,omitempty"` // the binder: the person of a 1:1 chat
}

// follow has the watcher follow meeting for req's chat. A failure only
// costs the closing message: it is logged.
func (r *Registry) follow(ctx context.Context, req Request, meetingID string) {
	idx, _ := json.Marshal(watchEntry{Corp: req.CorpID, Meeting: meetingID})
	chat, _ := json.Marshal(chatEntry{Chat: req.ChatID, Kind: req.ChatKind, User: req.Sender.UserID})
	err := errors.Join(
		r.st.kv.Push(ctx, meetChatsKey(req.CorpID, meetingID), chat, maxMeetingCards, r.st.retention),
		r.st.kv.Push(ctx, r.watchIndexKey(), idx, watchIndexKeep, r.st.retention))
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Str("meeting_id", meetingID).Msg("commands: the watcher will not follow this meeting")
	}
}

// WatchReport is what one watch round did.
type WatchReport struct {
	Meetings  int // bound meetings looked at
	Ended     int // meetings found over and announced
	FollowUps int // recordings and notes looked for
	Bookings  int // booked meetings looked for (about to start)
	Posted    int // messages posted
}

type purposeKey struct{}

// Purpose is why the DingTalk calls made with ctx are made: "watch" for
// the meeting watcher's, "" for a command's. Metrics count them apart.
func Purpose(ctx context.Context) string {
	p, _ := ctx.Value(purposeKey{}).(string)
	return p
}

// WatchRound is one round of the meeting watcher; interval is the time
// between rounds, the unit of the gaps between looks for a recording. It
// returns the first error of a DingTalk call, so the caller can back off;
// a failure for one organisation never stops the others.
func (r *Registry) WatchRound(ctx context.Context, interval time.Duration) (WatchReport, error) {
	ctx = context.WithValue(ctx, purposeKey{}, "watch")
	r.interval.Store(int64(interval))
	r.st.sweep() // expired member lists and roles go, even when the bot is idle
	var rep WatchReport
	watched, err := r.watched(ctx)
	if err != nil {
		return rep, err
	}
	var first error
	corps := make([]string, 0, len(watched))
	for corp := range watched {
		corps = append(corps, corp)
	}
	sort.Strings(corps)
	for _, corp := range corps {
		if err := r.watchCorp(corpctx.With(ctx, corp), corp, watched[corp], &rep); err != nil && first == nil {
			first = err
		}
	}
	if err := r.followUps(ctx, interval, &rep); err != nil && first == nil {
		first = err
	}
	if err := r.watchBookings(ctx, &rep); err != nil && first == nil {
		first = err
	}
	return rep, first
}

// watched is every bound meeting, by organisation, with its bound chats.
func (r *Registry) watched(ctx context.Context) (map[string]map[string][]boundChat, error) {
	raw, err := r.st.kv.Last(ctx, r.watchIndexKey(), watchIndexKeep)
	if err != nil {
		return nil, fmt.Errorf("watch index: %w", err)
	}
	out := map[string]map[string][]boundChat{}
	seen := map[watchEntry]bool{}
	for _, b := range raw {
		var e watchEntry
		if json.Unmarshal(b, &e) != nil || e.Corp == "" || e.Meeting == "" || seen[e] {
			continue
		}
		seen[e] = true
		chats := r.boundChats(ctx, e.Corp, e.Meeting)
		if len(chats) == 0 {
			continue
		}
		if out[e.Corp] == nil {
			out[e.Corp] = map[string][]boundChat{}
		}
		out[e.Corp][e.Meeting] = chats
	}
	return out, nil
}

// boundChat is a chat bound to a meeting now.
type boundChat struct {
	Chat
	b binding
}

// boundChats are the chats bound to meetingID now, from its chat list.
func (r *Registry) boundChats(ctx context.Context, corp, meetingID string) []boundChat {
	raw, err := r.st.kv.Last(ctx, meetChatsKey(corp, meetingID), maxMeetingCards)
	if err != nil {
		return nil
	}
	var out []boundChat
	seen := map[string]bool{}
	for _, b := range raw {
		var e chatEntry
		if json.Unmarshal(b, &e) != nil || seen[e.Chat] {
			continue
		}
		seen[e.Chat] = true
		var bd binding
		if ok, err := r.st.getJSON(ctx, bindKey(corp, e.Chat), &bd); err != nil || !ok || bd.MeetingID != meetingID {
			continue
		}
		kind := firstNonZero(bd.Kind, e.Kind, Group)
		out = append(out, boundChat{Chat: Chat{CorpID: corp, ChatID: e.Chat, Kind: kind, UserID: firstNonEmpty(bd.BoundBy, e.User)}, b: bd})
	}
	return out
}

func firstNonZero(ks ...ChatKind) ChatKind {
	for _, k := range ks {
		if k != 0 {
			return k
		}
	}
	return 0
}

// watchCorp looks at one organisation's bound meetings, BatchSize per call.
func (r *Registry) watchCorp(ctx context.Context, corp string, meetings map[string][]boundChat, rep *WatchReport) error {
	ids := make([]string, 0, len(meetings))
	for id := range meetings {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	rep.Meetings += len(ids)
	for chunk := range slices.Chunk(ids, BatchSize) {
		live, err := r.conf.Live(ctx, chunk)
		if err != nil {
			return fmt.Errorf("watch %s: %w", corp, err)
		}
		for _, id := range chunk {
			if i := indexLive(live, id); i >= 0 && live[i].Status != 1 {
				r.observe(ctx, corp, live[i])
				continue
			}
			m, err := r.conf.Info(ctx, id) // missing or status 1: its own info decides
			switch {
			case errors.Is(err, ErrMeetingGone):
				m = Meeting{ID: id, Ended: true}
			case err != nil:
				zerolog.Ctx(ctx).Warn().Err(err).Str("meeting_id", id).Msg("watch: meeting info")
				continue
			case !m.Ended:
				continue
			}
			if m.Title == "" && len(meetings[id]) > 0 {
				m.Title = meetings[id][0].b.Title
			}
			if _, announced := r.meetingOver(ctx, corp, &m, true, meetings[id], "", ""); announced {
				rep.Ended++
				rep.Posted += len(meetings[id])
			}
		}
	}
	return nil
}

// Text of the closing message.
var (
	msgClosingHead   = Text{"%s has ended: %s, %d attended.", "%s已结束：%s，%d 人参会。"}
	msgClosingNoTime = Text{"%s has ended; %d attended.", "%s已结束，%d 人参会。"}
	msgClosingLine   = Text{"- %s %s", "- %s %s"}
	msgClosingMore   = Text{"- and %d more", "- 等另外 %d 人"}
	msgClosingRec    = Text{"The recording will be posted here when it is ready.", "云录制处理完成后将发到这里。"}
	msgClosingNotes  = Text{"The AI notes will be posted here when they are ready.", "闪记处理完成后将发到这里。"}
)

// meetingOver announces that meeting m is over, once: each of chats is
// unbound and, but replyChat, gets the closing message; the meeting's
// cards show it ended; a recording or notes that will follow are looked
// for later. It returns the closing message in replyChat's language for
// the caller to reply with, and whether this call announced it (false
// when another one already did).
//
// m is what the meeting's info said when known is set; otherwise only its
// ID and Title are set and the info is asked here, for the times and
// whether a recording or notes follow.
//
// exceptCard is a card left alone: the one a click came from, which the
// click's own reply updates ("" for none).
//
// A chat is unbound once its message is posted. When a post fails, the
// claim on the end is released: the next round finds that chat still
// bound and tries again, and the chats already told are not told twice.
func (r *Registry) meetingOver(ctx context.Context, corp string, m *Meeting, known bool, chats []boundChat, replyChat, exceptCard string) (string, bool) {
	won, err := r.st.kv.SetNX(ctx, endedKey(corp, m.ID), []byte{1}, endedTTL)
	if err != nil || !won {
		return "", false
	}
	if !known {
		if info, err := r.conf.Info(ctx, m.ID); err == nil {
			info.Title = firstNonEmpty(info.Title, m.Title)
			*m = info
		}
	}
	members, err := r.conf.Members(ctx, m.ID)
	if err != nil || len(members) == 0 {
		// DingTalk may refuse the member list of an ended meeting: what the
		// watcher saw while it ran stands in.
		zerolog.Ctx(ctx).Debug().Err(err).Str("meeting_id", m.ID).Msg("watch: attendance from the watcher's roster")
		end := firstNonZeroTime(m.Finished, r.now())
		if members = r.rosterMembers(ctx, corp, m.ID, end); len(members) == 0 {
			members = stayedUntil(r.st.cachedMembers(corp, m.ID), end)
		}
	}
	// What will follow is recorded before anything is posted: its clock
	// starts at the end, not after the posts.
	r.expect(ctx, corp, *m, chats)
	var reply string
	failed := false
	for _, ch := range chats {
		lang := firstNonEmpty(string(ch.b.Lang), string(English))
		text := r.closingText(Lang(lang), *m, members)
		if ch.ChatID == replyChat {
			reply = text
		} else if _, err := r.post(ctx, ch.Chat, "closed:"+m.ID, text); err != nil {
			failed = true
			continue // still bound: the next round tries again
		}
		if cur, ok, err := r.bound(ctx, Request{CorpID: corp, ChatID: ch.ChatID}); err == nil && ok && cur.MeetingID == m.ID {
			_ = r.st.kv.Delete(ctx, bindKey(corp, ch.ChatID))
		}
	}
	if failed {
		_ = r.st.kv.Delete(ctx, endedKey(corp, m.ID))
	}
	if r.poster != nil {
		for _, card := range r.otherCards(ctx, corp, m.ID, exceptCard, true) {
			if err := r.poster.UpdateCard(ctx, Chat{CorpID: corp}, card); err != nil {
				zerolog.Ctx(ctx).Warn().Err(err).Msg("watch: card of an ended meeting")
			}
		}
	}
	r.st.forgetMeeting(corp, m.ID)
	r.dropFocus(ctx, corp, m.ID)
	return reply, true
}

// closingText is the closing message: title, start and end, duration, how
// many attended and for how long (at most closingShown named), and what
// will follow.
func (r *Registry) closingText(lang Lang, m Meeting, members []Member) string {
	var attended []Member
	for _, mb := range members {
		if mb.Duration > 0 || !mb.JoinTime.IsZero() || mb.Present {
			attended = append(attended, mb)
		}
	}
	sort.SliceStable(attended, func(i, j int) bool { return attended[i].Duration > attended[j].Duration })
	name := meetingName(lang, m.Title)
	start, end := m.Started, m.Finished
	for _, mb := range attended {
		if start.IsZero() || (!mb.JoinTime.IsZero() && mb.JoinTime.Before(start)) {
			start = mb.JoinTime
		}
		if end.IsZero() || mb.LeaveTime.After(end) {
			end = mb.LeaveTime
		}
	}
	lines := []string{msgClosingNoTime.In(lang, name, len(attended))}
	if !start.IsZero() && end.After(start) {
		span := fmt.Sprintf("%s–%s (%s, %s)", r.hhmm(start), r.hhmm(end), spell(lang, end.Sub(start)), r.zone(lang, start))
		if lang == Chinese {
			span = fmt.Sprintf("%s–%s（%s，%s）", r.hhmm(start), r.hhmm(end), spell(lang, end.Sub(start)), r.zone(lang, start))
		}
		lines[0] = msgClosingHead.In(lang, name, span, len(attended))
	}
	for i, mb := range attended {
		if i == closingShown {
			lines = append(lines, msgClosingMore.In(lang, len(attended)-closingShown))
			break
		}
		lines = append(lines, msgClosingLine.In(lang, bold(mb.Nick), spell(lang, mb.Duration)))
	}
	if m.Recording != 0 {
		lines = append(lines, msgClosingRec.In(lang))
	}
	if m.Notes != 0 {
		lines = append(lines, msgClosingNotes.In(lang))
	}
	return strings.Join(lines, "\n")
}

// watchInterval is the watcher's interval, as its last round said; a
// minute before any round.
func (r *Registry) watchInterval() time.Duration {
	if d := time.Duration(r.interval.Load()); d > 0 {
		return d
	}
	return time.Minute
}

// hhmm is a time of day in the configured zone.
func (r *Registry) hhmm(t time.Time) string { return t.In(r.loc).Format("15:04") }

// zone names the configured time zone at t (when.ZoneLabel): 北京时间 /
// UTC+8 by default.
func (r *Registry) zone(lang Lang, t time.Time) string {
	return when.ZoneLabel(t.In(r.loc), lang == Chinese)
}

// spell says a duration in minutes: "1 h 12 min", "1 小时 12 分钟".
func spell(lang Lang, d time.Duration) string {
	mins := int((d + 30*time.Second) / time.Minute)
	h, m := mins/60, mins%60
	switch {
	case lang == Chinese && h > 0 && m > 0:
		return fmt.Sprintf("%d 小时 %d 分钟", h, m)
	case lang == Chinese && h > 0:
		return fmt.Sprintf("%d 小时", h)
	case lang == Chinese:
		return fmt.Sprintf("%d 分钟", m)
	case h > 0 && m > 0:
		return fmt.Sprintf("%d h %d min", h, m)
	case h > 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d min", m)
}

// post posts text into chat once per what (a claim in the store), so a
// second replica or a retried round does not post it again. posted is
// false when there is no poster or it was posted already; err is the
// failed post, whose claim is released for the next round.
func (r *Registry) post(ctx context.Context, chat Chat, what, text string) (posted bool, err error) {
	if r.poster == nil {
		return false, nil
	}
	key := "posted:" + chat.CorpID + ":" + chat.ChatID + ":" + what
	won, err := r.st.kv.SetNX(ctx, key, []byte{1}, endedTTL)
	if err != nil || !won {
		return false, err
	}
	if err := r.poster.Post(ctx, chat, text); err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Str("chat_id", chat.ChatID).Str("what", what).Msg("watch: post failed")
		_ = r.st.kv.Delete(ctx, key)
		return false, err
	}
	return true, nil
}

// over is meetingOver for the chat of c, whose command found meeting b
// over: every chat bound to it is told, this one by the reply. It
// returns the closing message for the reply ("" when it was announced
// already).
func (c *Call) over(ctx context.Context, b binding, m *Meeting, known bool) string {
	corp, chat := c.Request.CorpID, c.Request.ChatID
	chats := c.reg.boundChats(ctx, corp, b.MeetingID)
	if !slices.ContainsFunc(chats, func(ch boundChat) bool { return ch.ChatID == chat }) {
		chats = append(chats, boundChat{Chat: Chat{CorpID: corp, ChatID: chat, Kind: c.Request.ChatKind,
			UserID: c.Request.Sender.UserID}, b: binding{MeetingID: b.MeetingID, Title: b.Title, Lang: c.Lang}})
	}
	for i := range chats {
		if chats[i].ChatID == chat {
			chats[i].b.Lang = c.Lang // the reply is in the command's language
		}
	}
	m.Title = firstNonEmpty(m.Title, b.Title)
	reply, card := chat, ""
	if a := c.Request.Action; a != nil { // a click has no reply in the chat: the message is posted
		reply, card = "", a.OutTrackID
	}
	text, _ := c.reg.meetingOver(ctx, corp, m, known, chats, reply, card)
	return text
}

// The roster: who the watcher saw in a meeting, round by round, from the
// batch query's attendStatus. It stands in for the member list when
// DingTalk no longer answers that after the end; durations are then right
// to about one watch interval. It is written only when somebody joined or
// left.

func rosterKey(corp, meetingID string) string { return "roster:" + corp + ":" + meetingID }

// rosterTTL bounds how long a roster outlives its last change.
const rosterTTL = 48 * time.Hour

type roster struct {
	Users map[string]*rosterUser `json:"u"`
}

type rosterUser struct {
	Nick  string        `json:"n"`
	Since time.Time     `json:"s,omitzero"`  // in the meeting since; zero when not in it
	Stay  time.Duration `json:"d,omitempty"` // time in stays that have ended
}

// observe updates a live meeting's roster.
func (r *Registry) observe(ctx context.Context, corp string, live LiveMeeting) {
	var ro roster
	ok, err := r.st.getJSON(ctx, rosterKey(corp, live.MeetingID), &ro)
	if err != nil {
		return
	}
	now, changed := r.now(), !ok
	if ro.Users == nil {
		ro.Users = map[string]*rosterUser{}
	}
	seen := map[string]bool{}
	for _, u := range live.Users {
		in := u.State == StateIn
		seen[u.ID] = in
		ru := ro.Users[u.ID]
		if ru == nil {
			if !in {
				continue
			}
			ru = &rosterUser{Nick: u.Nick}
			ro.Users[u.ID] = ru
			changed = true
		}
		if in && ru.Since.IsZero() {
			ru.Since, changed = now, true
			if !ok && !live.Started.IsZero() { // first sight: they have been in since the start, at most
				ru.Since = live.Started
			}
		}
	}
	for id, ru := range ro.Users {
		if !seen[id] && !ru.Since.IsZero() {
			ru.Stay += now.Sub(ru.Since)
			ru.Since, changed = time.Time{}, true
		}
	}
	if changed {
		_ = r.st.setJSON(ctx, rosterKey(corp, live.MeetingID), ro, rosterTTL)
	}
}

// rosterMembers is the roster as a member list, with stays up to end.
func (r *Registry) rosterMembers(ctx context.Context, corp, meetingID string, end time.Time) []Member {
	var ro roster
	if ok, err := r.st.getJSON(ctx, rosterKey(corp, meetingID), &ro); err != nil || !ok {
		return nil
	}
	ids := make([]string, 0, len(ro.Users))
	for id := range ro.Users {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]Member, 0, len(ids))
	for _, id := range ids {
		ru := ro.Users[id]
		d := ru.Stay
		if !ru.Since.IsZero() && end.After(ru.Since) {
			d += end.Sub(ru.Since)
		}
		out = append(out, Member{UnionID: id, Nick: ru.Nick, Duration: d, Present: !ru.Since.IsZero() && d == 0})
	}
	return out
}

// stayedUntil is a member list fetched while the meeting ran, with the
// stays of those then in it counted up to end.
func stayedUntil(list []Member, end time.Time) []Member {
	for i, mb := range list {
		if mb.Present && !mb.JoinTime.IsZero() && end.After(mb.JoinTime) {
			list[i].Duration = max(mb.Duration, end.Sub(mb.JoinTime))
		}
	}
	return list
}

func firstNonZeroTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}
