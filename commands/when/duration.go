package when

import "time"

// The units of a duration. English units must not run on into a letter
// (kw checks), so "m" does not match "mon"; a digit may follow: 1h30.
var (
	hourUnits   = []string{"小时", "钟头", "钟", "hours", "hour", "hrs", "hr", "h"}
	minuteUnits = []string{"分钟", "分", "minutes", "minute", "mins", "min", "m"}
)

// duration reads an amount of time: 30m, 1.5h, 1h30m, 1h 30m, 45 min,
// 2 hours, half an hour, 半小时, 1小时, 1个小时, 一个半小时, 90分钟,
// 1小时30分钟. It is rounded to the minute; its bounds are checked later.
func (s *scanner) duration() (time.Duration, bool) {
	switch {
	case s.kw("half an hour", "半个小时", "半小时", "半个钟头"):
		return 30 * time.Minute, true
	case s.kw("an hour"):
		return time.Hour, true
	case s.kw("一刻钟"):
		return 15 * time.Minute, true
	case s.kw("三刻钟"):
		return 45 * time.Minute, true
	}
	var hours time.Duration
	if !s.try(func() bool {
		var ok bool
		hours, ok = s.amount(time.Hour, hourUnits, true)
		return ok
	}) {
		d, ok := s.amount(time.Minute, minuteUnits, false)
		return d.Round(time.Minute), ok
	}
	var mins time.Duration
	s.try(func() bool {
		s.space()
		var ok bool
		mins, ok = s.amount(time.Minute, minuteUnits, false)
		return ok
	})
	if mins == 0 && s.i > 0 && s.text[s.i-1] == 'h' { // 1h30
		if m, ok := s.digits(2, 2); ok {
			mins = time.Duration(m) * time.Minute
		}
	}
	return (hours + mins).Round(time.Minute), true
}

// amount reads a number and one of units: "1.5 h", "90分钟", "两个小时".
// With half, 个半 before the unit adds half a unit: 一个半小时.
func (s *scanner) amount(unit time.Duration, units []string, half bool) (time.Duration, bool) {
	milli, ok := s.decimal()
	if !ok {
		return 0, false
	}
	s.space()
	if half && s.kw("个半") {
		milli += 500
	} else {
		s.kw("个")
	}
	if !s.kw(units...) {
		return 0, false
	}
	return time.Duration(milli) * unit / 1000, true
}

// decimal reads a number in thousandths: 90 → 90000, 1.5 → 1500, 一 → 1000.
// At most six digits before the point and three after keep it far from
// overflow.
func (s *scanner) decimal() (int64, bool) {
	n, ok := s.digits(1, 6)
	if !ok {
		n, ok = s.zhNumber()
		return int64(n) * 1000, ok
	}
	milli := int64(n) * 1000
	s.try(func() bool {
		start := s.i
		if !s.kw(".") {
			return false
		}
		f, ok := s.digits(1, 3)
		for i := s.i - start - 1; i < 3; i++ {
			f *= 10
		}
		milli += int64(f)
		return ok
	})
	return milli, true
}
