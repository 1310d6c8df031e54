package when

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// fuzzZones are zones with daylight saving, odd offsets (+05:45) and a
// half-hour daylight-saving shift (Lord Howe).
var fuzzZones = []*time.Location{shanghai, newYork, time.UTC,
	mustLoad("Asia/Kathmandu"), mustLoad("Australia/Lord_Howe"), mustLoad("Europe/London")}

// FuzzParse: Parse never panics; it returns an *Error of a known kind, or
// a start not before now, in the given zone, a duration within bounds and
// a Rest that is what follows the phrase in the words.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"tomorrow 10:00 1h Weekly sync", "明天上午10点 一个半小时 周会",
		"周五下午3点半", "next mon 9:30", "in 1h30m", "10分钟后 站会", "12/8 9:30", "dec 8, 2026 9:30",
		"明天10点，周会", "明天下午3点到5点 评审", "tomorrow 10:00-11:30", "１０：３０", "晚上12点",
		"2026-03-08 02:30", "3点一刻", "二十零点", "in 999999.999h", "12am", "tonight at 8"} {
		f.Add(s, int64(0), uint8(0))
	}
	f.Add("tomorrow 10:00", int64(1_000_000), uint8(1))
	f.Fuzz(func(t *testing.T, s string, minutes int64, zone uint8) {
		loc := fuzzZones[int(zone)%len(fuzzZones)]
		const century = 100 * 366 * 24 * 60
		now := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(minutes%century) * time.Minute).In(loc)
		for _, words := range [][]string{strings.Split(s, " "), strings.Fields(s)} {
			r, err := Parse(words, now, loc)
			if err != nil {
				checkError(t, err, now)
				continue
			}
			if r.Start.Before(now) || r.Start.Location() != loc {
				t.Fatalf("%q: start %v, now %v", s, r.Start, now)
			}
			if r.Duration < 0 || r.Duration > MaxDuration {
				t.Fatalf("%q: duration %v", s, r.Duration)
			}
			checkRest(t, words, r.Rest)
		}
	})
}

func checkError(t *testing.T, err error, now time.Time) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	switch e.Kind {
	case ErrUnreadable, ErrNoSuchTime, ErrDuration:
		if !e.Time.IsZero() {
			t.Fatalf("%v carries a time", err)
		}
	case ErrPast:
		if !e.Time.Before(now) {
			t.Fatalf("%v: %v is not before %v", err, e.Time, now)
		}
	default:
		t.Fatalf("unknown kind %v", e.Kind)
	}
}

// checkRest: Rest is a suffix of words, except that its first element
// may be the end of a word the phrase stopped inside; never blank.
func checkRest(t *testing.T, words, rest []string) {
	t.Helper()
	if len(rest) == 0 {
		return
	}
	k := len(words) - len(rest)
	if k < 0 || !strings.HasSuffix(words[k], rest[0]) || strings.TrimFunc(rest[0], isBlank) == "" {
		t.Fatalf("rest %q of %q", rest, words)
	}
	for i := 1; i < len(rest); i++ {
		if rest[i] != words[k+i] {
			t.Fatalf("rest %q of %q", rest, words)
		}
	}
}
