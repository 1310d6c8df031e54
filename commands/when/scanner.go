package when

// scanner walks the folded input. Every rule either matches and moves on
// or leaves the cursor where it was, so rules combine as ordered choices.
type scanner struct {
	text []rune
	i    int
}

// try runs rule and puts the cursor back when it does not match.
func (s *scanner) try(rule func() bool) bool {
	start := s.i
	if rule() {
		return true
	}
	s.i = start
	return false
}

// space skips spaces and reports whether there were any.
func (s *scanner) space() bool {
	start := s.i
	for s.i < len(s.text) && s.text[s.i] == ' ' {
		s.i++
	}
	return s.i > start
}

// kw matches the first of keys that the text continues with. A key that
// ends in an ASCII letter must not run on into another letter: "mon"
// does not match "month". Chinese has no such boundary.
func (s *scanner) kw(keys ...string) bool {
	for _, k := range keys {
		if n, ok := s.match(k); ok {
			s.i += n
			return true
		}
	}
	return false
}

// ahead reports whether the text continues with one of keys, without
// moving.
func (s *scanner) ahead(keys ...string) bool {
	for _, k := range keys {
		if _, ok := s.match(k); ok {
			return true
		}
	}
	return false
}

// match reports the length in runes of k if the text continues with it.
func (s *scanner) match(k string) (int, bool) {
	n, last := 0, rune(0)
	for _, r := range k {
		if s.i+n >= len(s.text) || s.text[s.i+n] != r {
			return 0, false
		}
		n, last = n+1, r
	}
	if isLetter(last) && s.i+n < len(s.text) && isLetter(s.text[s.i+n]) {
		return 0, false
	}
	return n, n > 0
}

// kwSpace matches a key followed by at least one space: "next mon".
func (s *scanner) kwSpace(keys ...string) bool {
	return s.try(func() bool { return s.kw(keys...) && s.space() })
}

// digits reads a run of ASCII digits whose length is within [min, max];
// a longer run does not match at all, so "123" is never read as 12.
func (s *scanner) digits(min, max int) (int, bool) {
	n, v := 0, 0
	for s.i+n < len(s.text) && isDigit(s.text[s.i+n]) {
		if n == max {
			return 0, false
		}
		v = v*10 + int(s.text[s.i+n]-'0')
		n++
	}
	if n < min || n == 0 {
		return 0, false
	}
	s.i += n
	return v, true
}

// zhDigits are the Chinese numerals below ten; 两 is 2 when counting.
var zhDigits = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3,
	'四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// zhNumber reads a Chinese number below 100: 三, 十, 十二, 二十, 四十五.
func (s *scanner) zhNumber() (int, bool) {
	start := s.i
	tens, ok := s.zhDigit()
	if !s.kw("十") {
		return tens, ok
	}
	if !ok {
		tens = 1
	} else if tens == 0 {
		s.i = start
		return 0, false
	}
	n := tens * 10
	if u, ok := s.zhDigit(); ok && u > 0 {
		n += u
	} else if ok {
		s.i-- // 二十零: leave the 零
	}
	return n, true
}

func (s *scanner) zhDigit() (int, bool) {
	if s.i < len(s.text) {
		if v, ok := zhDigits[s.text[s.i]]; ok {
			s.i++
			return v, true
		}
	}
	return 0, false
}

// number reads a small whole number in digits (at most two) or in Chinese.
func (s *scanner) number() (int, bool) {
	if n, ok := s.digits(1, 2); ok {
		return n, true
	}
	return s.zhNumber()
}

func isDigit(r rune) bool  { return r >= '0' && r <= '9' }
func isLetter(r rune) bool { return r >= 'a' && r <= 'z' }
