package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/commands"
	"github.com/meetbot/meetbot/commands/cardtemplate"
	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

func TestSandboxMentions(t *testing.T) {
	t.Parallel()
	people := newRoster(demoPeople)
	tests := []struct {
		name, line, text string
		ids              []string
	}{
		{"english name", "/spotlight @Alice", "/spotlight @Alice", []string{"alice"}},
		{"any case, written as DingTalk shows it", "/spotlight @aLICE", "/spotlight @Alice", []string{"alice"}},
		{"chinese name", "/聚焦 @张三", "/聚焦 @张三", []string{"zhangsan"}},
		{"full-width at sign", "/聚焦 ＠张三", "/聚焦 @张三", []string{"zhangsan"}},
		{"chinese name followed by text", "/聚焦 @张三你好", "/聚焦 @张三你好", []string{"zhangsan"}},
		{"two mentions, in order", "/cohost add @Bob @Carol", "/cohost add @Bob @Carol", []string{"bob", "carol"}},
		{"mentions with no space", "/cohost add @Carol,@Bob", "/cohost add @Carol,@Bob", []string{"carol", "bob"}},
		{"repeated mention counted once", "@Bob @bob", "@Bob @Bob", []string{"bob"}},
		{"longest name first", "/spotlight @wei lin now", "/spotlight @林伟 now", []string{"weilin"}},
		{"alias", "/spotlight @Wang Wu", "/spotlight @王五", []string{"wangwu"}},
		{"userId", "/spotlight @zhaoliu", "/spotlight @赵六", []string{"zhaoliu"}},
		{"unknown name stays text", "/spotlight @Mallory", "/spotlight @Mallory", nil},
		{"a longer word is not a mention", "/spotlight @Bobby", "/spotlight @Bobby", nil},
		{"e-mail address is not a mention", "mail bob@example.com", "mail bob@example.com", nil},
		{"lone at sign", "/spotlight @", "/spotlight @", nil},
		{"no mention", "/spotlight off", "/spotlight off", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := people.mentions(tt.line)
			assert.Equal(t, chatText{Text: tt.text, Mentions: tt.ids}, got)
		})
	}
}

func TestSandboxParseControl(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want control
		ok   bool
	}{
		{":as Bob", control{Name: "as", Arg: "Bob"}, true},
		{"  :AS   张三  ", control{Name: "as", Arg: "张三"}, true},
		{":as Wei Lin", control{Name: "as", Arg: "Wei Lin"}, true},
		{"：dm", control{Name: "dm"}, true},
		{":meeting", control{Name: "meeting"}, true},
		{":press 2", control{Name: "press", Arg: "2"}, true},
		{":", control{}, false},
		{"/spotlight @Alice", control{}, false},
		{"hello :as Bob", control{}, false},
	}
	for _, tt := range tests {
		got, ok := parseControl(tt.line)
		assert.Equal(t, tt.ok, ok, tt.line)
		assert.Equal(t, tt.want, got, tt.line)
	}
}

func TestSandboxMarkdown(t *testing.T) {
	t.Parallel()
	name := func(id string) (string, bool) {
		p, ok := newRoster(demoPeople).byID(id)
		return p.Name, ok
	}
	tests := []struct {
		name  string
		color bool
		md    string
		want  []string
	}{
		{"bold and mention, plain", false, "@weilin **Alice** is spotlighted.", []string{"@林伟 Alice is spotlighted."}},
		{"bold and mention, colour", true, "@weilin **Alice**", []string{"\x1b[34m@林伟\x1b[0m \x1b[1mAlice\x1b[0m"}},
		{"unknown @id stays", false, "@nobody hi", []string{"@nobody hi"}},
		{"code keeps backticks when plain", false, "send `/help`", []string{"send `/help`"}},
		{"code is coloured, no backticks", true, "send `/help`", []string{"send \x1b[36m/help\x1b[0m"}},
		{"nothing changes inside code", false, "`**x** @weilin`", []string{"`**x** @weilin`"}},
		{"heading", false, "### Weekly sync", []string{"Weekly sync"}},
		{"heading, colour", true, "# Sync", []string{"\x1b[1;4mSync\x1b[0m"}},
		{"bullets", false, "- one\n  * two", []string{"• one", "  • two"}},
		{"quote", false, "> note", []string{"│ note"}},
		{"link", false, "[join](https://x.test/j)", []string{"join <https://x.test/j>"}},
		{"blank lines collapse and trim", false, "\na\n\n\n\nb  \n\n", []string{"a", "", "b"}},
		{"unmatched backtick", false, "a ` b **c**", []string{"a ` b c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, style{color: tt.color}.markdown(tt.md, name))
		})
	}
}

