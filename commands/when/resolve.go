package when

import "time"

// resolve places the phrase in time: its start in now's location, and
// its duration (0 when it gave none). Every day is counted on the
// calendar and every instant built with time.Date in that location, so a
// daylight-saving change never moves "tomorrow 10:00" off 10:00.
func (p phrase) resolve(now time.Time) (time.Time, time.Duration, error) {
	start, date, err := p.start(now)
	if err != nil {
		return time.Time{}, 0, err
	}
	dur, err := p.length(start, date)
	if err != nil {
		return time.Time{}, 0, err
	}
	if start.Before(now) {
		return time.Time{}, 0, &Error{Kind: ErrPast, Time: start}
	}
	return start, dur, nil
}

// start returns the start and the calendar day its clock time counts
// from (for 晚上12点, the day before the start's own date).
func (p phrase) start(now time.Time) (time.Time, civil, error) {
	if p.relative {
		if p.after < time.Minute {
			return time.Time{}, civil{}, &Error{Kind: ErrDuration}
		}
		// Meetings start on the minute; cutting the seconds keeps the
		// start after now, since the offset is at least a minute.
		t := now.Add(p.after).Truncate(time.Minute)
		return t, civilOf(t), nil
	}
	c := p.clock
	if c.period == noPeriod {
		c.period = p.day.period
	}
	mins, ok := c.minutes()
	if !ok {
		return time.Time{}, civil{}, &Error{Kind: ErrNoSuchTime}
	}
	date, ok := p.day.date(now, mins)
	if !ok {
		return time.Time{}, civil{}, &Error{Kind: ErrNoSuchTime}
	}
	t, ok := at(date, mins, now.Location())
	if !ok {
		return time.Time{}, civil{}, &Error{Kind: ErrNoSuchTime}
	}
	return t, date, nil
}

// length returns the duration the phrase asks for: the end of a range
// less the start, or the duration given.
func (p phrase) length(start time.Time, date civil) (time.Duration, error) {
	var d time.Duration
	switch {
	case p.until.set:
		u := p.until
		if u.period == noPeriod && u.h <= 12 { // 下午3点到5点: 5点 is in the afternoon too
			u.period = p.clock.period
			if u.period == noPeriod {
				u.period = p.day.period
			}
		}
		mins, ok := u.minutes()
		end, ok2 := at(date, mins, start.Location())
		if !ok || !ok2 {
			return 0, &Error{Kind: ErrNoSuchTime}
		}
		d = end.Sub(start)
	case p.hasDur:
		d = p.dur
	default:
		return 0, nil
	}
	if d <= 0 || d > MaxDuration {
		return 0, &Error{Kind: ErrDuration}
	}
	return d, nil
}

// date returns the calendar day the phrase names, given the clock time
// (minutes after midnight) it is for. ok is false for a date that does
// not exist, such as 2月30日.
func (d day) date(now time.Time, mins int) (civil, bool) {
	today := civilOf(now)
	weekday := int(now.Weekday())
	switch d.kind {
	case inDays:
		return today.add(d.n), true
	case onWeekday:
		ahead := (d.n - weekday + 7) % 7
		return today.add(ahead).next(now, mins, 7), true
	case nextWeek, thisWeek:
		c := today.add(-(weekday+6)%7 + (d.n+6)%7) // Monday of this week, then the day
		if d.kind == nextWeek {
			c = c.add(7)
		}
		return c, true
	case onDate:
		c := civil{d.y, time.Month(d.m), d.d}
		if d.y == 0 { // no year: this year's, or next year's once it has passed
			c.y = today.y
			if c.m < today.m || c.m == today.m && c.d < today.d {
				c.y++
			}
		}
		return c, c.valid()
	case onMonthDay:
		return today.monthDay(d.d)
	}
	return today.next(now, mins, 1), true // a clock time alone: today, or tomorrow once passed
}

// civil is a day on the calendar.
type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

// add returns the day n days later, counted on the calendar.
func (c civil) add(n int) civil {
	return civilOf(time.Date(c.y, c.m, c.d+n, 12, 0, 0, 0, time.UTC))
}

// next returns c, or the day step days later when the clock time on c
// is already past.
func (c civil) next(now time.Time, mins, step int) civil {
	if t, ok := at(c, mins, now.Location()); ok && t.Before(now) {
		return c.add(step)
	}
	return c
}

// monthDay returns the next day numbered d from c on: in c's month if it
// has not passed, else in the first later month that has it (31号 said
// on 30 November is 31 December).
func (c civil) monthDay(d int) (civil, bool) {
	first := 0
	if d < c.d {
		first = 1
	}
	for i := first; i < first+3; i++ {
		m := civilOf(time.Date(c.y, c.m+time.Month(i), 1, 12, 0, 0, 0, time.UTC))
		if m.d = d; m.valid() {
			return m, true
		}
	}
	return civil{}, false
}

// valid reports whether the day exists: no 30 February, no month 13.
func (c civil) valid() bool {
	return c.m >= time.January && c.m <= time.December && c.d >= 1 &&
		c.d <= time.Date(c.y, c.m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// at returns the instant of a clock time on a day. ok is false when the
// clock skips that time (the hour lost when daylight saving starts). A
// time that happens twice, when daylight saving ends, is the one
// time.Date picks: the first, in current Go.
func at(c civil, mins int, loc *time.Location) (time.Time, bool) {
	t := time.Date(c.y, c.m, c.d, mins/60, mins%60, 0, 0, loc)
	return t, t.Hour()*60+t.Minute() == mins%(24*60)
}
