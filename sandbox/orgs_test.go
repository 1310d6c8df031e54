package sandbox

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// thirdPartyTestConfig is sandboxTestConfig with DINGTALK_APP_TYPE=third_party.
func thirdPartyTestConfig() config.Config {
	cfg := sandboxTestConfig()
	cfg.AppType = config.AppThirdParty
	return cfg
}

// focus is who is spotlighted in the first demo meeting of org i.
func focus(t *testing.T, sb *sandbox, i int) string {
	t.Helper()
	m, ok := sb.orgs[i].emu.Meeting(sb.orgs[i].seeded[0])
	require.True(t, ok)
	return m.Focus
}

// tokenCorps lists the authCorpId of each successful corpAccessToken call.
func tokenCorps(t *testing.T, emu *dingtalktest.Server) []string {
	t.Helper()
	var corps []string
	for _, c := range emu.Calls() {
		if c.Path == "/v1.0/oauth2/corpAccessToken" && c.Code == "" {
			var body struct{ AuthCorpID string }
			require.NoError(t, json.Unmarshal(c.Body, &body))
			corps = append(corps, body.AuthCorpID)
		}
	}
	return corps
}

func TestSandboxOrgsAreIsolated(t *testing.T) {
	t.Parallel()
	began := time.Now()
	sb, s, out := startTestSandboxWith(t, thirdPartyTestConfig())
	assert.Less(t, time.Since(began), 2*time.Second, "startup, suite ticket included, stays fast")
	require.Len(t, sb.orgs, 2)
	assert.Equal(t, []string{"dingacme", "dingdemotech"}, sb.emu.Orgs())
	ctx := context.Background()

	s.handle(ctx, "/spotlight @Alice")
	require.Zero(t, s.failed, out.String())
	assert.Equal(t, "union-alice", focus(t, sb, 0), "A's meeting, A's Alice")
	assert.Empty(t, focus(t, sb, 1), "a spotlight in A does not change B")
	s.handle(ctx, "/meeting panel")
	require.Zero(t, s.failed, out.String())

	out.Reset()
	s.handle(ctx, ":org")
	assert.Equal(t, 1, s.org)
	assert.Equal(t, "you are now 林伟 (weilin) in Ops 周会群 at Acme 艾克美 (corpId dingacme)\n", out.String(),
		"same person, same chat id, and no card: A's card is A's")
	assert.Equal(t, "[Acme] 林伟 @ Ops 周会群> ", s.prompt())

	s.handle(ctx, "/spotlight @Bob")
	require.Zero(t, s.failed, out.String())
	assert.Equal(t, "unionB-bob", focus(t, sb, 1), "B's meeting, B's Bob")
	assert.Equal(t, "union-alice", focus(t, sb, 0), "a spotlight in B does not change A")
	assert.Contains(t, out.String(), "/focus {\"action\":\"focus\",\"unionId\":\"unionB-bob\"} → 200")
	assert.Equal(t, []string{"dingdemotech", "dingacme"}, tokenCorps(t, sb.emu), "one token per organisation")

	out.Reset()
	s.handle(ctx, ":meeting")
	assert.True(t, strings.HasPrefix(out.String(), "B · Acme 艾克美 (dingacme)\nDaily standup 每日站会"), out.String())
	assert.NotContains(t, out.String(), "Weekly sync", ":meeting shows the current organisation's meetings")
}

