package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/meetbot/meetbot/commands/when"
)

// This file holds /meeting schedule, schedules, reschedule and cancel:
// DingTalk's scheduled meetings (预约会议), booked from the chat where the
// team talks. A booking remembers its chat; when its meeting starts the
// watcher binds it there and says so (bookwatch.go).

// defaultLength is a booking's length when the phrase gives none.
const defaultLength = time.Hour

// Text for the booking commands.
var (
	msgBooked        = Text{"Booked %s: %s. Meeting ID `%s` · %s%s\nTo cancel: `/meeting cancel %s`", "已预约%s：%s。会议号 `%s` · %s%s\n取消预约：`/取消预约 %s`"}
	msgBookedJoin    = Text{"[join](%s)", "[入会链接](%s)"}
	msgBookSettings  = Text{"\nSettings: %s.", "\n设置：%s。"}
	msgBookPast      = Text{"I read that as %s, which has passed — give a time ahead, e.g. `/meeting schedule tomorrow 10:00 Weekly sync`.", "%s已经过去了，请给出之后的时间，例如：`/预约会议 明天上午10点 周会`。"}
	msgBookUnread    = Text{"I can't read a time at the start of that — e.g. `/meeting schedule tomorrow 10:00 for 30m Weekly sync`, `fri 3pm`, `in 2h`.", "无法识别开头的时间，例如：`/预约会议 明天上午10点 30分钟 周会`、`周五下午3点`、`2小时后`。"}
	msgBookNoSuch    = Text{"There is no such time or date — check it, e.g. `/meeting schedule 2026-12-08 09:30 Weekly sync`.", "没有这个日期或时间，请检查，例如：`/预约会议 12月8日上午9点半 周会`。"}
	msgBookLength    = Text{"A meeting lasts more than 0 and at most 24 hours — e.g. `for 90m`.", "会议时长须大于 0 且不超过 24 小时，例如 `90分钟`。"}
	msgBookNone      = Text{"Nothing is booked from this chat. Book one with `/meeting schedule tomorrow 10:00 Weekly sync`.", "本群没有预约的会议。预约示例：`/预约会议 明天上午10点 周会`。"}
	msgBookList      = Text{"Booked from this chat (%s):", "本群预约的会议（%s）："}
	msgBookLine      = Text{"- %s %s — Meeting ID `%s`, by %s", "- %s %s，会议号 `%s`，%s预约"}
	msgBookUnknown   = Text{"No booking from this chat has the Meeting ID or booking id `%s` — `/meeting schedules` lists them.", "本群没有会议号或编号为 `%s` 的预约，发送 `/预约列表` 查看。"}
	msgBookWhich     = Text{"Which booking? Give its Meeting ID: `/%s 838 722 123`. `/meeting schedules` lists them.", "请给出预约的会议号，例如 `/%s 838 722 123`。发送 `/预约列表` 查看。"}
	msgBookOwner     = Text{"Only %s, who booked %s, or an admin can change it.", "只有预约人%s或管理员可以修改%s。"}
	msgBookCancelled = Text{"Cancelled %s (%s).", "已取消预约%s（%s）。"}
	msgBookMoved     = Text{"Moved %s to %s.", "已将%s改到 %s。"}
	msgBookNoWhen    = Text{"When to? e.g. `/meeting reschedule 838 722 123 fri 3pm`.", "改到什么时间？例如：`/会议 改期 838 722 123 周五下午3点`。"}
	msgBookGone      = Text{"%s is no longer booked in DingTalk (cancelled there, or over) — nothing changed.", "%s在钉钉中已不再预约（已取消或已结束），未做更改。"}
	msgBookTimeLine  = Text{"%s–%s", "%s–%s"}
)

