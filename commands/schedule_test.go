package commands

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeBookings is a Bookings that keeps what it was asked.
type fakeBookings struct {
	mu       sync.Mutex
	booked   []Booking
	moved    map[string]Booking
	cancel   []string
	started  map[string]Meeting
	startedN int
	err      error
}

func (f *fakeBookings) Book(_ context.Context, b Booking) (Booked, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return Booked{}, f.err
	}
	f.booked = append(f.booked, b)
	n := len(f.booked)
	return Booked{ID: fmt.Sprintf("sc%d", n), RoomCode: fmt.Sprintf("838 722 10%d", n), URL: "https://meet.example/b" + fmt.Sprint(n),
		Start: b.Start, End: b.End, Title: b.Title}, nil
}

func (f *fakeBookings) Reschedule(_ context.Context, id string, b Booking) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.moved == nil {
		f.moved = map[string]Booking{}
	}
	f.moved[id] = b
	return f.err
}

func (f *fakeBookings) Cancel(_ context.Context, organiser, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancel = append(f.cancel, organiser+" "+id)
	return f.err
}

func (f *fakeBookings) Started(_ context.Context, id string) (Meeting, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.startedN++
	m, ok := f.started[id]
	return m, ok, nil
}

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// bookEnv is an env with bookings, times in Beijing, a poster and a
// 5-minute reminder. Its clock starts Thursday 20 Nov 2025, 17:00 Beijing.
func bookEnv(t *testing.T) (*env, *fakeBookings, *fakePoster) {
	f, p := &fakeBookings{}, &fakePoster{}
	e := newEnv(t, func(c *Config) {
		c.Bookings, c.Poster, c.Location, c.RemindBefore = f, p, shanghai, 5*time.Minute
	})
	return e, f, p
}

func TestScheduleBooksWithItsSettings(t *testing.T) {
	t.Parallel()
	e, f, _ := bookEnv(t)
	rep := e.handle(req("hana", "/meeting schedule tomorrow 10:00 for 30m Weekly sync cohosts @Bob mute-on-join record", "bob"))
	require.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "Booked **Weekly sync**: Fri 21 Nov 10:00–10:30 (UTC+8). Meeting ID `838 722 101` · [join](https://meet.example/b1)\n"+
		"Settings: co-hosts **Bob**, mute on join, recording.\nTo cancel: `/meeting cancel 838722101`", rep.Text)
	require.Len(t, f.booked, 1)
	b := f.booked[0]
	assert.Equal(t, "u-hana", b.Organiser)
	assert.Equal(t, "Weekly sync", b.Title)
	assert.Equal(t, time.Date(2025, 11, 21, 10, 0, 0, 0, shanghai), b.Start.In(shanghai))
	assert.Equal(t, 30*time.Minute, b.End.Sub(b.Start))
	assert.Equal(t, []string{"u-bob"}, b.CoHosts)
	assert.True(t, b.MuteOnJoin && b.Record)
	assert.False(t, b.Lock || b.Notes || b.WaitingRoom)

	rep = e.handle(req("li", "/会议 预约 明天下午3点 1小时 周会 联席主持人 @张三 自动闪记 锁定 等候室", "zhang"))
	require.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "已预约**周会**：11月21日（周五）15:00–16:00（北京时间）。会议号 `838 722 102` · [入会链接](https://meet.example/b2)\n"+
		"设置：联席主持人**张三**、等候室、自动闪记、锁定会议。\n取消预约：`/取消预约 838722102`", rep.Text)
	assert.True(t, f.booked[1].Notes && f.booked[1].Lock && f.booked[1].WaitingRoom)
}

