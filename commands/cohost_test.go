package commands

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCoHosts(t *testing.T) {
	t.Parallel()
	direct := func(r Request) Request { r.ChatKind = Direct; return r }
	tests := []struct {
		name    string
		req     Request
		call    string
		outcome Outcome
		reply   string
		command string
	}{
		{"add several in one call", req("hana", "/cohost add", "alice", "zhang"), "AddCoHosts m1 u-alice,u-zhang", OK,
			"Made **Alice** and **张三** co-hosts.", "cohost.add"},
		{"duplicate mentions are a set", req("hana", "/cohost add", "alice", "alice"), "AddCoHosts m1 u-alice", OK,
			"Made **Alice** co-host.", "cohost.add"},
		{"chinese glued", req("hana", "/设为联席主持人@李四", "li"), "AddCoHosts m1 u-li", OK,
			"已将**李四**设为联席主持人。", "cohost.add"},
		{"chinese group form", req("hana", "/联席主持人添加@李四@张三", "li", "zhang"), "AddCoHosts m1 u-li,u-zhang", OK,
			"已将**李四**、**张三**设为联席主持人。", "cohost.add"},
		{"bare names in 1:1", direct(req("hana", "/cohost add Alice 张三")), "AddCoHosts m1 u-alice,u-zhang", OK,
			"Made **Alice** and **张三** co-hosts.", "cohost.add"},
		{"remove", req("hana", "/cohost remove", "cole"), "RemoveCoHosts m1 u-cole", OK,
			"**Cole** is no longer a co-host.", "cohost.remove"},
		{"remove chinese", req("hana", "/取消联席主持人 @Cole", "cole"), "RemoveCoHosts m1 u-cole", OK,
			"已取消**Cole**的联席主持人身份。", "cohost.remove"},
		{"one not in meeting", req("hana", "/cohost add", "alice", "bob"), "AddCoHosts m1 u-alice,u-bob", Rejected,
			"**Bob** hasn't joined yet — ask them to join, then try again.", "cohost.add"},
		{"missing target", req("hana", "/cohost add"), "", Rejected,
			"Usage: `/cohost add @user [@user …]`\nExample: `/cohost add @Bob @Carol`", "cohost.add"},
		{"missing target chinese", req("hana", "/取消联席主持人"), "", Rejected,
			"用法：`/取消联席主持人 @某人`\n示例：`/取消联席主持人 @李四`", "cohost.remove"},
		{"group alone", req("hana", "/cohost"), "", Rejected,
			"`/cohost` needs one of:\n- `/cohost add @user [@user …]` — Make people co-hosts.\n- `/cohost remove @user [@user …]` — Take the co-host role away.", "cohost"},
		{"chinese group alone", req("hana", "/联席主持人"), "", Rejected,
			"`/联席主持人` 需要以下之一：\n- `/设为联席主持人 @某人` — 设为联席主持人，可一次指定多人。\n- `/取消联席主持人 @某人` — 取消联席主持人身份，可一次指定多人。", "cohost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rep := e.handle(tt.req)
			assert.Equal(t, tt.reply, rep.Text)
			assert.Equal(t, tt.outcome, rep.Outcome)
			assert.Equal(t, tt.command, rep.Command)
			var want []string
			if tt.call != "" {
				want = []string{tt.call}
			}
			assert.Equal(t, want, e.conf.controlCalls())
		})
	}
}

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
			"**Cole** is already a co-host.", 0},
		{"already a co-host, in Chinese", req("hana", "/设为联席主持人", "cole"), "",
			"**Cole**已是联席主持人。", 0},
		{"mixed: only the new one is called", req("hana", "/cohost add", "cole", "alice"), "AddCoHosts m1 u-alice",
			"Made **Alice** co-host. **Cole** is already a co-host.", 1},
		{"mixed, in Chinese", req("hana", "/联席主持人 添加", "alice", "cole", "li"), "AddCoHosts m1 u-alice,u-li",
			"已将**Alice**、**李四**设为联席主持人。**Cole**已是联席主持人。", 1},
		{"the host is never made co-host", req("hana", "/cohost add", "hana"), "",
			"**Hana** is the host.", 0},
		{"not a co-host: no call", req("hana", "/cohost remove", "alice"), "",
			"**Alice** is not a co-host.", 0},
		{"several not co-hosts", req("hana", "/cohost remove", "alice", "li"), "",
			"**Alice** and **李四** are not co-hosts.", 0},
		{"not a co-host, in Chinese", req("hana", "/取消联席主持人", "alice"), "",
			"**Alice**不是联席主持人。", 0},
		{"remove mixed", req("hana", "/cohost remove", "cole", "alice", "zhang"), "RemoveCoHosts m1 u-cole",
			"**Cole** is no longer a co-host. **Alice** and **张三** are not co-hosts.", 1},
		{"remove mixed, in Chinese", req("hana", "/联席主持人 移除", "alice", "cole"), "RemoveCoHosts m1 u-cole",
			"已取消**Cole**的联席主持人身份。**Alice**不是联席主持人。", 1},
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
	assert.Equal(t, "Made **Cole** co-host.", rep.Text)
	assert.Equal(t, []string{"AddCoHosts m1 u-cole"}, e.since(1))
	assert.Equal(t, n+1, e.conf.Count("Members"), "one refetch to confirm the no-op")
}
