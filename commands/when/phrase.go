package when

import "time"

// phrase is what the words say, before it is placed in time.
type phrase struct {
	relative bool          // "in 10m", "10分钟后": the start is now plus after
	after    time.Duration // for relative
	day      day
	clock    clock
	until    clock         // the end of a range: 10:00-11:00, 下午3点到5点
	dur      time.Duration // an explicit duration, valid when hasDur
	hasDur   bool
}

// dayKind says how a day was named.
type dayKind int

const (
	noDay      dayKind = iota // only a clock time: its next occurrence
	inDays                    // today, tomorrow, 后天: today plus n days
	onWeekday                 // fri, 周五: the next time it is that day and clock time
	nextWeek                  // next fri, 下周五: that day of next week (weeks start on Monday)
	thisWeek                  // this fri, 本周五: that day of this week
	onDate                    // dec 8, 12月8日, 2026-12-08 (y is 0 when not given)
	onMonthDay                // 8号: the 8th of this month, or of next month once it has passed
)

// day is the day part of a phrase.
type day struct {
	kind    dayKind
	n       int // days ahead for inDays; a time.Weekday for the weekday kinds
	y, m, d int
	period  period // tonight, 今晚, 明早 also say the part of the day
}

// period is the part of the day a clock time is in.
type period int

const (
	noPeriod  period = iota
	am               // 12am is midnight
	pm               // 12pm is noon
	morning          // 上午, 早上
	dawn             // 凌晨: 凌晨12点 is midnight
	midday           // 中午: 中午1点 is 13:00
	afternoon        // 下午
	evening          // 晚上, 今晚, tonight: 晚上12点 is midnight at the end of that day
)

// clock is a time of day as written.
type clock struct {
	set    bool
	h, m   int
	period period
	// loose marks an hour said rather than written as on a clock (3点,
	// at 3): with no part of the day, 1 to 6 mean the afternoon, since
	// nobody books a meeting at 3 a.m. by saying "3点".
	loose bool
}

// minutes returns the clock time as minutes after the midnight that
// starts its day; 24:00 and later fall on the next day (晚上12点). ok is
// false when there is no such time: 25:00, 13pm, 9:60.
func (c clock) minutes() (int, bool) {
	h := c.h
	ok := c.m >= 0 && c.m <= 59
	switch c.period {
	case noPeriod:
		if c.loose && h >= 1 && h <= 6 {
			h += 12
		}
		ok = ok && h <= 23
	case am, pm:
		ok = ok && h >= 1 && h <= 12
		h %= 12
		if c.period == pm {
			h += 12
		}
	case morning:
		ok = ok && h <= 12
	case dawn:
		ok = ok && (h <= 6 || h == 12)
		h %= 12
	case midday:
		ok = ok && (h >= 1 && h <= 3 || h >= 10 && h <= 15)
		if h <= 3 {
			h += 12
		}
	case afternoon, evening:
		ok = ok && h >= 1 && h <= 23
		if h < 12 || h == 12 && c.period == evening {
			h += 12
		}
	}
	return h*60 + c.m, ok
}
