package when

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		t      time.Time
		en, zh string
	}{
		{time.Date(2026, 12, 11, 15, 0, 0, 0, shanghai),
			"Fri 11 Dec 15:00 (UTC+8)", "12月11日（周五）15:00（北京时间）"},
		{time.Date(2026, 12, 13, 9, 5, 0, 0, shanghai),
			"Sun 13 Dec 09:05 (UTC+8)", "12月13日（周日）09:05（北京时间）"},
		{time.Date(2027, 1, 1, 10, 0, 0, 0, shanghai), // another year: say which
			"Fri 1 Jan 2027 10:00 (UTC+8)", "2027年1月1日（周五）10:00（北京时间）"},
		{time.Date(2026, 3, 8, 10, 0, 0, 0, newYork),
			"Sun 8 Mar 10:00 (America/New_York)", "3月8日（周日）10:00（America/New_York）"},
		{time.Date(2026, 12, 11, 7, 0, 0, 0, time.UTC),
			"Fri 11 Dec 07:00 (UTC)", "12月11日（周五）07:00（UTC）"},
	}
	for _, tt := range tests {
		t.Run(tt.en, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.en, Format(tt.t, wed, false))
			assert.Equal(t, tt.zh, Format(tt.t, wed, true))
		})
	}
}

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d      time.Duration
		en, zh string
	}{
		{90 * time.Minute, "1 h 30 min", "1 小时 30 分钟"},
		{30 * time.Minute, "30 min", "30 分钟"},
		{2 * time.Hour, "2 h", "2 小时"},
		{24 * time.Hour, "24 h", "24 小时"},
		{0, "0 min", "0 分钟"},
		{89*time.Minute + 40*time.Second, "1 h 30 min", "1 小时 30 分钟"}, // whole minutes
	}
	for _, tt := range tests {
		t.Run(tt.en, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.en, FormatDuration(tt.d, false))
			assert.Equal(t, tt.zh, FormatDuration(tt.d, true))
		})
	}
}

// A reply reads back what Parse understood.
func TestFormatParsed(t *testing.T) {
	t.Parallel()
	r, err := Parse([]string{"周五下午3点半", "一个半小时", "周会"}, wed, shanghai)
	assert.NoError(t, err)
	assert.Equal(t, "12月11日（周五）15:30（北京时间）", Format(r.Start, wed, true))
	assert.Equal(t, "1 小时 30 分钟", FormatDuration(r.Duration, true))
	assert.Equal(t, "Fri 11 Dec 15:30 (UTC+8)", Format(r.Start, wed, false))
}
