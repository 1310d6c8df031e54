package commands

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSortCoHosts(t *testing.T) {
	t.Parallel()
	p := func(ids ...string) []Person {
		var out []Person
		for _, id := range ids {
			out = append(out, people[id])
		}
		return out
	}
	tests := []struct {
		name                    string
		targets                 []Person
		add                     bool
		changed, already, hosts []Person
	}{
		{"add a member", p("alice"), true, p("alice"), nil, nil},
		{"add a co-host", p("cole"), true, nil, p("cole"), nil},
		{"add the host", p("hana"), true, nil, nil, p("hana")},
		{"add someone not in the list: the call decides", p("bob"), true, p("bob"), nil, nil},
		{"add a mix, in order", p("cole", "alice", "hana", "li"), true, p("alice", "li"), p("cole"), p("hana")},
		{"remove a co-host", p("cole"), false, p("cole"), nil, nil},
		{"remove a member", p("alice"), false, nil, p("alice"), nil},
		{"remove the host", p("hana"), false, nil, nil, p("hana")},
		{"remove someone not in the list: the call decides", p("bob"), false, p("bob"), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := sortCoHosts(m1Members(), tt.targets, tt.add)
			assert.Equal(t, coHostChange{changed: tt.changed, already: tt.already, hosts: tt.hosts}, got)
		})
	}
}

func TestCoHostNoOpsSayWhatHappened(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		req     Request
		call    string // "" for none
		reply   string
		records int
	}{
		{"already a co-host: no call", req("hana", "/cohost add", "cole"), "",
			"**Cole** is already a co-host of **周会 Weekly sync**.", 0},
		{"already a co-host, in Chinese", req("hana", "/设为联席主持人", "cole"), "",
			"**Cole** 已是 **周会 Weekly sync** 的联席主持人。", 0},
		{"mixed: only the new one is called", req("hana", "/cohost add", "cole", "alice"), "AddCoHosts m1 u-alice",
			"**Alice** can now co-host **周会 Weekly sync**. **Cole** was already a co-host.", 1},
		{"mixed, in Chinese", req("hana", "/联席主持人 添加", "alice", "cole", "li"), "AddCoHosts m1 u-alice,u-li",
			"已将 **Alice**、**李四** 设为联席主持人（**周会 Weekly sync**）。**Cole** 原本就是联席主持人。", 1},
		{"the host is never made co-host", req("hana", "/cohost add", "hana"), "",
			"**Hana** is the host of **周会 Weekly sync**.", 0},
		{"not a co-host: no call", req("hana", "/cohost remove", "alice"), "",
			"**Alice** is not a co-host of **周会 Weekly sync**.", 0},
		{"several not co-hosts", req("hana", "/cohost remove", "alice", "li"), "",
			"**Alice** and **李四** are not co-hosts of **周会 Weekly sync**.", 0},
		{"not a co-host, in Chinese", req("hana", "/取消联席主持人", "alice"), "",
			"**Alice** 不是 **周会 Weekly sync** 的联席主持人。", 0},
		{"remove mixed", req("hana", "/cohost remove", "cole", "alice", "zhang"), "RemoveCoHosts m1 u-cole",
			"Removed **Cole** as co-host of **周会 Weekly sync**. **Alice** and **张三** were not co-hosts.", 1},
		{"remove mixed, in Chinese", req("hana", "/联席主持人 移除", "alice", "cole"), "RemoveCoHosts m1 u-cole",
			"已取消 **Cole** 的联席主持人（**周会 Weekly sync**）。**Alice** 原本就不是联席主持人。", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rep := e.handle(tt.req)
			assert.Equal(t, OK, rep.Outcome, rep.Text)
			assert.Equal(t, tt.reply, rep.Text)
			var want []string
			if tt.call != "" {
				want = []string{tt.call}
			}
			assert.Equal(t, want, e.conf.controlCalls())
			assert.Len(t, e.trail(), tt.records, "an action that changes nobody is not recorded")
		})
	}
}

func TestCoHostNoOpIsCheckedAgainstAFreshList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome) // caches the member list
	// Cole loses the role in the DingTalk client; the cached list still says co-host.
	e.conf.MembersFn = func(context.Context, string) ([]Member, error) {
		ms := m1Members()
		ms[1].CoHost = false
		return ms, nil
	}
	e.advance(2 * time.Second) // past minRefresh, within the member cache's life
	n := e.conf.Count("Members")
	rep := e.handle(req("hana", "/cohost add", "cole"))
	assert.Equal(t, "**Cole** can now co-host **周会 Weekly sync**.", rep.Text)
	assert.Equal(t, []string{"AddCoHosts m1 u-cole"}, e.since(1))
	assert.Equal(t, n+1, e.conf.Count("Members"), "one refetch to confirm the no-op")
}

func TestUndoTakesBackOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		setup   []Request // each must succeed
		undo    Request
		want    []string // control calls made by the undo
		outcome Outcome
		reply   string
	}{
		{"adding a co-host who already was: nothing to undo",
			[]Request{req("hana", "/cohost add", "cole")}, req("hana", "/undo"), nil, Rejected,
			"You have nothing to undo in **周会 Weekly sync** — `/undo` takes back your own control actions of the last 10 minutes."},
		{"removing a non-co-host: nothing to undo",
			[]Request{req("hana", "/cohost remove", "alice")}, req("hana", "/撤销"), nil, Rejected, ""},
		{"mixed add: only the new co-host is removed",
			[]Request{req("hana", "/cohost add", "cole", "alice")}, req("hana", "/undo"),
			[]string{"RemoveCoHosts m1 u-alice"}, OK,
			"Undone: your last action in **周会 Weekly sync** (made **Alice** co-host at 09:00). Now **Alice** can no longer co-host."},
		{"mixed remove: only the former co-host is restored",
			[]Request{req("hana", "/cohost remove", "alice", "cole")}, req("hana", "/undo"),
			[]string{"AddCoHosts m1 u-cole"}, OK, ""},
		{"a no-op does not hide the action before it",
			[]Request{req("hana", "/spotlight", "alice"), req("hana", "/cohost add", "cole")}, req("hana", "/undo"),
			[]string{"Unfocus m1 u-alice"}, OK, ""},
		{"mute all twice: the second changed nothing",
			[]Request{req("hana", "/mute all"), req("hana", "/mute all")}, req("hana", "/撤销"), nil, Rejected,
			"你在 **周会 Weekly sync** 的上一步操作（开启了全员静音，09:00）没有可恢复的内容，无需撤销。"},
		{"unmute all with no mute record: nothing to restore",
			[]Request{req("hana", "/unmute all")}, req("hana", "/undo"), nil, Rejected, ""},
		{"mute then unmute: undo mutes again",
			[]Request{req("hana", "/mute all"), req("hana", "/unmute all")}, req("hana", "/undo"),
			[]string{"MuteAll m1 true"}, OK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			for _, r := range tt.setup {
				require.Equal(t, OK, e.handle(r).Outcome, r.Text)
			}
			n := len(e.conf.controlCalls())
			rep := e.handle(tt.undo)
			assert.Equal(t, tt.outcome, rep.Outcome, rep.Text)
			if tt.want == nil {
				assert.Empty(t, e.since(n))
			} else {
				assert.Equal(t, tt.want, e.since(n))
			}
			if tt.reply != "" {
				assert.Equal(t, tt.reply, rep.Text)
			}
		})
	}
}

func TestMuteAllAlreadyMutedStillCallsDingTalk(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/mute all")).Outcome)
	rep := e.handle(req("hana", "/mute all"))
	assert.Equal(t, "Muted everyone in **周会 Weekly sync**.", rep.Text)
	assert.Equal(t, []string{"MuteAll m1 true", "MuteAll m1 true"}, e.conf.controlCalls(),
		"someone may have unmuted in the client: the call is made")
	trail := e.trail()
	require.Len(t, trail, 2)
	assert.Nil(t, trail[0].Undo, "no undo step that would unmute a meeting muted before")
	assert.Equal(t, &step{Action: actUnmuteAll}, trail[1].Undo)
}

func TestUndoOfAnActionAlreadyChangedBack(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "zhang")).Outcome)
	require.Equal(t, OK, e.handle(req("hana", "/cohost add", "alice")).Outcome)
	require.Equal(t, OK, e.handle(req("cole", "/cohost remove", "alice")).Outcome)
	n := len(e.conf.controlCalls())

	rep := e.handle(req("hana", "/undo"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "Your last action in **周会 Weekly sync** (made **Alice** co-host at 09:00) was already changed back, so I changed nothing. Now **Alice** can no longer co-host.", rep.Text)
	assert.Empty(t, e.since(n), "nothing to change: no call")
	assert.Equal(t, auditUnchanged, e.trail()[0].Outcome)

	log := e.handle(req("hana", "/meeting log"))
	assert.Contains(t, log.Text, "undo: removed **Alice** as co-host — nothing to change")

	rep = e.handle(req("hana", "/undo")) // walks further back
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, []string{"Unfocus m1 u-zhang"}, e.since(n))
}

func TestFailedUndoLeavesTheActionUndoable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/cohost add", "alice")).Outcome)
	fail := true
	e.conf.RemoveCoHostsFn = func(context.Context, string, []string) error {
		if fail {
			fail = false
			return fmt.Errorf("remove: %w", ErrBusy)
		}
		return nil
	}
	assert.Equal(t, Failed, e.handle(req("hana", "/undo")).Outcome)
	rep := e.handle(req("hana", "/undo"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, []string{"AddCoHosts m1 u-alice", "RemoveCoHosts m1 u-alice", "RemoveCoHosts m1 u-alice"},
		e.conf.controlCalls())
}