func TestScheduleTimesThatCannotBeBooked(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"/meeting schedule yesterday 10:00 Sync", "I can't read a time at the start of that"},
		{"/meeting schedule 2025-11-20 09:00 Sync", "I read that as Thu 20 Nov 09:00 (UTC+8), which has passed"},
		{"/会议 预约 今天上午9点 周会", "已经过去了"},
		{"/meeting schedule 25:00 Sync", "There is no such time or date"},
		{"/meeting schedule tomorrow 10:00 for 30h Sync", "at most 24 hours"},
		{"/meeting schedule Sync", "I can't read a time"},
	}
	for _, tt := range tests {
		e, f, _ := bookEnv(t)
		rep := e.handle(req("hana", tt.text))
		assert.Equal(t, Rejected, rep.Outcome, tt.text)
		assert.Contains(t, rep.Text, tt.want, tt.text)
		assert.Empty(t, f.booked, tt.text)
	}
}

func TestScheduleListRescheduleCancel(t *testing.T) {
	t.Parallel()
	e, f, _ := bookEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/meeting schedule fri 3pm Retro")).Outcome)
	require.Equal(t, OK, e.handle(req("cole", "/meeting schedule tomorrow 9:00 Standup")).Outcome)

	rep := e.handle(req("olga", "/meeting schedules"))
	assert.Equal(t, "Booked from this chat (UTC+8):\n"+
		"- Fri 21 Nov 09:00 **Standup** — Meeting ID `838 722 102`, by **Cole**\n"+
		"- Fri 21 Nov 15:00 **Retro** — Meeting ID `838 722 101`, by **Hana**", rep.Text)

	rep = e.handle(req("cole", "/meeting cancel 838 722 101"))
	assert.Equal(t, Refused, rep.Outcome)
	assert.Equal(t, "Only **Hana**, who booked **Retro**, or an admin can change it.", rep.Text)

	rep = e.handle(req("hana", "/meeting reschedule 838722101 mon 16:00"))
	require.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "Moved **Retro** to Mon 24 Nov 16:00–17:00 (UTC+8).", rep.Text)
	assert.Equal(t, time.Date(2025, 11, 24, 16, 0, 0, 0, shanghai), f.moved["sc1"].Start.In(shanghai))
	assert.Equal(t, "u-hana", f.moved["sc1"].Organiser)

	rep = e.handle(req("root", "/会议 取消 838 722 101"))
	require.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, []string{"u-hana sc1"}, f.cancel, "an admin cancels on the organiser's behalf")
	rep = e.handle(req("olga", "/会议 预约列表"))
	assert.NotContains(t, rep.Text, "Retro")

	rep = e.handle(req("hana", "/meeting cancel 111"))
	assert.Equal(t, "No booking from this chat has the Meeting ID or booking id `111` — `/meeting schedules` lists them.", rep.Text)
}

func TestBookedMeetingStartsInItsChat(t *testing.T) {
	t.Parallel()
	e, f, p := bookEnv(t)
	e.unbind()
	require.Equal(t, OK, e.handle(req("hana", "/meeting schedule in 30m Planning cohosts @Bob", "bob")).Outcome)

	rep := e.round()
	assert.Zero(t, rep.Bookings, "not watched before 15 minutes ahead")
	assert.Zero(t, f.startedN)

	e.advance(25 * time.Minute)
	e.round()
	assert.Equal(t, []string{chat + ": **Planning** starts at 17:30 (UTC+8) — join: https://meet.example/b1. Invited: **Bob**."}, p.all())
	assert.Equal(t, 1, f.startedN, "watched from 15 minutes ahead")

	f.started = map[string]Meeting{"sc1": {ID: "m-new", Title: "Planning", RoomCode: "838722101"}}
	e.conf.LiveFn = func(context.Context, []string) ([]LiveMeeting, error) {
		return []LiveMeeting{{MeetingID: "m-new", Status: 2}}, nil
	}
	e.advance(time.Minute)
	e.round()
	e.round()
	posts := p.all()
	require.Len(t, posts, 2, "reminded once, started once")
	assert.Equal(t, chat+": **Planning** has started — this chat controls it now. Meeting ID `838 722 101`. `/meeting panel` shows the control card.", posts[1])
	assert.Equal(t, "m-new", e.boundTo())
	assert.Equal(t, 2, f.startedN, "not asked again once started")
	assert.True(t, strings.HasPrefix(posts[0], chat+": **Planning** starts at"))
}