func TestSandboxComplete(t *testing.T) {
	t.Parallel()
	people := newRoster(demoPeople)
	cmds := []string{"/spotlight", "/spotlight off", "/cohost add", "/cohost remove", "/聚焦"}
	tests := []struct {
		line        string
		head        string
		words       []string
		description string
	}{
		{"/spotlight @al", "/spotlight ", []string{"@Alice "}, "name after @"},
		{"/聚焦 ＠张", "/聚焦 ", []string{"＠张三 "}, "full-width at sign"},
		{"/cohost add @Bob @c", "/cohost add @Bob ", []string{"@Carol "}, "second mention"},
		{"/co", "", []string{"/cohost add ", "/cohost remove "}, "command"},
		{"/spotlight o", "", []string{"/spotlight off "}, "two-word command"},
		{"/聚", "", []string{"/聚焦 "}, "chinese command"},
		{":me", "", []string{":meeting"}, "control"},
		{":as h", ":as ", []string{"Heidi"}, "name after :as"},
		{":org re", ":org ", []string{"revoke"}, "what :org takes"},
		{":o", "", []string{":org"}, ":org"},
		{"hello", "hello", nil, "nothing to complete"},
	}
	for _, tt := range tests {
		head, words, tail := complete(tt.line, len([]rune(tt.line)), cmds, people)
		assert.Equal(t, tt.head, head, tt.description)
		assert.Equal(t, tt.words, words, tt.description)
		assert.Equal(t, "", tail, tt.description)
	}
}

func TestSandboxCallLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		call dingtalktest.Call
		want string
	}{
		{dingtalktest.Call{Method: "GET", Path: "/v1.0/conference/users/lists", Query: "unionId=u1", Status: 200},
			"GET /v1.0/conference/users/lists?unionId=u1 → 200"},
		{dingtalktest.Call{Method: "POST", Path: "/topapi/v2/user/get", Query: "access_token=***",
			Body: []byte("{\n \"userid\": \"bob\"\n}"), Status: 200, Code: "60121"},
			`POST /topapi/v2/user/get {"userid":"bob"} → 200 60121`},
		{dingtalktest.Call{Method: "POST", Path: "/robot/sendBySession", Query: "session=abc", Body: []byte(`{"text":"` +
			strings.Repeat("x", 100) + `"}`)},
			`POST /robot/sendBySession {"text":"` + strings.Repeat("x", 62) + "… → connection closed"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, callLine(tt.call))
	}
}

// sandboxTestConfig is what config.Load gives with no environment, with a
// short command timeout so a faulted run shuts down quickly.
func sandboxTestConfig() config.Config {
	return config.Config{
		APIURL: "https://api.dingtalk.com", OAPIURL: "https://oapi.dingtalk.com", Store: "unused.db",
		HTTPAddr: "127.0.0.1:0", APIQPS: 20, CommandTimeout: 3 * time.Second, Workers: 8, Queue: 100,
		LogLevel: "debug", LogFormat: "json",
	}
}

func runTranscript(t *testing.T, input string, opts sandboxOptions) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := runSandboxWith(ctx, sandboxTestConfig(), strings.NewReader(input), &stdout, &stderr, opts)
	return code, stdout.String(), stderr.String()
}

