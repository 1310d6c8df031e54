package when

// phrase reads the whole booking phrase: a start, then either the end of
// a range or a duration, each optional after the start.
//
//	phrase   = start [range | duration]
//	start    = relative | [on] day [,] [at] clock | clock [[on] day]
//	relative = in amount | amount 后
//	range    = (- | ~ | to | until | 到 | 至) clock
//	duration = [for | 时长 | 持续] amount
func (s *scanner) phrase() (phrase, bool) {
	var p phrase
	ok := false
	for _, rule := range []func(*phrase) bool{s.relative, s.dayClock, s.clockDay} {
		p = phrase{}
		if ok = s.try(func() bool { return rule(&p) }); ok {
			break
		}
	}
	if !ok {
		return phrase{}, false
	}
	if p.clock.set && s.try(func() bool { return s.until(&p) }) {
		return p, true
	}
	s.try(func() bool {
		s.space()
		if s.kwSpace("for") || s.kw("时长", "持续") {
			s.kw(":")
			s.space()
		}
		p.dur, p.hasDur = s.duration()
		return p.hasDur
	})
	return p, true
}

// relative reads "in 10m" or "10分钟后".
func (s *scanner) relative(p *phrase) bool {
	in := s.kw("in")
	s.space()
	d, ok := s.duration()
	if !in {
		s.space()
		ok = ok && s.kw("以后", "之后", "后")
	}
	p.relative, p.after = ok, d
	return ok
}

// dayClock reads a day and then a clock time: tomorrow 10:00,
// 明天上午10点, on fri at 3pm, dec 8, 9:30.
func (s *scanner) dayClock(p *phrase) bool {
	s.kwSpace("on")
	if !s.day(&p.day) {
		return false
	}
	s.kw(",")
	s.space()
	return s.clock(&p.clock)
}

// clockDay reads a clock time, optionally followed by a day: 9:30,
// 3pm tomorrow, 10:00 on fri.
func (s *scanner) clockDay(p *phrase) bool {
	if !s.clock(&p.clock) {
		return false
	}
	var d day
	if s.try(func() bool {
		s.space()
		s.kwSpace("on")
		return s.day(&d)
	}) {
		p.day = d
	}
	return true
}

// until reads the end of a range: 10:00-11:00, 3pm to 4pm, 下午3点到5点.
func (s *scanner) until(p *phrase) bool {
	s.space()
	if !s.kw("-", "~", "到", "至") && !s.kwSpace("to", "until", "till") {
		return false
	}
	s.space()
	var c clock
	if !s.clock(&c) {
		return false
	}
	p.until = c
	return true
}
