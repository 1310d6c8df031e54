package when

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests need these zones even where the system has none

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	shanghai = mustLoad("Asia/Shanghai")
	newYork  = mustLoad("America/New_York")

	wed   = time.Date(2026, 12, 9, 10, 30, 0, 0, shanghai)  // Wednesday
	fri   = time.Date(2026, 12, 11, 10, 30, 0, 0, shanghai) // Friday morning
	nov30 = time.Date(2026, 11, 30, 10, 30, 0, 0, shanghai) // Monday, last of the month
	dec31 = time.Date(2026, 12, 31, 10, 30, 0, 0, shanghai) // Thursday, last of the year
	// New York: daylight saving starts 2026-03-08 02:00 and ends 2026-11-01 02:00.
	nySat      = time.Date(2026, 3, 7, 10, 30, 0, 0, newYork)
	nySunEarly = time.Date(2026, 3, 8, 1, 30, 0, 0, newYork)
	nyOct31    = time.Date(2026, 10, 31, 10, 30, 0, 0, newYork)
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// stamp is how the tests write an instant: local time and zone
// abbreviation, which also shows the offset in New York.
const stamp = "2006-01-02 15:04 MST"

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		now  time.Time
		want string
	}{
		// English, on Wednesday 9 Dec 2026 10:30 in Shanghai.
		{"tomorrow 10:00", wed, "2026-12-10 10:00 CST"},
		{"today 15:30", wed, "2026-12-09 15:30 CST"},
		{"tonight 8pm", wed, "2026-12-09 20:00 CST"},
		{"tonight at 8", wed, "2026-12-09 20:00 CST"},
		{"fri 3pm", wed, "2026-12-11 15:00 CST"},
		{"friday 15:00", wed, "2026-12-11 15:00 CST"},
		{"Friday 3 PM", wed, "2026-12-11 15:00 CST"},
		{"next mon 9:30", wed, "2026-12-14 09:30 CST"},
		{"next fri 3pm", wed, "2026-12-18 15:00 CST"},
		{"this fri 3pm", wed, "2026-12-11 15:00 CST"},
		{"mon 9am", wed, "2026-12-14 09:00 CST"},
		{"wed 11am", wed, "2026-12-09 11:00 CST"},
		{"wed 9am", wed, "2026-12-16 09:00 CST"},
		{"2026-12-18 09:30", wed, "2026-12-18 09:30 CST"},
		{"2027/1/5 9:30", wed, "2027-01-05 09:30 CST"},
		{"12-18 09:30", wed, "2026-12-18 09:30 CST"},
		{"12/8 9:30", wed, "2027-12-08 09:30 CST"}, // passed this year
		{"dec 8 9:30", wed, "2027-12-08 09:30 CST"},
		{"8 dec 9:30", wed, "2027-12-08 09:30 CST"},
		{"Dec 18th at 3pm", wed, "2026-12-18 15:00 CST"},
		{"december 18, 2026 10:00", wed, "2026-12-18 10:00 CST"},
		{"9:30", wed, "2026-12-10 09:30 CST"}, // passed today
		{"11:45", wed, "2026-12-09 11:45 CST"},
		{"3pm", wed, "2026-12-09 15:00 CST"},
		{"noon", wed, "2026-12-09 12:00 CST"},
		{"12am", wed, "2026-12-10 00:00 CST"},
		{"12pm", wed, "2026-12-09 12:00 CST"},
		{"12:30 a.m.", wed, "2026-12-10 00:30 CST"},
		{"in 10m", wed, "2026-12-09 10:40 CST"},
		{"in 10 min", wed, "2026-12-09 10:40 CST"},
		{"in 2h", wed, "2026-12-09 12:30 CST"},
		{"in 1h30m", wed, "2026-12-09 12:00 CST"},
		{"in 90 minutes", wed, "2026-12-09 12:00 CST"},
		{"in half an hour", wed, "2026-12-09 11:00 CST"},
		{"at 3pm tomorrow", wed, "2026-12-10 15:00 CST"},
		{"3pm tomorrow", wed, "2026-12-10 15:00 CST"},
		{"on fri at 10am", wed, "2026-12-11 10:00 CST"},
		{"tomorrow at noon", wed, "2026-12-10 12:00 CST"},
		{"tomorrow at 3", wed, "2026-12-10 15:00 CST"},
		{"TOMORROW 10:00AM", wed, "2026-12-10 10:00 CST"},
		{"day after tomorrow 9:00", wed, "2026-12-11 09:00 CST"},
		// Chinese, same now.
		{"明天上午10点", wed, "2026-12-10 10:00 CST"},
		{"明天 10:00", wed, "2026-12-10 10:00 CST"},
		{"明天 上午10点", wed, "2026-12-10 10:00 CST"},
		{"明天１０：３０", wed, "2026-12-10 10:30 CST"},
		{"１１：３０", wed, "2026-12-09 11:30 CST"},
		{"后天下午3点", wed, "2026-12-11 15:00 CST"},
		{"大后天 9:00", wed, "2026-12-12 09:00 CST"},
		{"今天下午3点半", wed, "2026-12-09 15:30 CST"},
		{"今晚8点", wed, "2026-12-09 20:00 CST"},
		{"今天晚上8点", wed, "2026-12-09 20:00 CST"},
		{"明晚8点", wed, "2026-12-10 20:00 CST"},
		{"周五下午3点半", wed, "2026-12-11 15:30 CST"},
		{"星期五 15:00", wed, "2026-12-11 15:00 CST"},
		{"礼拜五下午三点", wed, "2026-12-11 15:00 CST"},
		{"下周一 9:30", wed, "2026-12-14 09:30 CST"},
		{"下周一上午九点", wed, "2026-12-14 09:00 CST"},
		{"下个星期五 10点", wed, "2026-12-18 10:00 CST"},
		{"本周五 10点", wed, "2026-12-11 10:00 CST"},
		{"周日 10:00", wed, "2026-12-13 10:00 CST"},
		{"星期天上午10点", wed, "2026-12-13 10:00 CST"},
		{"12月8日 9:30", wed, "2027-12-08 09:30 CST"},
		{"12月18号上午9点半", wed, "2026-12-18 09:30 CST"},
		{"2026年12月18日 09:30", wed, "2026-12-18 09:30 CST"},
		{"十二月十八日 下午两点", wed, "2026-12-18 14:00 CST"},
		{"18号 10点", wed, "2026-12-18 10:00 CST"},
		{"8号 10点", wed, "2027-01-08 10:00 CST"},
		{"10分钟后", wed, "2026-12-09 10:40 CST"},
		{"2小时后", wed, "2026-12-09 12:30 CST"},
		{"半小时后", wed, "2026-12-09 11:00 CST"},
		{"一个半小时以后", wed, "2026-12-09 12:00 CST"},
		{"3点一刻", wed, "2026-12-09 15:15 CST"},
		{"3点45分", wed, "2026-12-09 15:45 CST"},
		{"三点四十五", wed, "2026-12-09 15:45 CST"},
		{"3点05分", wed, "2026-12-09 15:05 CST"},
		{"三点零五", wed, "2026-12-09 15:05 CST"},
		{"两点", wed, "2026-12-09 14:00 CST"},
		{"十二点", wed, "2026-12-09 12:00 CST"},
		{"7点", wed, "2026-12-10 07:00 CST"}, // 7 is not read as 19:00
		{"中午12点", wed, "2026-12-09 12:00 CST"},
		{"中午1点", wed, "2026-12-09 13:00 CST"},
		{"早上8点", wed, "2026-12-10 08:00 CST"},
		{"凌晨1点", wed, "2026-12-10 01:00 CST"},
		{"晚上12点", wed, "2026-12-10 00:00 CST"},
		{"下午3:30", wed, "2026-12-09 15:30 CST"},
		{"明天10点钟", wed, "2026-12-10 10:00 CST"},
		{"明天10点整", wed, "2026-12-10 10:00 CST"},
		{"明天中午", wed, "2026-12-10 12:00 CST"},
		// A weekday on that very day: today while the time is ahead.
		{"fri 3pm", fri, "2026-12-11 15:00 CST"},
		{"fri 9am", fri, "2026-12-18 09:00 CST"},
		{"周五下午3点", fri, "2026-12-11 15:00 CST"},
		{"周五上午9点", fri, "2026-12-18 09:00 CST"},
		{"next fri 3pm", fri, "2026-12-18 15:00 CST"},
		{"下周日 10点", fri, "2026-12-20 10:00 CST"},
		{"周日 10点", fri, "2026-12-13 10:00 CST"},
		// The end of a month.
		{"tomorrow 10:00", nov30, "2026-12-01 10:00 CST"},
		{"明天上午10点", nov30, "2026-12-01 10:00 CST"},
		{"fri 3pm", nov30, "2026-12-04 15:00 CST"},
		{"下周一 9:30", nov30, "2026-12-07 09:30 CST"},
		{"in 14h", nov30, "2026-12-01 00:30 CST"},
		{"1号 10点", nov30, "2026-12-01 10:00 CST"},
		{"30号 11:00", nov30, "2026-11-30 11:00 CST"},
		{"31号 10点", nov30, "2026-12-31 10:00 CST"},
		// The end of a year.
		{"tomorrow 10:00", dec31, "2027-01-01 10:00 CST"},
		{"明天 9:00", dec31, "2027-01-01 09:00 CST"},
		{"下周一 9:30", dec31, "2027-01-04 09:30 CST"},
		{"next mon 9:30", dec31, "2027-01-04 09:30 CST"},
		{"1月2日 10点", dec31, "2027-01-02 10:00 CST"},
		{"jan 2 10am", dec31, "2027-01-02 10:00 CST"},
		{"1/2 10:00", dec31, "2027-01-02 10:00 CST"},
		{"fri 3pm", dec31, "2027-01-01 15:00 CST"},
		{"2号 10点", dec31, "2027-01-02 10:00 CST"},
		{"9:00", dec31, "2027-01-01 09:00 CST"},
		{"晚上12点", dec31, "2027-01-01 00:00 CST"},
		// Daylight saving in New York: local times stay put.
		{"tomorrow 10:00", nySat, "2026-03-08 10:00 EDT"},
		{"sun 9am", nySat, "2026-03-08 09:00 EDT"},
		{"9:00", nySat, "2026-03-08 09:00 EDT"},
		{"明天上午10点", nySat, "2026-03-08 10:00 EDT"},
		{"in 24h", nySat, "2026-03-08 11:30 EDT"}, // 24 real hours
		{"in 1h", nySunEarly, "2026-03-08 03:30 EDT"},
		{"3:00", nySunEarly, "2026-03-08 03:00 EDT"},
		{"tomorrow 10:00", nyOct31, "2026-11-01 10:00 EST"},
		{"明天上午10点", nyOct31, "2026-11-01 10:00 EST"},
		{"11-01 01:30", nyOct31, "2026-11-01 01:30 EDT"}, // happens twice: the first
		{"next mon 9:30", nyOct31, "2026-11-02 09:30 EST"},
	}
	for _, tt := range tests {
		t.Run(tt.in+"@"+tt.now.Format("Jan2"), func(t *testing.T) {
			t.Parallel()
			got, err := Parse(strings.Fields(tt.in), tt.now, tt.now.Location())
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.Start.Format(stamp))
			assert.Equal(t, tt.now.Location(), got.Start.Location())
			assert.Zero(t, got.Duration)
			assert.Empty(t, got.Rest)
		})
	}
}