func TestSandboxTranscript(t *testing.T) {
	t.Parallel()
	input := strings.Join([]string{
		"# a comment, skipped", "/spotlight @Alice", "/聚焦 ＠张三", "/cohost add @Bob @Carol", "",
		"/cohost remove @Bob", ":meeting", ":as Bob", "/spotlight @Dave", ":dm", "/spotlight Alice", ":meeting", ":quit", "/help",
	}, "\n")
	code, out, stderr := runTranscript(t, input, defaultSandboxOptions)
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
	assert.NotContains(t, out, "\x1b[", "no colours in a transcript")
	assert.NotContains(t, out, "a comment")
	assert.NotContains(t, out, "> /help", "nothing after :quit")
	for _, want := range []string{
		"> /spotlight @Alice\nmeetbot: @林伟 Alice",
		"> /聚焦 ＠张三\nmeetbot: @林伟 已设置全员看他：张三",
		"/v1.0/conference/videoConferences/",
		"POST /robot/sendBySession",
		"spotlight: 张三",
		"co-hosts:  Carol, 王五",
		"you are now Bob (bob) in Ops 周会群",
		"> /spotlight @Dave\nmeetbot: @Bob Only the host or a co-host",
		"now Bob (bob) in a 1:1 chat with the bot",
	} {
		assert.Contains(t, out, want)
	}
	final := out[strings.LastIndex(out, "> :meeting"):]
	assert.Contains(t, final, "Design review 设计评审 — room 615094270, live\n  host:      Bob\n  spotlight: Alice")
}

func TestSandboxTranscriptFailsWithoutReply(t *testing.T) {
	t.Parallel()
	opts := defaultSandboxOptions
	opts.replyTimeout = 2 * time.Second
	opts.setup = func(emu *dingtalktest.Server) {
		emu.Fault(dingtalktest.Fault{Path: "/robot/sendBySession", Kind: "close"})
		emu.Fault(dingtalktest.Fault{Path: "/v1.0/robot/groupMessages/send", Kind: "close"})
	}
	code, out, _ := runTranscript(t, "/spotlight @Alice\n:meeting\n", opts)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "(no reply from the bot within 2s)")
	assert.Contains(t, out, "/focus {\"action\":\"focus\",\"unionId\":\"union-alice\"} → 200",
		"the calls made are still shown")
	assert.Contains(t, out, "spotlight: Alice", "the controls still run")
	assert.Contains(t, out, "# 1 line(s) failed")
}

func TestSandboxTranscriptFailsOnBadControl(t *testing.T) {
	t.Parallel()
	code, out, _ := runTranscript(t, ":as Mallory\n:frobnicate\n:press 1\n", defaultSandboxOptions)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "nobody called Mallory")
	assert.Contains(t, out, "unknown control :frobnicate")
	assert.Contains(t, out, "no card in Ops 周会群 to press")
	assert.Contains(t, out, "# 3 line(s) failed")
}

func TestSandboxCardBox(t *testing.T) {
	t.Parallel()
	view := cardtemplate.View{
		Lines:   []string{"周会 Weekly sync", "────────", "张三  [1] Spotlight", "[2] Mute all"},
		Buttons: []cardtemplate.Button{{Label: "Spotlight"}, {Label: "Mute all"}},
	}
	assert.Equal(t, []string{
		"┌─ card ──────────────┐",
		"│ 周会 Weekly sync    │",
		"├─────────────────────┤",
		"│ 张三  [1] Spotlight │",
		"│ [2] Mute all        │",
		"└─────────────────────┘",
	}, cardBox(view, "card", style{}))
	colour := cardBox(view, "card", style{color: true})
	assert.Equal(t, "│ \x1b[1m周会 Weekly sync\x1b[0m    │", colour[1], "the title is bold, padded by its width")
	assert.Equal(t, "│ 张三  \x1b[1;36m[1]\x1b[0m Spotlight │", colour[3], "button numbers stand out")
	wide := cardBox(cardtemplate.View{Lines: []string{"x"}}, "a long title", style{})
	assert.Equal(t, []string{"┌─ a long title ─┐", "│ x              │", "└────────────────┘"}, wide)
}

func TestSandboxButtonName(t *testing.T) {
	t.Parallel()
	view := cardtemplate.View{
		Lines: []string{"Members (2):", "林伟 · host  [1] Spotlight", "Alice  [2] Spotlight  [3] Make co-host",
			"[4] Mute all  [5] Refresh"},
		Buttons: []cardtemplate.Button{{Label: "Spotlight"}, {Label: "Spotlight"}, {Label: "Make co-host"},
			{Label: "Mute all"}, {Label: "Refresh"}},
	}
	tests := []struct {
		n    int
		want string
	}{
		{1, "“Spotlight” for 林伟 · host"},
		{3, "“Make co-host” for Alice"},
		{4, "“Mute all”"},
		{5, "“Refresh”"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, buttonName(view, tt.n))
	}
}