// Booking options, as typed after the title.
var bookOptions = []struct {
	words []string
	name  Text
	set   func(*Booking)
}{
	{[]string{"mute-on-join", "muteonjoin", "入会静音"}, Text{"mute on join", "入会静音"}, func(b *Booking) { b.MuteOnJoin = true }},
	{[]string{"waiting-room", "waitingroom", "等候室"}, Text{"waiting room", "等候室"}, func(b *Booking) { b.WaitingRoom = true }},
	{[]string{"record", "自动录制", "录制"}, Text{"recording", "自动录制"}, func(b *Booking) { b.Record = true }},
	{[]string{"notes", "自动闪记", "闪记"}, Text{"AI notes", "自动闪记"}, func(b *Booking) { b.Notes = true }},
	{[]string{"lock", "锁定", "锁定会议"}, Text{"locked", "锁定会议"}, func(b *Booking) { b.Lock = true }},
}

// coHostWords introduce the co-hosts of a booking.
var coHostWords = []string{"cohosts", "cohost", "co-hosts", "co-host", "联席主持人"}

// booking is a meeting booked from a chat, as meetbot keeps it.
type booking struct {
	Booked
	Corp      string    `json:"corp"`
	Chat      chatEntry `json:"chat"`
	Lang      Lang      `json:"lang"`
	Organiser Person    `json:"organiser"`
	CoHosts   []Person  `json:"cohosts,omitempty"`
	Options   Booking   `json:"options"`
	Cancelled bool      `json:"cancelled,omitempty"`
}

func bookingKey(corp, id string) string        { return "booking:" + corp + ":" + id }
func chatBookingsKey(corp, chat string) string { return "bookings:" + corp + ":" + chat }

// bookingTTL keeps a booking's record until well after it ends.
const bookingAfter = 24 * time.Hour

// meetingSchedule is /meeting schedule <when> [for <duration>] <title> [options].
func meetingSchedule(ctx context.Context, c *Call) (Reply, error) {
	if c.reg.bookings == nil {
		return Reply{}, c.reject(msgNoBookings)
	}
	sender, err := c.sender(ctx)
	if err != nil {
		return Reply{}, err
	}
	now := c.reg.now()
	res, err := when.Parse(c.Parsed.Args, now, c.reg.loc)
	if err != nil {
		return Reply{}, c.whenError(err, now)
	}
	length := res.Duration
	if length == 0 {
		length = defaultLength
	}
	opts, title := parseBookingRest(res.Rest)
	if title == "" {
		title = Text{"%s's meeting", "%s的会议"}.In(c.Lang, sender.Name)
	}
	var cohosts []Person
	if opts.coHostsNamed || len(c.Request.Mentions) > 0 {
		if cohosts, err = c.mentionedPeople(ctx); err != nil {
			return Reply{}, err
		}
	}
	b := opts.Booking
	b.Title, b.Start, b.End, b.Organiser = title, res.Start, res.Start.Add(length), sender.UnionID
	for _, p := range cohosts {
		b.CoHosts = append(b.CoHosts, p.UnionID)
	}
	booked, err := c.reg.bookings.Book(ctx, b)
	if err != nil {
		return Reply{}, err
	}
	rec := booking{Booked: booked, Corp: c.Request.CorpID, Lang: c.Lang, Organiser: sender, CoHosts: cohosts, Options: b,
		Chat: chatEntry{Chat: c.Request.ChatID, Kind: c.Request.ChatKind, User: c.Request.Sender.UserID}}
	rec.Title = firstNonEmpty(rec.Title, title)
	if rec.Start.IsZero() {
		rec.Start, rec.End = b.Start, b.End
	}
	if err := c.reg.saveBooking(ctx, rec, true); err != nil {
		return Reply{}, err
	}
	c.reg.record(withRequestIDs(ctx), c.Request.CorpID, result{Action: actSchedule, MeetingID: "booking:" + booked.ID, By: sender, Targets: cohosts})
	return Reply{Text: c.bookedText(rec), Outcome: OK}, nil
}

// msgNoBookings answers a booking command when the wiring gave no Bookings.
var msgNoBookings = Text{"Booking meetings is not available here.", "此处不支持预约会议。"}

