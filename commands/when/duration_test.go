package when

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"tomorrow 10:00 30m", 30 * time.Minute},
		{"tomorrow 10:00 90m", 90 * time.Minute},
		{"tomorrow 10:00 1h", time.Hour},
		{"tomorrow 10:00 1.5h", 90 * time.Minute},
		{"tomorrow 10:00 1.25h", 75 * time.Minute},
		{"tomorrow 10:00 1h30m", 90 * time.Minute},
		{"tomorrow 10:00 1h 30m", 90 * time.Minute},
		{"tomorrow 10:00 1h30", 90 * time.Minute},
		{"tomorrow 10:00 45 min", 45 * time.Minute},
		{"tomorrow 10:00 45 mins", 45 * time.Minute},
		{"tomorrow 10:00 2 hours", 2 * time.Hour},
		{"tomorrow 10:00 1 hour 30 minutes", 90 * time.Minute},
		{"tomorrow 10:00 for 45m", 45 * time.Minute},
		{"tomorrow 10:00 for 2 hours", 2 * time.Hour},
		{"tomorrow 10:00 for an hour", time.Hour},
		{"tomorrow 10:00 half an hour", 30 * time.Minute},
		{"tomorrow 10:00 24h", 24 * time.Hour},
		{"tomorrow 10:00 1440m", 24 * time.Hour},
		{"明天10点 半小时", 30 * time.Minute},
		{"明天10点半小时", 30 * time.Minute}, // 半 before 小时 is the duration's
		{"明天10点 半个小时", 30 * time.Minute},
		{"明天10点 1小时", time.Hour},
		{"明天10点 一小时", time.Hour},
		{"明天10点 两小时", 2 * time.Hour},
		{"明天10点 一个半小时", 90 * time.Minute},
		{"明天10点 1个半小时", 90 * time.Minute},
		{"明天10点 1个小时", time.Hour},
		{"明天10点 一个钟头", time.Hour},
		{"明天10点 90分钟", 90 * time.Minute},
		{"明天10点30分钟", 30 * time.Minute}, // 30 before 分钟 is the duration's
		{"明天10点 1小时30分钟", 90 * time.Minute},
		{"明天10点 1小时30分", 90 * time.Minute},
		{"明天10点 一刻钟", 15 * time.Minute},
		{"明天10点 1.5小时", 90 * time.Minute},
		{"明天10点 时长1小时", time.Hour},
		{"明天10点 时长：1小时", time.Hour},
		{"明天10点 持续2小时", 2 * time.Hour},
		{"明天上午10点 ９０分钟", 90 * time.Minute},
		{"in 10m for 30m", 30 * time.Minute},
		{"10分钟后 1小时", time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(strings.Fields(tt.in), wed, shanghai)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.Duration)
			assert.Empty(t, got.Rest)
		})
	}
}

func TestParseRange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		now   time.Time
		start string
		dur   time.Duration
	}{
		{"tomorrow 10:00-11:30", wed, "2026-12-10 10:00 CST", 90 * time.Minute},
		{"tomorrow 10:00 - 11:30", wed, "2026-12-10 10:00 CST", 90 * time.Minute},
		{"tomorrow 3pm to 4:30", wed, "2026-12-10 15:00 CST", 90 * time.Minute},
		{"tomorrow 3pm until 5pm", wed, "2026-12-10 15:00 CST", 2 * time.Hour},
		{"明天下午3点到5点", wed, "2026-12-10 15:00 CST", 2 * time.Hour},
		{"明天下午3点至4点半", wed, "2026-12-10 15:00 CST", 90 * time.Minute},
		{"明天10:00～11:00", wed, "2026-12-10 10:00 CST", time.Hour},
		{"今晚8点到10点", wed, "2026-12-09 20:00 CST", 2 * time.Hour},
		{"明天晚上11点到12点", wed, "2026-12-10 23:00 CST", time.Hour},
		{"3点到4点", wed, "2026-12-09 15:00 CST", time.Hour},
		// Real elapsed time when the clocks go back: 01:00 EDT to 03:00 EST.
		{"tomorrow 1:00-3:00", nyOct31, "2026-11-01 01:00 EDT", 3 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(strings.Fields(tt.in), tt.now, tt.now.Location())
			require.NoError(t, err)
			assert.Equal(t, tt.start, got.Start.Format(stamp))
			assert.Equal(t, tt.dur, got.Duration)
			assert.Empty(t, got.Rest)
		})
	}
}

func TestParseRest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		words []string
		dur   time.Duration
		rest  []string
	}{
		{[]string{"tomorrow", "10:00", "Weekly", "sync"}, 0, []string{"Weekly", "sync"}},
		{[]string{"tomorrow", "10:00", "1h", "Weekly", "sync", "--mute"}, time.Hour, []string{"Weekly", "sync", "--mute"}},
		{[]string{"tomorrow", "10:00", "for", "the", "team"}, 0, []string{"for", "the", "team"}},
		{[]string{"tomorrow", "10:00", "2", "people"}, 0, []string{"2", "people"}},
		{[]string{"tomorrow", "10:00,", "Weekly"}, 0, []string{"Weekly"}},
		{[]string{"tomorrow", "10:00", "to", "plan"}, 0, []string{"to", "plan"}},
		{[]string{"fri", "3pm", "demo"}, 0, []string{"demo"}},
		{[]string{"in", "10m", "standup"}, 0, []string{"standup"}},
		{[]string{"明天10点周会"}, 0, []string{"周会"}},
		{[]string{"明天10点，周会", "讨论"}, 0, []string{"周会", "讨论"}},
		{[]string{"明天10点（周会）"}, 0, []string{"（周会）"}},
		{[]string{"明天", "上午10点", "1小时", "周会"}, time.Hour, []string{"周会"}},
		{[]string{"明天10点1小时周会"}, time.Hour, []string{"周会"}},
		{[]string{"明天10点", "3楼会议室"}, 0, []string{"3楼会议室"}},
		{[]string{"明天10点Sync"}, 0, []string{"Sync"}},
		{[]string{"10分钟后", "站会"}, 0, []string{"站会"}},
		{[]string{"明天", "", "10:00", "", "Weekly"}, 0, []string{"Weekly"}},
		{[]string{"  tomorrow ", "\u300010:00", "Weekly"}, 0, []string{"Weekly"}},
		{[]string{"\u200btomorrow", "10:00\u00a0Weekly"}, 0, []string{"Weekly"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.words, " "), func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.words, wed, shanghai)
			require.NoError(t, err)
			assert.Equal(t, tt.dur, got.Duration)
			assert.Equal(t, tt.rest, got.Rest)
		})
	}
}
