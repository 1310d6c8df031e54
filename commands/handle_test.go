package commands

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFailures(t *testing.T) {
	t.Parallel()
	secret := errors.New(`{"code":"Forbidden","message":"token=sk-SECRET-123"}`)
	tests := []struct {
		name    string
		err     error
		text    string
		outcome Outcome
		reply   string
	}{
		{"busy", fmt.Errorf("focus: %w", ErrBusy), "/spotlight", Failed,
			"DingTalk is busy right now — try again in a minute."},
		{"busy chinese", ErrBusy, "/聚焦", Failed, "钉钉当前繁忙，请稍后重试。"},
		{"permission", &PermissionError{Scopes: []string{"Conference.Focus.Write"}, Err: secret}, "/spotlight", Failed,
			"The bot lacks the DingTalk permission `Conference.Focus.Write` — ask your DingTalk admin to grant it."},
		{"permission chinese", &PermissionError{Scopes: []string{"a", "b"}, Err: secret}, "/聚焦", Failed,
			"机器人缺少钉钉权限 `a`, `b`，请联系管理员开通。"},
		{"permission without scopes", &PermissionError{Err: secret}, "/spotlight", Failed,
			"The bot lacks a DingTalk permission for this — ask your DingTalk admin to check the app's permissions."},
		{"credentials", fmt.Errorf("token: %w", ErrAuth), "/spotlight", Failed,
			"The bot can't sign in to DingTalk — ask your admin to check the app credentials."},
		{"deadline", fmt.Errorf("focus: %w", context.DeadlineExceeded), "/spotlight", Failed,
			"DingTalk is slow to answer — try again."},
		{"generic", secret, "/spotlight", Failed, "Something went wrong — please try again."},
		{"generic chinese", secret, "/聚焦", Failed, "出了点问题，请重试。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.conf.FocusFn = func(context.Context, string, string) error { return tt.err }
			rep := e.handle(req("hana", tt.text, "alice"))
			assert.Equal(t, tt.outcome, rep.Outcome)
			assert.Equal(t, tt.reply, rep.Text)
			assert.ErrorIs(t, rep.Err, tt.err)
			assert.NotContains(t, rep.Text, "SECRET")
		})
	}
}

func TestTimeoutMidCall(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.conf.FocusFn = func(ctx context.Context, _, _ string) error {
		<-ctx.Done()
		return fmt.Errorf("post focus: %w", ctx.Err())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	rep := e.reg.Handle(ctx, req("hana", "/聚焦", "alice"))
	assert.Equal(t, Failed, rep.Outcome)
	assert.Equal(t, "钉钉响应超时，请重试。", rep.Text)
	assert.ErrorIs(t, rep.Err, context.DeadlineExceeded)
}

func TestStoreFailureIsGeneric(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	failing := &failingKV{KV: e.kv, err: errors.New("redis: connection refused")}
	reg := New(Config{Conference: e.conf, Directory: e.dir, KV: failing})
	rep := reg.Handle(context.Background(), req("hana", "/spotlight", "alice"))
	assert.Equal(t, Failed, rep.Outcome)
	assert.Equal(t, "Something went wrong — please try again.", rep.Text)
	assert.ErrorIs(t, rep.Err, failing.err)
	assert.Empty(t, e.conf.controlCalls())
}

type failingKV struct {
	KV
	err error
}

func (f *failingKV) Get(context.Context, string) ([]byte, bool, error) { return nil, false, f.err }

func TestHandlePanicBecomesFailure(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.conf.FocusFn = func(context.Context, string, string) error { panic("boom") }
	rep := e.handle(req("hana", "/spotlight", "alice"))
	assert.Equal(t, Failed, rep.Outcome)
	assert.Equal(t, "Something went wrong — please try again.", rep.Text)
	require.Error(t, rep.Err)
	assert.Contains(t, rep.Err.Error(), "boom")
}

func TestHandleMisc(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		outcome    Outcome
		reply      string
		lang       Lang
		command    string
	}{
		{"empty", "  ", Rejected, msgNoCommand, English, ""},
		{"only the bot mention", "@MeetBot", Rejected, msgNoCommand, English, ""},
		{"a bare slash", "／", Rejected, msgNoCommand, English, ""},
		{"unknown with suggestion", "/spotligt @bob", Rejected,
			"I don't know `/spotligt` — did you mean `/spotlight`? Send `/help` to see all commands.", English, ""},
		{"unknown chinese with suggestion", "/聚交 @张三", Rejected,
			"没有 `/聚交` 这个命令，你是想用 `/聚焦` 吗？发送 `/帮助` 查看全部命令。", Chinese, ""},
		{"unknown without suggestion", "hello there", Rejected,
			"I don't know `/hello`. Send `/help` to see what I can do.", English, ""},
		{"unknown chinese alias with suggestion", "/取消全员看她", Rejected,
			"没有 `/取消全员看她` 这个命令，你是想用 `/取消全员看他` 吗？发送 `/帮助` 查看全部命令。", Chinese, ""},
		{"suggestion spelled as defined", "/全员看TB", Rejected,
			"没有 `/全员看TB` 这个命令，你是想用 `/全员看TA` 吗？发送 `/帮助` 查看全部命令。", Chinese, ""},
		{"unknown chinese text", "你好", Rejected,
			"没有 `/你好` 这个命令。发送 `/帮助` 查看可用命令。", Chinese, ""},
		{"help topic", "/help spotlight", OK,
			"`/spotlight @user`\nEveryone in the meeting sees this person.\nAlso: `/spotlight`, `/全员看他`, `/全员看TA`, `/聚焦`, `/焦点视频`\nExample: `/spotlight @Alice`\nExample: `/spotlight me`", English, "help"},
		{"help chinese topic", "/帮助 取消聚焦", OK,
			"`/取消全员看他`\n取消全员看他：可加 @某人 指定，不加则取消通过机器人设置的那位。\n其他写法：`/spotlight off`、`/取消全员看他`、`/取消聚焦`、`/聚焦 关闭`、`/全员看他 关闭`\n示例：`/取消全员看他`\n示例：`/取消全员看他 @张三`", Chinese, "help"},
		{"help group", "help cohost", OK,
			"`/cohost` needs one of:\n- `/cohost add @user [@user …]` — Make people co-hosts.\n- `/cohost remove @user [@user …]` — Take the co-host role away.", English, "help"},
		{"help glued to bot", "help@Bot", OK, "", English, "help"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rep := e.handle(req("olga", tt.text))
			assert.Equal(t, tt.outcome, rep.Outcome)
			if tt.reply != "" || tt.outcome == Ignored {
				assert.Equal(t, tt.reply, rep.Text)
			}
			assert.Equal(t, tt.lang, rep.Lang)
			assert.Equal(t, tt.command, rep.Command)
			assert.Empty(t, e.conf.Calls())
		})
	}
}