// whenError is the reply to a time that could not be read.
func (c *Call) whenError(err error, now time.Time) error {
	var we *when.Error
	switch {
	case errors.As(err, &we) && errors.Is(err, when.ErrPast):
		return c.reject(msgBookPast, when.Format(we.Time.In(c.reg.loc), now.In(c.reg.loc), c.Lang == Chinese))
	case errors.Is(err, when.ErrNoSuchTime):
		return c.reject(msgBookNoSuch)
	case errors.Is(err, when.ErrDuration):
		return c.reject(msgBookLength)
	}
	return c.reject(msgBookUnread)
}

// bookingRest is what follows the time: the options, and whether
// co-hosts were introduced.
type bookingRest struct {
	Booking
	coHostsNamed bool
	names        []Text
}

// parseBookingRest splits the words after the time into the title and the
// options; the first option word ends the title.
func parseBookingRest(words []string) (bookingRest, string) {
	var out bookingRest
	title := len(words)
	for i, w := range words {
		lw := strings.ToLower(w)
		if slices.Contains(coHostWords, lw) {
			out.coHostsNamed = true
			title = min(title, i)
			continue
		}
		for _, o := range bookOptions {
			if slices.Contains(o.words, lw) {
				o.set(&out.Booking)
				out.names = append(out.names, o.name)
				title = min(title, i)
			}
		}
	}
	return out, strings.TrimSpace(strings.Join(words[:title], " "))
}

// mentionedPeople resolves the message's mentions through the contacts.
func (c *Call) mentionedPeople(ctx context.Context) ([]Person, error) {
	if c.Request.ExternalMentions > 0 {
		return nil, c.reject(msgExternal, "/"+c.Parsed.Word)
	}
	if len(c.Request.Mentions) > maxTargets {
		return nil, c.tooMany(maxTargets)
	}
	var out []Person
	for _, m := range c.Request.Mentions {
		p := m
		if m.UserID != "" {
			found, err := c.reg.st.person(ctx, c.Request.CorpID, m.UserID)
			switch {
			case err == nil:
				p = found
				p.UserID = m.UserID
			case !errors.Is(err, ErrNotFound):
				return nil, err
			}
		}
		if p.UnionID != "" {
			out = append(out, p)
		}
	}
	return dedupe(out), nil
}

// bookedText is the reply to a booking: title, time with the zone, room
// code, join link, settings and how to cancel.
func (c *Call) bookedText(b booking) string {
	settings := ""
	var parts []string
	if len(b.CoHosts) > 0 {
		parts = append(parts, Text{"co-hosts %s", "联席主持人%s"}.In(c.Lang, c.names(b.CoHosts)))
	}
	for _, o := range bookOptions {
		var probe Booking
		o.set(&probe)
		if optionSet(b.Options, probe) {
			parts = append(parts, o.name.In(c.Lang))
		}
	}
	if len(parts) > 0 {
		settings = msgBookSettings.In(c.Lang, joinItems(c.Lang, parts))
	}
	join := ""
	if b.URL != "" {
		join = msgBookedJoin.In(c.Lang, b.URL)
	}
	return msgBooked.In(c.Lang, meetingName(c.Lang, b.Title), c.span(b.Start, b.End), spacedCode(b.RoomCode), join, settings,
		compactCode(b.RoomCode))
}

// optionSet reports whether b has the one option probe sets.
func optionSet(b, probe Booking) bool {
	return probe.MuteOnJoin && b.MuteOnJoin || probe.WaitingRoom && b.WaitingRoom || probe.Record && b.Record ||
		probe.Notes && b.Notes || probe.Lock && b.Lock
}

// span renders start–end: "Fri 11 Dec 15:00–16:00 (Beijing time)".
func (c *Call) span(start, end time.Time) string {
	now := c.reg.now().In(c.reg.loc)
	s := when.Format(start.In(c.reg.loc), now, c.Lang == Chinese)
	return insertEnd(s, end.In(c.reg.loc).Format("15:04"))
}

// insertEnd puts "–HH:MM" after the start's time, before the zone label.
func insertEnd(formatted, end string) string {
	for _, open := range []string{"（", " ("} {
		if i := strings.LastIndex(formatted, open); i > 0 {
			return formatted[:i] + "–" + end + formatted[i:]
		}
	}
	return formatted + "–" + end
}

