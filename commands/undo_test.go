package commands

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// trail returns m1's audit records, newest first.
func (e *env) trail() []result {
	e.t.Helper()
	out, err := e.reg.auditTrail(context.Background(), corp, m1, 100)
	require.NoError(e.t, err)
	return out
}

// since returns the control calls made after the first n.
func (e *env) since(n int) []string { return e.conf.controlCalls()[n:] }

func TestUndoRevertsTheSendersLastAction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup []Request // run in order, each must succeed
		undo  Request
		want  []string // control calls made by the undo
		reply string
	}{
		{"spotlight with none before → off",
			[]Request{req("hana", "/spotlight", "alice")}, req("hana", "/undo"),
			[]string{"Unfocus m1 u-alice"},
			"Undone: spotlighted **Alice** (at 09:00 UTC). Now the spotlight on **Alice** is off."},
		{"spotlight → the previous spotlight",
			[]Request{req("hana", "/spotlight", "alice"), req("hana", "/spotlight", "zhang")}, req("hana", "/undo"),
			[]string{"Focus m1 u-alice"},
			"Undone: spotlighted **张三** (at 09:00 UTC). Now **Alice** is spotlighted again."},
		{"spotlight off → the previous spotlight",
			[]Request{req("hana", "/spotlight", "alice"), req("hana", "/spotlight off")}, req("hana", "/undo"),
			[]string{"Focus m1 u-alice"}, ""},
		{"co-hosts added → removed",
			[]Request{req("hana", "/cohost add", "alice", "li")}, req("hana", "/undo"),
			[]string{"RemoveCoHosts m1 u-alice,u-li"},
			"Undone: gave **Alice** and **李四** the co-host role (at 09:00 UTC). Now **Alice** and **李四** can no longer co-host."},
		{"co-host removed → added",
			[]Request{req("hana", "/cohost remove", "cole")}, req("hana", "/撤销"),
			[]string{"AddCoHosts m1 u-cole"},
			"已撤销：取消**Cole**的联席主持人身份（UTC 09:00）。现在**Cole**重新成为联席主持人。"},
		{"only the sender's own action, with its inverse as recorded",
			[]Request{req("hana", "/spotlight", "alice"), req("cole", "/spotlight", "zhang")}, req("hana", "/undo"),
			[]string{"Unfocus m1 u-alice"}, ""},
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
			assert.Equal(t, OK, rep.Outcome, rep.Text)
			assert.Equal(t, "undo", rep.Command)
			assert.Equal(t, tt.want, e.since(n))
			if tt.reply != "" {
				assert.Equal(t, tt.reply, rep.Text)
			}
		})
	}
}

func TestUndoMuteAllUnmutesAll(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx, _ := withRequestInfo(context.Background(), req("hana", ""))
	_, err := e.reg.muteAll(ctx, corp, m1, people["hana"], true)
	require.NoError(t, err)
	rep := e.handle(req("hana", "/undo"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, []string{"MuteAll m1 true", "MuteAll m1 false"}, e.conf.controlCalls())
	assert.Contains(t, rep.Text, "muted everyone")
	assert.Contains(t, rep.Text, "everyone is unmuted")
}

func TestUndoTwiceWalksBackAndUndoIsNotUndone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.handle(req("hana", "/spotlight", "alice"))
	e.handle(req("hana", "/spotlight", "zhang"))
	require.Equal(t, OK, e.handle(req("hana", "/undo")).Outcome)
	require.Equal(t, OK, e.handle(req("hana", "/undo")).Outcome)
	assert.Equal(t, []string{"Focus m1 u-alice", "Focus m1 u-zhang", "Focus m1 u-alice", "Unfocus m1 u-alice"},
		e.conf.controlCalls())
	rep := e.handle(req("hana", "/undo"))
	assert.Equal(t, Rejected, rep.Outcome)
	assert.Equal(t, "You have nothing to undo in **周会 Weekly sync** — `/undo` takes back your own control actions of the last 10 minutes.", rep.Text)
	assert.Len(t, e.conf.controlCalls(), 4)
}

