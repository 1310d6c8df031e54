package commands

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestInert(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Alice", "Alice"},
		{"张三", "张三"},
		{"[click](http://evil.example/x)", "［click］（http：//evil.example/x）"},
		{"Bob\n# heading", "Bob ＃ heading"},
		{"<font color=red>Eve</font>", "＜font color=red＞Eve＜/font＞"},
		{"![img](x)", "！［img］（x）"},
		{"visit https://evil.example now", "visit https：//evil.example now"},
		{"www.evil.example", "www．evil.example"},
		{"**bold** _it_ `code` ~s~ a|b \\", "＊＊bold＊＊ ＿it＿ ｀code｀ ～s～ a｜b ＼"},
		{"Ali\u202ece", "Alice"},
		{"\u2066Mallory\u2069", "Mallory"},
		{"  padded\t", "padded"},
		{strings.Repeat("长", 100), strings.Repeat("长", maxInertRunes-1) + "…"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
	}
	for _, tt := range tests {
		got := Inert(tt.in)
		assert.Equal(t, tt.want, got, "%q", tt.in)
		assert.Equal(t, got, Inert(got), "Inert is idempotent for %q", tt.in)
	}
}

func TestEchoable(t *testing.T) {
	t.Parallel()
	for _, w := range []string{"spotlite", "聚焦焦", "co-host", "v1.2"} {
		assert.True(t, echoable(w), w)
	}
	for _, w := range []string{"", "[x](http://e)", "<b>", "a*b", "x\u202e", strings.Repeat("a", 25), "http://x"} {
		assert.False(t, echoable(w), w)
	}
}

// Hostile names and titles reach replies as data: no link, heading, HTML
// or bidi control survives, in any reply that names them.
func TestHostileNamesStayInert(t *testing.T) {
	t.Parallel()
	hostile := "[click](http://evil.example)\n# x <font color=red>\u202eEve"
	e := newEnv(t)
	members := e.conf.MembersFn
	e.conf.MembersFn = func(ctx context.Context, id string) ([]Member, error) {
		list, err := members(ctx, id)
		for i := range list {
			if list[i].UnionID == "u-alice" {
				list[i].Nick = hostile
			}
		}
		return list, err
	}
	evil := m1Meeting
	evil.Title = "![t](http://evil.example/t.png) " + hostile
	e.bind(evil)
	e.conf.InfoFn = func(context.Context, string) (Meeting, error) { return evil, nil }

	var replies []string
	for _, r := range []Request{
		req("hana", "/spotlight", "alice"), req("hana", "/meeting"), req("hana", "/meeting panel"),
		req("hana", "/meeting log"), req("hana", "/spotlight [click](http://evil.example)"),
		req("hana", "/[x](http://evil.example)"), req("hana", "/meeting use [x](http://evil.example)"),
		req("hana", "/cohost add al"),
	} {
		replies = append(replies, e.handle(r).Text)
	}
	for _, text := range replies {
		for _, bad := range []string{"](", "http://", "<font", "\n#", "![", "\u202e"} {
			assert.NotContains(t, text, bad, "in %q", text)
		}
	}
}