// spacedCode shows a room code as DingTalk's client does: 838 722 123.
func spacedCode(code string) string {
	code = compactCode(code)
	if len(code) != 9 {
		return code
	}
	return code[:3] + " " + code[3:6] + " " + code[6:]
}

// compactCode is a room code without spaces.
func compactCode(code string) string { return strings.ReplaceAll(code, " ", "") }

// saveBooking stores a booking; a new one is also listed for its chat and
// for the watcher.
func (r *Registry) saveBooking(ctx context.Context, b booking, isNew bool) error {
	// Kept until a day after it ends; never without an expiry (a TTL of 0
	// would keep it for ever).
	ttl := max(b.End.Sub(r.now())+bookingAfter, bookingAfter)
	if err := r.st.setJSON(ctx, bookingKey(b.Corp, b.ID), b, ttl); err != nil {
		return fmt.Errorf("store booking: %w", err)
	}
	if !isNew {
		return nil
	}
	idx, _ := json.Marshal(watchEntry{Corp: b.Corp, Meeting: b.ID})
	return errors.Join(
		r.st.kv.Push(ctx, chatBookingsKey(b.Corp, b.Chat.Chat), []byte(b.ID), 200, r.st.retention),
		r.st.kv.Push(ctx, r.bookIndexKey(), idx, watchIndexKeep, r.st.retention))
}

// bookIndexKey lists the app's bookings for the watcher.
func (r *Registry) bookIndexKey() string { return "bookings:" + r.app + ":index" }

// chatBookings are the chat's bookings not cancelled and not over, by
// start time.
func (r *Registry) chatBookings(ctx context.Context, corp, chat string) ([]booking, error) {
	raw, err := r.st.kv.Last(ctx, chatBookingsKey(corp, chat), 200)
	if err != nil {
		return nil, err
	}
	var out []booking
	seen := map[string]bool{}
	for _, id := range raw {
		if seen[string(id)] {
			continue
		}
		seen[string(id)] = true
		var b booking
		if ok, err := r.st.getJSON(ctx, bookingKey(corp, string(id)), &b); err != nil || !ok || b.Cancelled || !b.End.After(r.now()) {
			continue
		}
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b booking) int { return a.Start.Compare(b.Start) })
	return out, nil
}

// meetingSchedules is /meeting schedules: this chat's upcoming bookings.
func meetingSchedules(ctx context.Context, c *Call) (Reply, error) {
	list, err := c.reg.chatBookings(ctx, c.Request.CorpID, c.Request.ChatID)
	if err != nil {
		return Reply{}, err
	}
	if len(list) == 0 {
		return c.ok(msgBookNone)
	}
	lines := []string{c.text(msgBookList, c.reg.zone(c.Lang, c.reg.now()))}
	now := c.reg.now().In(c.reg.loc)
	for _, b := range list {
		at := when.Format(b.Start.In(c.reg.loc), now, c.Lang == Chinese)
		if i := strings.LastIndexAny(at, "(（"); i > 0 {
			at = strings.TrimSpace(at[:i]) // the zone is in the header
		}
		lines = append(lines, msgBookLine.In(c.Lang, at, meetingName(c.Lang, b.Title), spacedCode(b.RoomCode),
			bold(c.displayName(b.Organiser))))
	}
	return Reply{Text: strings.Join(lines, "\n"), Outcome: OK}, nil
}

// findBooking finds the chat's booking the arguments name by its room
// code (spaces allowed) or its id, and returns the remaining arguments.
// verb is the command as typed, for the hint when none is named.
func (c *Call) findBooking(ctx context.Context, verb string) (booking, []string, error) {
	args := c.Parsed.Args
	list, err := c.reg.chatBookings(ctx, c.Request.CorpID, c.Request.ChatID)
	if err != nil {
		return booking{}, nil, err
	}
	if len(args) == 0 {
		return booking{}, nil, c.reject(msgBookWhich, strings.ReplaceAll(verb, "`", ""))
	}
	// A room code may be typed in up to three groups of digits.
	for n := min(3, len(args)); n >= 1; n-- {
		ref := strings.Join(args[:n], "")
		for _, b := range list {
			if ref == compactCode(b.RoomCode) || ref == b.ID {
				return b, args[n:], nil
			}
		}
	}
	ref := args[0]
	if !echoable(ref) {
		ref = "…"
	}
	return booking{}, nil, c.reject(msgBookUnknown, ref)
}

