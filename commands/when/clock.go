package when

// zhPeriods are the parts of the day said before a Chinese clock time,
// longer words first.
var zhPeriods = []struct {
	word string
	p    period
}{
	{"上午", morning}, {"早上", morning}, {"早晨", morning}, {"清晨", morning},
	{"凌晨", dawn}, {"中午", midday},
	{"下午", afternoon}, {"午后", afternoon}, {"傍晚", evening},
	{"晚上", evening}, {"晚间", evening}, {"夜里", evening}, {"夜间", evening},
	{"早", morning}, {"晚", evening},
}

// clock reads a time of day: 10:00, 9:30am, 3pm, at 3, noon, 下午3点半,
// 3点一刻, 十点, 中午.
func (s *scanner) clock(c *clock) bool {
	at := s.kwSpace("at")
	var t clock
	if s.try(func() bool { return s.clockTime(&t, at) }) {
		*c = t
		return true
	}
	if s.kw("noon", "midday", "中午") {
		*c = clock{set: true, h: 12, period: midday}
		return true
	}
	return false
}

// clockTime reads an hour, with the part of the day before it and the
// minutes or am/pm after it.
func (s *scanner) clockTime(c *clock, at bool) bool {
	per := s.zhPeriod()
	if per != noPeriod {
		s.space()
	}
	h, ok := s.number()
	if !ok {
		return false
	}
	*c = clock{set: true, h: h, period: per}
	switch {
	case s.kw(":"):
		if c.m, ok = s.digits(2, 2); !ok {
			return false
		}
		s.ampm(c)
	case s.ampm(c):
	case s.kw("点钟", "点", "时"):
		c.loose = true
		s.zhMinutes(c)
	case at:
		c.loose = true
	default:
		return false
	}
	return true
}

func (s *scanner) zhPeriod() period {
	for _, z := range zhPeriods {
		if s.kw(z.word) {
			return z.p
		}
	}
	return noPeriod
}

// ampm reads am or pm after a clock time, with or without a space.
func (s *scanner) ampm(c *clock) bool {
	return s.try(func() bool {
		s.space()
		switch {
		case s.kw("am", "a.m."):
			c.period = am
		case s.kw("pm", "p.m."):
			c.period = pm
		default:
			return false
		}
		return true
	})
}

// zhMinutes reads the minutes after 点: 半, 一刻, 三刻, 整, 45分, 零五, 四十五.
// A number or 半 that begins a duration (3点半小时, 10点30分钟) is left for
// the duration.
func (s *scanner) zhMinutes(c *clock) {
	switch {
	case s.ahead("半小时", "半个"):
	case s.kw("半"):
		c.m = 30
	case s.kw("一刻"):
		c.m = 15
	case s.kw("三刻"):
		c.m = 45
	case s.kw("整"):
	default:
		s.try(func() bool {
			s.kw("零", "〇")
			m, ok := s.number()
			if !ok || s.ahead("分钟", "小时", "个", "钟", "刻", ".") || s.i < len(s.text) && isLetter(s.text[s.i]) {
				return false
			}
			s.kw("分")
			c.m = m
			return true
		})
	}
}
