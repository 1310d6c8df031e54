package commands

import (
	"context"
	"encoding/json"
	"testing"

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
			"**Alice** and **张三** can now co-host **周会 Weekly sync**.", "cohost.add"},
		{"duplicate mentions are a set", req("hana", "/cohost add", "alice", "alice"), "AddCoHosts m1 u-alice", OK,
			"**Alice** can now co-host **周会 Weekly sync**.", "cohost.add"},
		{"chinese glued", req("hana", "/设为联席主持人@李四", "li"), "AddCoHosts m1 u-li", OK,
			"已将 **李四** 设为联席主持人（**周会 Weekly sync**）。", "cohost.add"},
		{"chinese group form", req("hana", "/联席主持人添加@李四@张三", "li", "zhang"), "AddCoHosts m1 u-li,u-zhang", OK,
			"已将 **李四**、**张三** 设为联席主持人（**周会 Weekly sync**）。", "cohost.add"},
		{"bare names in 1:1", direct(req("hana", "/cohost add Alice 张三")), "AddCoHosts m1 u-alice,u-zhang", OK,
			"**Alice** and **张三** can now co-host **周会 Weekly sync**.", "cohost.add"},
		{"remove", req("hana", "/cohost remove", "cole"), "RemoveCoHosts m1 u-cole", OK,
			"Removed **Cole** as co-host of **周会 Weekly sync**.", "cohost.remove"},
		{"remove chinese", req("hana", "/取消联席主持人 @Cole", "cole"), "RemoveCoHosts m1 u-cole", OK,
			"已取消 **Cole** 的联席主持人（**周会 Weekly sync**）。", "cohost.remove"},
		{"one not in meeting", req("hana", "/cohost add", "alice", "bob"), "AddCoHosts m1 u-alice,u-bob", Rejected,
			"Not in **周会 Weekly sync**: **Bob** — ask them to join first, then try again.", "cohost.add"},
		{"missing target", req("hana", "/cohost add"), "", Rejected,
			"Usage: `/cohost add @user [@user …]`\nExample: `/cohost add @Bob @Carol`", "cohost.add"},
		{"missing target chinese", req("hana", "/取消联席主持人"), "", Rejected,
			"用法：`/联席主持人 移除 @某人 [@某人 …]`\n示例：`/取消联席主持人 @李四`", "cohost.remove"},
		{"group alone", req("hana", "/cohost"), "", Rejected,
			"`/cohost` needs one of:\n- `/cohost add @user [@user …]` — Make people co-hosts.\n- `/cohost remove @user [@user …]` — Take the co-host role away.", "cohost"},
		{"chinese group alone", req("hana", "/联席主持人"), "", Rejected,
			"`/联席主持人` 需要以下之一：\n- `/联席主持人 添加 @某人 [@某人 …]` — 设为联席主持人。\n- `/联席主持人 移除 @某人 [@某人 …]` — 取消联席主持人。", "cohost"},
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

func TestActionsAreAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/cohost add", "alice", "zhang")).Outcome)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "zhang")).Outcome)
	_, err := e.reg.muteAll(context.Background(), corp, m1, people["hana"], true)
	require.NoError(t, err)

	raw, err := e.kv.Last(context.Background(), auditKey(corp, m1), 10)
	require.NoError(t, err)
	require.Len(t, raw, 4)
	var got []result
	for _, b := range raw {
		var r result
		require.NoError(t, json.Unmarshal(b, &r))
		got = append(got, r)
	}
	assert.Equal(t, actMuteAll, got[0].Action)
	assert.Equal(t, &step{Action: actUnmuteAll}, got[0].Undo)
	// Spotlighting zhang undoes to alice, the previous spotlight.
	assert.Equal(t, actFocus, got[1].Action)
	assert.Equal(t, "u-alice", got[1].Undo.Targets[0].UnionID)
	assert.Equal(t, &step{Action: actUnfocus, Targets: got[2].Targets}, got[2].Undo)
	assert.Equal(t, actAddCoHosts, got[3].Action)
	assert.Equal(t, actRemoveCoHosts, got[3].Undo.Action)
	assert.Len(t, got[3].Undo.Targets, 2)
	assert.Equal(t, "hana", got[3].By.UserID)
	assert.Equal(t, e.clock(), got[3].At)
	assert.Equal(t, []string{"MuteAll m1 true"}, e.conf.controlCalls()[3:])
}
