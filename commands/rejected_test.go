package commands

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A 400 from a control call is not "the meeting ended": only the
// meeting's own info decides that.
func TestRejectedControlCallIsCheckedAgainstTheMeetingsInfo(t *testing.T) {
	t.Parallel()
	rejected := func(context.Context, string, string) error { return fmt.Errorf("focus: %w", ErrRejected) }
	tests := []struct {
		name      string
		info      func(context.Context, string) (Meeting, error)
		text      string
		want      string
		outcome   Outcome
		stayBound bool
	}{
		{"live meeting: an honest reply, binding kept",
			func(context.Context, string) (Meeting, error) { return m1Meeting, nil }, "/spotlight",
			"DingTalk refused `/spotlight` for **周会 Weekly sync**. Check in DingTalk that the meeting is running and the people you named have joined, then try again; `/meeting` shows what I know of it.",
			Rejected, true},
		{"live meeting, Chinese",
			func(context.Context, string) (Meeting, error) { return m1Meeting, nil }, "/聚焦",
			"钉钉拒绝了 `/聚焦`（**周会 Weekly sync**）。请在钉钉中确认会议仍在进行、所指定的人已入会，然后重试；发送 `/会议` 查看会议状态。",
			Rejected, true},
		{"info says status 1: ended, unbound",
			func(context.Context, string) (Meeting, error) { e := m1Meeting; e.Ended = true; return e, nil }, "/spotlight",
			"**周会 Weekly sync** has ended; 7 attended.\n- **Hana** 0 min\n- **Cole** 0 min\n- **Alice** 0 min\n- **Alan** 0 min\n- **张三** 0 min\n- **李四** 0 min\n- **Olga** 0 min\n" +
				"Start a new one with `/meeting start` or bind another with `/meeting use <Meeting ID>`.",
			Rejected, false},
		{"info says not found: ended, unbound",
			func(context.Context, string) (Meeting, error) { return Meeting{}, ErrMeetingGone }, "/spotlight", "",
			Rejected, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.conf.FocusFn = rejected
			e.conf.InfoFn = tt.info
			rep := e.handle(req("hana", tt.text, "alice"))
			assert.Equal(t, tt.outcome, rep.Outcome)
			if tt.want != "" {
				assert.Equal(t, tt.want, rep.Text)
			}
			assert.Equal(t, 1, e.conf.Count("Info"), "one fresh info call decides")
			if tt.stayBound {
				assert.Equal(t, m1, e.boundTo())
			} else {
				assert.Empty(t, e.boundTo())
			}
		})
	}
}

func TestQuotaExceededSaysSoAndWhereToLook(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.conf.FocusFn = func(context.Context, string, string) error { return fmt.Errorf("focus: %w", ErrQuota) }
	rep := e.handle(req("hana", "/spotlight", "alice"))
	assert.Equal(t, Failed, rep.Outcome)
	assert.Contains(t, rep.Text, "used up this month's DingTalk API quota")
	assert.Contains(t, rep.Text, "open-dev.dingtalk.com")
	assert.Equal(t, m1, e.boundTo())
	zh := e.handle(req("hana", "/聚焦", "alice"))
	assert.Contains(t, zh.Text, "本组织本月的钉钉 API 调用额度已用完")
	assert.Equal(t, auditQuota, e.trail()[0].Outcome)
}
