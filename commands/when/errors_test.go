package when

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		now  time.Time
		kind error
	}{
		{"", wed, ErrUnreadable},
		{"hello", wed, ErrUnreadable},
		{"Weekly sync", wed, ErrUnreadable},
		{"tomorrow", wed, ErrUnreadable}, // a day needs a time
		{"明天", wed, ErrUnreadable},
		{"tomorrow 10", wed, ErrUnreadable}, // a bare number is not a time
		{"10", wed, ErrUnreadable},
		{"in", wed, ErrUnreadable},
		{"in 10", wed, ErrUnreadable},
		{"3pmx", wed, ErrUnreadable},
		{"tomorrow 10:0", wed, ErrUnreadable},
		{"周八 10点", wed, ErrUnreadable},
		{"next week 10:00", wed, ErrUnreadable},
		{"25:00", wed, ErrNoSuchTime},
		{"tomorrow 25:00", wed, ErrNoSuchTime},
		{"tomorrow 24:00", wed, ErrNoSuchTime},
		{"9:60", wed, ErrNoSuchTime},
		{"13pm", wed, ErrNoSuchTime},
		{"0am", wed, ErrNoSuchTime},
		{"上午15点", wed, ErrNoSuchTime},
		{"2月30日 10点", wed, ErrNoSuchTime},
		{"2月29日 10点", wed, ErrNoSuchTime}, // 2027 is no leap year
		{"13/1 9:00", wed, ErrNoSuchTime},
		{"2026-04-31 9:00", wed, ErrNoSuchTime},
		{"32号 10点", wed, ErrNoSuchTime},
		{"tomorrow 10:00-25:00", wed, ErrNoSuchTime},
		{"2026-03-08 02:30", nySat, ErrNoSuchTime}, // skipped by daylight saving
		{"tomorrow 10:00 25h", wed, ErrDuration},
		{"tomorrow 10:00 0m", wed, ErrDuration},
		{"tomorrow 10:00 for 1441 minutes", wed, ErrDuration},
		{"明天10点 25小时", wed, ErrDuration},
		{"明天10点 0分钟", wed, ErrDuration},
		{"in 0m", wed, ErrDuration},
		{"tomorrow 10:00-09:00", wed, ErrDuration},
		{"tomorrow 10:00-10:00", wed, ErrDuration},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(strings.Fields(tt.in), tt.now, tt.now.Location())
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.kind)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.kind, e.Kind)
			assert.True(t, e.Time.IsZero())
		})
	}
}

func TestParsePast(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // the instant the phrase was read as
	}{
		{"today 9:00", "2026-12-09 09:00 CST"},
		{"今天上午9点", "2026-12-09 09:00 CST"},
		{"2026-12-08 09:30", "2026-12-08 09:30 CST"},
		{"2026年12月8日 09:30", "2026-12-08 09:30 CST"},
		{"dec 9 9am", "2026-12-09 09:00 CST"}, // today's date: not next year
		{"9号 9点", "2026-12-09 09:00 CST"},
		{"this mon 10am", "2026-12-07 10:00 CST"},
		{"本周一 10点", "2026-12-07 10:00 CST"},
		{"2025年1月1日 10点", "2025-01-01 10:00 CST"},
		{"tonight 12am", "2026-12-09 00:00 CST"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(strings.Fields(tt.in), wed, shanghai)
			require.ErrorIs(t, err, ErrPast)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.want, e.Time.Format(stamp))
			assert.Contains(t, e.Error(), "has passed")
		})
	}
}

func TestParseNilLocation(t *testing.T) {
	t.Parallel()
	got, err := Parse([]string{"tomorrow", "10:00"}, wed, nil)
	require.NoError(t, err)
	assert.Equal(t, "2026-12-10 10:00 CST", got.Start.Format(stamp))
}

func TestErrorIsByKind(t *testing.T) {
	t.Parallel()
	var err error = &Error{Kind: ErrPast, Time: wed}
	assert.True(t, errors.Is(err, ErrPast))
	assert.False(t, errors.Is(err, ErrUnreadable))
	assert.Equal(t, "when: that time has passed: 2026-12-09 10:30 CST", err.Error())
	assert.Equal(t, "when: no time at the start", (&Error{Kind: ErrUnreadable}).Error())
}

// "in 10m" is cut to the minute and still not before now.
func TestParseRelativeOnTheMinute(t *testing.T) {
	t.Parallel()
	now := wed.Add(45 * time.Second)
	for _, in := range []string{"in 10m", "10分钟后"} {
		got, err := Parse(strings.Fields(in), now, shanghai)
		require.NoError(t, err)
		assert.Equal(t, "2026-12-09 10:40:00 CST", got.Start.Format("2006-01-02 15:04:05 MST"))
		assert.False(t, got.Start.Before(now))
	}
	got, err := Parse([]string{"in", "1m"}, now, shanghai)
	require.NoError(t, err)
	assert.Equal(t, "2026-12-09 10:31:00 CST", got.Start.Format("2006-01-02 15:04:05 MST"))
}
