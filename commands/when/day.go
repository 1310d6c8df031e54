package when

import "time"

// relDays are the words for a day counted from today.
var relDays = []struct {
	word string
	n    int
	p    period
}{
	{"today", 0, noPeriod}, {"tonight", 0, evening},
	{"tomorrow", 1, noPeriod}, {"tmrw", 1, noPeriod}, {"tmr", 1, noPeriod},
	{"the day after tomorrow", 2, noPeriod}, {"day after tomorrow", 2, noPeriod},
	{"今天", 0, noPeriod}, {"今日", 0, noPeriod}, {"今晚", 0, evening}, {"今早", 0, morning},
	{"明天", 1, noPeriod}, {"明日", 1, noPeriod}, {"明晚", 1, evening}, {"明早", 1, morning},
	{"大后天", 3, noPeriod}, {"后天", 2, noPeriod},
}

// enWeekdays are the English day names and their usual short forms.
var enWeekdays = []struct {
	words []string
	d     time.Weekday
}{
	{[]string{"monday", "mon"}, time.Monday},
	{[]string{"tuesday", "tues", "tue"}, time.Tuesday},
	{[]string{"wednesday", "weds", "wed"}, time.Wednesday},
	{[]string{"thursday", "thurs", "thur", "thu"}, time.Thursday},
	{[]string{"friday", "fri"}, time.Friday},
	{[]string{"saturday", "sat"}, time.Saturday},
	{[]string{"sunday", "sun"}, time.Sunday},
}

// zhWeekdays are what follows 周, 星期 or 礼拜; 周7 is Sunday.
var zhWeekdays = map[rune]time.Weekday{'一': time.Monday, '二': time.Tuesday, '三': time.Wednesday,
	'四': time.Thursday, '五': time.Friday, '六': time.Saturday, '日': time.Sunday, '天': time.Sunday,
	'1': time.Monday, '2': time.Tuesday, '3': time.Wednesday, '4': time.Thursday,
	'5': time.Friday, '6': time.Saturday, '7': time.Sunday}

// months are the English month names; the first four letters of
// September are allowed too.
var months = [...][]string{{"january", "jan"}, {"february", "feb"}, {"march", "mar"},
	{"april", "apr"}, {"may"}, {"june", "jun"}, {"july", "jul"}, {"august", "aug"},
	{"september", "sept", "sep"}, {"october", "oct"}, {"november", "nov"}, {"december", "dec"}}

// day reads a day: today, tomorrow, 后天, fri, next mon, 下周一, dec 8,
// 8 dec, 12/8, 2026-12-08, 12月8日, 8号.
func (s *scanner) day(d *day) bool {
	for _, rule := range []func(*day) bool{s.relDay, s.weekday, s.date} {
		var t day
		if s.try(func() bool { return rule(&t) }) {
			*d = t
			return true
		}
	}
	return false
}

func (s *scanner) relDay(d *day) bool {
	for _, r := range relDays {
		if s.kw(r.word) {
			*d = day{kind: inDays, n: r.n, period: r.p}
			return true
		}
	}
	return false
}

// weekday reads a day of the week, with next/this or 下/本/这 before it.
func (s *scanner) weekday(d *day) bool {
	kind := onWeekday
	switch {
	case s.kwSpace("next"), s.kw("下个", "下"):
		kind = nextWeek
	case s.kwSpace("this"), s.kw("这个", "这", "本"):
		kind = thisWeek
	}
	*d = day{kind: kind}
	for _, w := range enWeekdays {
		if s.kw(w.words...) {
			d.n = int(w.d)
			return true
		}
	}
	if !s.kw("周", "星期", "礼拜") || s.i >= len(s.text) {
		return false
	}
	wd, ok := zhWeekdays[s.text[s.i]]
	s.i++
	d.n = int(wd)
	return ok
}

// date reads a calendar date. Numeric dates put the month first, as
// Chinese and American users both write them: 12/8 is 8 December.
func (s *scanner) date(d *day) bool {
	for _, rule := range []func(*day) bool{s.isoDate, s.zhDate, s.nameDate, s.dayName, s.monthDay, s.dayOfMonth} {
		t := day{kind: onDate}
		if s.try(func() bool { return rule(&t) }) {
			*d = t
			return true
		}
	}
	return false
}

// isoDate reads 2026-12-08, 2026/12/8 or 2026.12.08.
func (s *scanner) isoDate(d *day) bool {
	var ok bool
	if d.y, ok = s.digits(4, 4); !ok || s.i >= len(s.text) {
		return false
	}
	sep := string(s.text[s.i])
	if !s.kw("-", "/", ".") {
		return false
	}
	if d.m, ok = s.digits(1, 2); !ok || !s.kw(sep) {
		return false
	}
	d.d, ok = s.digits(1, 2)
	return ok
}

// dayOfMonth reads 8号 or 8日: a day of this month or the next.
func (s *scanner) dayOfMonth(d *day) bool {
	var ok bool
	d.kind = onMonthDay
	d.d, ok = s.number()
	return ok && s.kw("日", "号")
}

// monthDay reads 12-08 or 12/8.
func (s *scanner) monthDay(d *day) bool {
	var ok bool
	if d.m, ok = s.digits(1, 2); !ok || !s.kw("-", "/") {
		return false
	}
	d.d, ok = s.digits(1, 2)
	return ok
}

// zhDate reads 12月8日, 12月8号, 十二月八日 and 2026年12月8日.
func (s *scanner) zhDate(d *day) bool {
	if !s.try(func() bool {
		var ok bool
		d.y, ok = s.digits(4, 4)
		return ok && s.kw("年")
	}) {
		d.y = 0
	}
	s.space()
	var ok bool
	if d.m, ok = s.number(); !ok || !s.kw("月") {
		return false
	}
	s.space()
	d.d, ok = s.number()
	return ok && s.kw("日", "号")
}

// nameDate reads dec 8, December 8th, dec 8, 2026.
func (s *scanner) nameDate(d *day) bool {
	var ok bool
	if d.m, ok = s.monthName(); !ok {
		return false
	}
	s.space()
	if d.d, ok = s.digits(1, 2); !ok {
		return false
	}
	s.kw("st", "nd", "rd", "th")
	s.year(d)
	return true
}

// dayName reads 8 dec, 8th December 2026.
func (s *scanner) dayName(d *day) bool {
	var ok bool
	if d.d, ok = s.digits(1, 2); !ok {
		return false
	}
	s.kw("st", "nd", "rd", "th")
	s.space()
	if d.m, ok = s.monthName(); !ok {
		return false
	}
	s.year(d)
	return true
}

// year reads an optional year after an English date: ", 2026" or " 2026".
func (s *scanner) year(d *day) {
	if !s.try(func() bool {
		s.kw(",")
		s.space()
		var ok bool
		d.y, ok = s.digits(4, 4)
		return ok
	}) {
		d.y = 0
	}
	s.kw(",")
}

func (s *scanner) monthName() (int, bool) {
	for i, names := range months {
		if s.kw(names...) {
			s.kw(".")
			return i + 1, true
		}
	}
	return 0, false
}