func TestSandboxTranscriptOrg(t *testing.T) {
	t.Parallel()
	input := strings.Join([]string{
		":org A", "/spotlight @Alice", ":org", "/spotlight @Bob", ":meeting both",
		":org revoke", "/spotlight @Alice", ":org A", "/spotlight @Carol", ":org acme", ":org authorize",
	}, "\n")
	code, out, stderr := runTranscript(t, input, defaultSandboxOptions)
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
	for _, want := range []string{
		"> :org A\n(restarting the sandbox: meetbot becomes a third-party app",
		"  ↳ stream EVENT suite_ticket (DingTalk pushes the suite ticket) → acked\n" +
			"organisations: A · Demo Tech 示例科技 (dingdemotech), B · Acme 艾克美 (dingacme); :org switches\n" +
			"you are now 林伟 (weilin) in Ops 周会群 at Demo Tech 示例科技 (corpId dingdemotech)\n",
		"> /spotlight @Alice\nmeetbot: @林伟 Alice is now spotlighted.\n" +
			"  ↳ POST /v1.0/oauth2/corpAccessToken {\"authCorpId\":\"dingdemotech\"",
		"> /spotlight @Bob\nmeetbot: @林伟 Bob is now spotlighted.\n" +
			"  ↳ POST /v1.0/oauth2/corpAccessToken {\"authCorpId\":\"dingacme\"",
		"A · Demo Tech 示例科技                         │ B · Acme 艾克美\n",
		"  spotlight: Alice                             │   spotlight: Bob\n",
		"(Acme 艾克美's admin revokes meetbot",
		"> /spotlight @Alice\nmeetbot: @林伟 meetbot must be (re)authorised for your organisation",
		"→ 400 invalidAuthCorp",
		"> /spotlight @Carol\nmeetbot: @林伟 Carol is now spotlighted.",
		"(Acme 艾克美 has revoked meetbot: :org authorize authorises it again)",
		"(Acme 艾克美's admin authorises meetbot again.",
	} {
		assert.Contains(t, out, want)
	}
}

func TestSandboxOrgControlFails(t *testing.T) {
	t.Parallel()
	code, out, _ := runTranscript(t, ":meeting both\n:meeting soon\n:org Globex\n", defaultSandboxOptions)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "> :meeting both\nthere is one organisation — :org adds a second\n")
	assert.Contains(t, out, ":meeting takes nothing, or both")
	assert.Contains(t, out, "no organisation called Globex — there are A · Demo Tech 示例科技 (dingdemotech), "+
		"B · Acme 艾克美 (dingacme)")
	assert.Contains(t, out, "# 3 line(s) failed")
}

func TestSandboxFindOrg(t *testing.T) {
	t.Parallel()
	orgs := []*sandboxOrg{{orgSpec: demoOrgs[0]}, {orgSpec: demoOrgs[1]}}
	tests := []struct {
		arg  string
		want int
		ok   bool
	}{
		{"A", 0, true},
		{"b", 1, true},
		{"dingacme", 1, true},
		{"Acme", 1, true},
		{"示例科技", 0, true},
		{" demo tech ", 0, true},
		{"艾克", 1, true},
		{"C", 0, false},
		{"me", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := findOrg(orgs, tt.arg)
		assert.Equal(t, tt.ok, ok, tt.arg)
		assert.Equal(t, tt.want, got, tt.arg)
	}
}

func TestSandboxWrapLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line  string
		width int
		want  []string
	}{
		{"  host:      林伟", 20, []string{"  host:      林伟"}},
		{"  members:   林伟 (host), Alice, Bob, 张三", 32,
			[]string{"  members:   林伟 (host), Alice,", "             Bob, 张三"}},
		{"Design review 设计评审 — room 615094270", 24, []string{"Design review 设计评审 —", "  room 615094270"}},
		{"  co-hosts:  Supercalifragilistic", 16, []string{"  co-hosts:  Supercalifragilistic"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, wrapLine(tt.line, tt.width), tt.line)
	}
}

func TestSandboxSideBySide(t *testing.T) {
	t.Parallel()
	left := []string{"A · 示例", "  spotlight: Alice", "  members:   Alice, Bob, Carol"}
	right := []string{"B · Acme", "  spotlight: nobody"}
	assert.Equal(t, []string{
		"A · 示例                 │ B · Acme",
		"  spotlight: Alice       │   spotlight: nobody",
		"  members:   Alice, Bob, │",
		"             Carol       │",
	}, sideBySide(left, right, 24), "the left column wraps; Chinese takes two cells")
}