func TestBusy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.reg.Busy(req("hana", "/聚焦 @张三"))
	assert.Equal(t, Reply{Text: "机器人正忙，请几秒后重试。", Lang: Chinese, Command: "spotlight", Outcome: Failed, Err: errQueueFull}, rep)
	rep = e.reg.Busy(req("hana", "/cohost add @bob"))
	assert.Equal(t, "I'm busy — try again in a few seconds.", rep.Text)
	assert.Equal(t, "cohost.add", rep.Command)
}

func TestBusyClickIsAPrivateLineOnTheCard(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	click := Request{CorpID: corp, ChatID: chat, ChatKind: Group, Sender: Person{UserID: "cole"},
		Action: &CardAction{OutTrackID: "meetbot-x", Params: spot("u-alice")}}
	rep := e.reg.Busy(click)
	assert.Empty(t, rep.Text, "a click never posts to the chat")
	assert.Equal(t, Failed, rep.Outcome)
	assert.Equal(t, "spotlight", rep.Command)
	want := &Card{OutTrackID: "meetbot-x", Private: map[string]map[string]string{"cole": {
		CardPrivateResult: "I'm busy — try again in a few seconds. 机器人正忙，请几秒后重试。", CardPrivateEnd: "false"}}}
	assert.Equal(t, want, rep.Card, "bilingual: the card's language is not known without the store")

	click.Sender = Person{UnionID: "u-cole"}
	click.Action.Params = map[string]string{CardParamAction: "junk"}
	rep = e.reg.Busy(click)
	assert.Equal(t, "", rep.Command, "only known actions name the command")
	assert.Contains(t, rep.Card.Private, "u-cole", "keyed by the id the click carried")
	assert.Empty(t, e.conf.Calls())
}

func TestNewPanicsOnBadDefinitions(t *testing.T) {
	t.Parallel()
	h := func(context.Context, *Call) (Reply, error) { return Reply{}, nil }
	tests := map[string][]Definition{
		"empty name":       {{Name: "", Handler: h}},
		"empty alias":      {{Name: "a", Aliases: []string{" "}, Handler: h}},
		"duplicate name":   {{Name: "a", Handler: h}, {Name: "A", Handler: h}},
		"duplicate alias":  {{Name: "a", Aliases: []string{"聚焦"}, Handler: h}, {Name: "b", Aliases: []string{"聚焦"}, Handler: h}},
		"alias is a name":  {{Name: "a", Handler: h}, {Name: "b", Aliases: []string{"/a"}, Handler: h}},
		"no handler":       {{Name: "a"}},
		"mention in alias": {{Name: "a", Aliases: []string{"@x"}, Handler: h}},
	}
	for name, defs := range tests {
		assert.Panics(t, func() { newRegistry(defs) }, name)
	}
	assert.NotPanics(t, func() { newRegistry(builtins()) })
	assert.Panics(t, func() { New(Config{}) }, "missing dependencies")
}

func FuzzHandle(f *testing.F) {
	for _, s := range []string{"/spotlight Al", "／聚焦　＠张三", "/cohost add me 我 @x", "/meeting use 838 722 123",
		"/会议 开始 周会", "/meeting end", "/help cohost", "@@", "/取消聚焦", "/meeting strat"} {
		f.Add(s, 0, false)
	}
	f.Fuzz(func(t *testing.T, text string, who int, mention bool) {
		senders := []string{"hana", "cole", "olga", "root", "", "ghost"}
		e := newEnv(t)
		r := req(senders[(who%len(senders)+len(senders))%len(senders)], text)
		if mention {
			r.Mentions = []Person{{UserID: "alice"}, {UserID: "ghost"}}
		}
		rep := e.handle(r)
		if rep.Err != nil {
			require.NotContains(t, rep.Err.Error(), "panic", "text %q", text)
		}
		require.Equal(t, rep.Outcome == Ignored, rep.Text == "", "outcome %s, text %q", rep.Outcome, rep.Text)
	})
}