// mayChange lets a booking's organiser and admins change it.
func (c *Call) mayChange(b booking, sender Person) error {
	if samePerson(b.Organiser, sender) || c.isAdmin(sender) {
		return nil
	}
	return c.refuse(msgBookOwner, bold(c.displayName(b.Organiser)), meetingName(c.Lang, b.Title))
}

// meetingCancel is /meeting cancel <room code>.
func meetingCancel(ctx context.Context, c *Call) (Reply, error) {
	if c.reg.bookings == nil {
		return Reply{}, c.reject(msgNoBookings)
	}
	sender, err := c.sender(ctx)
	if err != nil {
		return Reply{}, err
	}
	b, _, err := c.findBooking(ctx, c.Parsed.Word)
	if err != nil {
		return Reply{}, err
	}
	if err := c.mayChange(b, sender); err != nil {
		return Reply{}, err
	}
	if err := c.reg.bookings.Cancel(ctx, b.Organiser.UnionID, b.ID); err != nil {
		return Reply{}, c.bookingError(b, err)
	}
	b.Cancelled = true
	if err := c.reg.saveBooking(ctx, b, false); err != nil {
		return Reply{}, err
	}
	c.reg.record(withRequestIDs(ctx), c.Request.CorpID, result{Action: actCancelBooking, MeetingID: "booking:" + b.ID, By: sender})
	return c.ok(msgBookCancelled, meetingName(c.Lang, b.Title), c.span(b.Start, b.End))
}

// meetingReschedule is /meeting reschedule <room code> <when> [for <duration>].
func meetingReschedule(ctx context.Context, c *Call) (Reply, error) {
	if c.reg.bookings == nil {
		return Reply{}, c.reject(msgNoBookings)
	}
	sender, err := c.sender(ctx)
	if err != nil {
		return Reply{}, err
	}
	b, rest, err := c.findBooking(ctx, c.Parsed.Word)
	if err != nil {
		return Reply{}, err
	}
	if err := c.mayChange(b, sender); err != nil {
		return Reply{}, err
	}
	if len(rest) == 0 {
		return Reply{}, c.reject(msgBookNoWhen)
	}
	now := c.reg.now()
	res, err := when.Parse(rest, now, c.reg.loc)
	if err != nil {
		return Reply{}, c.whenError(err, now)
	}
	length := res.Duration
	if length == 0 {
		length = b.End.Sub(b.Start)
	}
	opts := b.Options
	opts.Start, opts.End, opts.Organiser, opts.Title = res.Start, res.Start.Add(length), b.Organiser.UnionID, b.Title
	if err := c.reg.bookings.Reschedule(ctx, b.ID, opts); err != nil {
		return Reply{}, c.bookingError(b, err)
	}
	b.Start, b.End, b.Options = opts.Start, opts.End, opts
	if err := c.reg.saveBooking(ctx, b, false); err != nil {
		return Reply{}, err
	}
	c.reg.record(withRequestIDs(ctx), c.Request.CorpID, result{Action: actReschedule, MeetingID: "booking:" + b.ID, By: sender})
	return c.ok(msgBookMoved, meetingName(c.Lang, b.Title), c.span(b.Start, b.End))
}

// bookingError explains a refused booking change: DingTalk no longer has
// it (paramsError), or another failure.
func (c *Call) bookingError(b booking, err error) error {
	if errors.Is(err, ErrRejected) || errors.Is(err, ErrMeetingGone) {
		return c.reject(msgBookGone, meetingName(c.Lang, b.Title))
	}
	return err
}