func TestSandboxInSpace(t *testing.T) {
	t.Parallel()
	tests := []struct {
		openSpaceID, space string
		want               bool
	}{
		{"dtv1.card//IM_GROUP.cidSandboxOpsGroup", "IM_GROUP.cidSandboxOpsGroup", true},
		{"dtv1.card//im_robot.bob", "IM_ROBOT.bob", true},
		{"dtv1.card//IM_GROUP.cidX;IM_ROBOT.bob", "IM_ROBOT.bob", true},
		{"dtv1.card//IM_ROBOT.bobby", "IM_ROBOT.bob", false},
		{"IM_ROBOT.bob", "IM_ROBOT.bob", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, inSpace(tt.openSpaceID, tt.space), tt.openSpaceID)
	}
}

// startTestSandbox starts a sandbox and a session typing into its group.
func startTestSandbox(t *testing.T) (*sandbox, *session, *bytes.Buffer) {
	t.Helper()
	return startTestSandboxWith(t, sandboxTestConfig())
}

func startTestSandboxWith(t *testing.T, cfg config.Config) (*sandbox, *session, *bytes.Buffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	sb, err := startSandbox(ctx, cfg, defaultSandboxOptions)
	require.NoError(t, err)
	t.Cleanup(sb.close)
	var out bytes.Buffer
	return sb, newSession(sb, &out, style{}), &out
}

// button returns the number of the button labelled label on the chat's
// card as the session's person sees it, in the row of the member with
// that userId.
func button(t *testing.T, s *session, label, member string) int {
	t.Helper()
	card, ok := s.chatCard()
	require.True(t, ok, "no card in the chat")
	u, ok := s.emu().User(member)
	require.True(t, ok)
	for i, b := range s.cardView(card).Buttons {
		if b.Label == label && b.Params[commands.CardParamUnionID] == u.UnionID {
			return i + 1
		}
	}
	t.Fatalf("no %q button for %s on the card", label, member)
	return 0
}

func TestSandboxCardPress(t *testing.T) {
	t.Parallel()
	sb, s, out := startTestSandbox(t)
	ctx := context.Background()
	weekly := sb.orgs[0].seeded[0]

	s.handle(ctx, "/meeting panel")
	require.Zero(t, s.failed, "a card is an answer:\n%s", out)
	assert.Contains(t, out.String(), "POST /v1.0/card/instances/createAndDeliver")
	assert.Contains(t, out.String(), "┌─ card, as 林伟 sees it ─")
	assert.Contains(t, out.String(), "│ 周会 Weekly sync ")
	assert.Contains(t, out.String(), "│ Alice  [7] Spotlight  [8] Make co-host ")

	out.Reset()
	s.handle(ctx, fmt.Sprintf(":press %d", button(t, s, "Spotlight", "alice")))
	require.Zero(t, s.failed, out.String())
	m, _ := sb.emu.Meeting(weekly)
	assert.Equal(t, "union-alice", m.Focus, "the press spotlighted Alice in DingTalk")
	assert.Contains(t, out.String(), "(林伟 presses “Spotlight” for Alice)\n"+
		"meetbot (only you): Alice is now spotlighted.\n")
	assert.Contains(t, out.String(), "/focus {\"action\":\"focus\",\"unionId\":\"union-alice\"} → 200")
	redrawn := out.String()[strings.Index(out.String(), "┌"):]
	assert.Contains(t, redrawn, "│ Spotlight: Alice ")
	assert.Contains(t, redrawn, "│ Alice · spotlighted  [7] Stop spotlight  [8] Make co-host ")

	out.Reset()
	s.handle(ctx, ":as Heidi")
	assert.Contains(t, out.String(), "┌─ card, as Heidi sees it ─", ":as redraws the card")
	assert.NotContains(t, out.String(), "now spotlighted", "林伟's result line is his alone")
	card, _ := s.chatCard()
	out.Reset()
	s.handle(ctx, fmt.Sprintf(":press %d", button(t, s, "Spotlight", "dave")))
	require.Zero(t, s.failed, out.String())
	after, _ := sb.emu.Card(card.OutTrackID)
	assert.Equal(t, card.Params, after.Params, "an outsider's press changes nothing on the card")
	now, _ := sb.emu.Meeting(weekly)
	assert.Equal(t, m, now, "nor in the meeting")
	assert.Contains(t, out.String(), "meetbot (only you): Only the host or a co-host of 周会 Weekly sync")
	assert.NotContains(t, out.String(), "/focus")
}