func TestUndoRefusals(t *testing.T) {
	t.Parallel()
	spotlightAlice := func(e *env) { e.handle(req("hana", "/spotlight", "alice")) }
	tests := []struct {
		name    string
		setup   func(e *env)
		undo    Request
		outcome Outcome
		text    string
	}{
		{"someone else's action", spotlightAlice, req("cole", "/undo"), Refused,
			"You have nothing to undo in **周会 Weekly sync**. The last action was **Hana**'s (spotlighted **Alice**) — `/undo` only takes back your own actions; ask them to undo it."},
		{"someone else's action, in Chinese", spotlightAlice, req("cole", "/撤销"), Refused,
			"你在**周会 Weekly sync**中没有可撤销的操作。最近一次操作来自**Hana**（让全员看**Alice**），`/撤销` 只能撤销自己的操作，请让对方撤销。"},
		{"after 10 minutes", func(e *env) {
			spotlightAlice(e)
			e.advance(10*time.Minute + time.Second)
		}, req("hana", "/undo"), Refused,
			"Your last action in **周会 Weekly sync** (spotlighted **Alice** at 09:00 UTC) is more than 10 minutes old, so it can't be undone — change it back with a command instead."},
		{"after 10 minutes, in Chinese", func(e *env) {
			spotlightAlice(e)
			e.advance(11 * time.Minute)
		}, req("hana", "/撤销"), Refused,
			"你在**周会 Weekly sync**的上一步操作（让全员看**Alice**，UTC 09:00）已超过 10 分钟，无法撤销，请直接用命令改回。"},
		{"nothing done", func(*env) {}, req("hana", "/undo"), Rejected, ""},
		{"a failed action is not undone", func(e *env) {
			e.handle(req("hana", "/spotlight", "bob")) // bob is not in the meeting
		}, req("hana", "/undo"), Rejected, ""},
		{"no longer allowed", func(e *env) {
			e.handle(req("cole", "/spotlight", "alice"))
			e.conf.MembersFn = func(context.Context, string) ([]Member, error) {
				ms := m1Members()
				ms[1].CoHost = false
				return ms, nil
			}
			e.advance(time.Minute) // past the member cache
		}, req("cole", "/undo"), Refused, "Only the host or a co-host of **周会 Weekly sync** can change the spotlight."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			tt.setup(e)
			n, records := len(e.conf.controlCalls()), len(e.trail())
			rep := e.handle(tt.undo)
			assert.Equal(t, tt.outcome, rep.Outcome, rep.Text)
			if tt.text != "" {
				assert.Equal(t, tt.text, rep.Text)
			}
			assert.Len(t, e.conf.controlCalls(), n, "a refused undo calls nothing")
			assert.Len(t, e.trail(), records, "a refused undo records nothing")
		})
	}
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
			"Undone: gave **Alice** the co-host role (at 09:00 UTC). Now **Alice** can no longer co-host."},
		{"mixed remove: only the former co-host is restored",
			[]Request{req("hana", "/cohost remove", "alice", "cole")}, req("hana", "/undo"),
			[]string{"AddCoHosts m1 u-cole"}, OK, ""},
		{"a no-op does not hide the action before it",
			[]Request{req("hana", "/spotlight", "alice"), req("hana", "/cohost add", "cole")}, req("hana", "/undo"),
			[]string{"Unfocus m1 u-alice"}, OK, ""},
		{"mute all twice: the second changed nothing",
			[]Request{req("hana", "/mute all"), req("hana", "/mute all")}, req("hana", "/撤销"), nil, Rejected,
			"你在**周会 Weekly sync**的上一步操作（开启全员静音，UTC 09:00）没有可恢复的内容，无需撤销。"},
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

func TestUndoOfAnActionAlreadyChangedBack(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "zhang")).Outcome)
	require.Equal(t, OK, e.handle(req("hana", "/cohost add", "alice")).Outcome)
	require.Equal(t, OK, e.handle(req("cole", "/cohost remove", "alice")).Outcome)
	n := len(e.conf.controlCalls())

	rep := e.handle(req("hana", "/undo"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "Your last action (gave **Alice** the co-host role at 09:00 UTC) was already changed back, so I changed nothing. Now **Alice** can no longer co-host.", rep.Text)
	assert.Empty(t, e.since(n), "nothing to change: no call")
	assert.Equal(t, auditUnchanged, e.trail()[0].Outcome)

	log := e.handle(req("hana", "/meeting log"))
	assert.Contains(t, log.Text, "undo: took the co-host role from **Alice** — nothing to change")

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

func TestStoredRecordsStillUndo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		id     string // the stored record's
		record string
		calls  []string
		reply  string // the whole reply, or its start when prefix
		prefix bool
	}{
		{"a co-host removal through the card", "k1",
			`{"id":"k1","action":"cohost.remove","meetingId":"m1","chatId":"chat1","via":"card","targets":[` + jsonAlice + `],"by":` + jsonHana + `,"at":"2025-11-20T08:59:00Z","outcome":"ok","requestId":"REQ-7","undo":{"action":"cohost.add","targets":[` + jsonAlice + `]}}`,
			[]string{"AddCoHosts m1 u-alice"},
			"Undone: took the co-host role from **Alice** (at 08:59 UTC). Now **Alice** can co-host again.", false},
		{"mute all", "k2",
			`{"id":"k2","action":"mute.all","meetingId":"m1","by":` + jsonHana + `,"at":"2025-11-20T08:59:00Z","outcome":"ok","undo":{"action":"unmute.all"}}`,
			[]string{"MuteAll m1 false"},
			"Undone: muted everyone (at 08:59 UTC). Now everyone is unmuted.", false},
		{"a spotlight from before steps named the person, without an outcome", "k3",
			`{"id":"k3","action":"focus","meetingId":"m1","targets":[` + jsonAlice + `],"by":` + jsonHana + `,"at":"2025-11-20T08:59:00Z","undo":{"action":"unfocus"}}`,
			[]string{"Unfocus m1 u-alice"},
			"Undone: spotlighted **Alice** (at 08:59 UTC). Now the spotlight on **Alice** is off.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, func(c *Config) { c.Location = time.UTC })
			e.reg.st.setRecord(context.Background(), focusKey(corp, m1),
				focusRecord{Person: people["alice"], By: "hana", At: e.clock()}, focusTTL, "spotlight record")
			e.store(tt.record)
			rep := e.handle(req("hana", "/undo"))
			assert.Equal(t, OK, rep.Outcome, rep.Text)
			assert.Equal(t, tt.calls, e.conf.controlCalls())
			if tt.prefix {
				assert.Contains(t, rep.Text, tt.reply)
			} else {
				assert.Equal(t, tt.reply, rep.Text)
			}
			assert.Equal(t, tt.id, e.trail()[0].Reverts, "the undo names the stored record")
		})
	}
}