func TestSandboxTranscriptCard(t *testing.T) {
	t.Parallel()
	code, out, stderr := runTranscript(t, ":card\n/meeting panel\n:press 1\n:meeting\n:press 99\n", defaultSandboxOptions)
	assert.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
	assert.NotContains(t, out, "\x1b[", "no colours in a transcript")
	for _, want := range []string{
		"> :card\n(no card in Ops 周会群 yet — /meeting panel asks the bot for one)\n",
		"│ 林伟 · host  [1] Spotlight ",
		"> :press 1\n(林伟 presses “Spotlight” for 林伟 · host)\nmeetbot (only you): 林伟 is now spotlighted.\n",
		"│ 林伟 · host · spotlighted  [1] Stop spotlight ",
		"  spotlight: 林伟\n",
		"> :press 99\n:press takes the number of a button on the card, 1 to 41\n",
		"# 1 line(s) failed",
	} {
		assert.Contains(t, out, want)
	}
}

// TestSandboxShowsTheNewControls: /who answers in the sandbox, and
// :meeting shows microphones, the lock and the settings as DingTalk holds
// them after the bot changed them.
func TestSandboxShowsTheNewControls(t *testing.T) {
	t.Parallel()
	_, s, out := startTestSandbox(t)
	ctx := context.Background()
	s.handle(ctx, "/who")
	require.Zero(t, s.failed, out.String())
	assert.Contains(t, out.String(), "In 周会 Weekly sync now (9, times UTC+8):")
	assert.Contains(t, out.String(), "· mic on · camera on")

	s.handle(ctx, "/lock")
	s.handle(ctx, "/meeting policy screen-share off")
	s.handle(ctx, "/mute @Alice")
	require.Zero(t, s.failed, out.String())
	out.Reset()
	s.handle(ctx, ":meeting")
	assert.Contains(t, out.String(), "Alice (muted)")
	assert.Contains(t, out.String(), "Bob (mic on)")
	assert.Contains(t, out.String(), "  lock:      locked: nobody else can join")
	assert.Contains(t, out.String(), "screen sharing off")
}

// TestSandboxEnd: :end ends the meeting as the DingTalk client would; the
// bot notices and the chat gets the closing summary, the recording's link
// and the AI notes.
func TestSandboxEnd(t *testing.T) {
	t.Parallel()
	_, s, out := startTestSandbox(t)
	ctx := context.Background()
	s.handle(ctx, "/record start")
	s.handle(ctx, "/闪记 开始")
	require.Zero(t, s.failed, out.String())
	out.Reset()
	s.handle(ctx, ":end")
	require.Zero(t, s.failed, out.String())
	got := out.String()
	assert.Contains(t, got, "(周会 Weekly sync ended in DingTalk: everyone leaves; the bot is not told)")
	assert.Contains(t, got, "meetbot: 周会 Weekly sync has ended")
	assert.Contains(t, got, "The recording of 周会 Weekly sync is ready")
	assert.Contains(t, got, "AI notes of 周会 Weekly sync:", "in the language of the command that bound the chat")
	assert.Contains(t, got, "9 attended.")
	assert.Contains(t, got, "POST /v1.0/conference/videoConferences/query")
}

// TestSandboxBookingStartsOnTime: a meeting booked a minute ahead starts
// in the emulator when its time comes; the bot's watcher binds the chat
// and says so, and the next line shows it.
func TestSandboxBookingStartsOnTime(t *testing.T) {
	t.Parallel()
	sb, s, out := startTestSandbox(t)
	ctx := context.Background()
	s.handle(ctx, "/meeting schedule in 1m Launch")
	require.Zero(t, s.failed, out.String())
	assert.Contains(t, out.String(), "Booked Launch")
	sb.emu.AdvanceClock(time.Minute) // DingTalk opens it at its start
	sb.skew.Add(int64(time.Minute))
	_, err := sb.app.WatchRound(ctx)
	require.NoError(t, err)
	out.Reset()
	s.handle(ctx, ":meeting")
	assert.Contains(t, out.String(), "(meanwhile, the bot posted:)")
	assert.Contains(t, out.String(), "Launch has started — this chat controls it now.")
}
