package commands

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A message naming more people than a command takes is refused before
// anything is looked up: no Directory call, no member list.
func TestTooManyNamesCostNoLookup(t *testing.T) {
	t.Parallel()
	many := make([]string, 1000)
	for i := range many {
		many[i] = "alice"
	}
	tests := []struct {
		name string
		r    Request
		want string
	}{
		{"1,000 mentions to spotlight", req("hana", "/spotlight", many...), "Only one person can be spotlighted at a time — name just one."},
		{"1,000 mentions to co-host", req("hana", "/cohost add", many...), "That's too many people for one command — name at most 20."},
		{"2,000 one-letter words", req("hana", "/spotlight "+strings.Repeat("a ", 2000)), "Only one person can be spotlighted at a time — name just one."},
		{"2,000 words to co-host, Chinese", req("hana", "/设为联席主持人 "+strings.Repeat("张 ", 2000)), "一次最多指定 20 人，请分几次发送。"},
		{"two mentions to turn the spotlight off", req("hana", "/spotlight off", "alice", "zhang"), "Only one person can be spotlighted at a time — name just one."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rep := e.handle(tt.r)
			assert.Equal(t, Rejected, rep.Outcome)
			assert.Equal(t, tt.want, rep.Text)
			assert.Empty(t, e.conf.Calls(), "nothing looked up")
			assert.Zero(t, e.dir.Count(), "nobody resolved")
		})
	}
}

// bigMeeting is a member list of n people with multi-word nicks that share
// prefixes: the worst case for matching.
func bigMeeting(n int) []Member {
	list := make([]Member, n)
	for i := range list {
		list[i] = Member{UnionID: fmt.Sprintf("u%d", i), Nick: fmt.Sprintf("a b c d e %d", i), Present: true}
	}
	return list
}

func TestMatchAllStopsWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := matchAll(ctx, newNickIndex(bigMeeting(10)), []string{"a", "b"}, Person{})
	require.ErrorIs(t, err, context.Canceled)
}

func TestMatchAllFindsMultiWordNicks(t *testing.T) {
	t.Parallel()
	ix := newNickIndex([]Member{
		{UnionID: "u1", Nick: "Alice Smith"}, {UnionID: "u2", Nick: "Alice"}, {UnionID: "u3", Nick: "ＢＯＢ"},
		{UnionID: "u4", Nick: "Alan"}, {Nick: "no union id"},
	})
	res, err := matchAll(context.Background(), ix, []string{"alice", "smith", "bob", "al", "me", "nobody"}, Person{UnionID: "self"})
	require.NoError(t, err)
	assert.Equal(t, []Person{{UnionID: "u1", Name: "Alice Smith"}, {UnionID: "u3", Name: "ＢＯＢ"}, {UnionID: "self"}}, res.found)
	assert.Equal(t, []string{"al"}, res.order, "al is Alice Smith, Alice and Alan")
	assert.Equal(t, []string{"nobody"}, res.unknown)
}

// BenchmarkFourKilobyteSpotlight is the adversarial message: a 4 KB
// /spotlight of ~2,000 one-letter words. It used to cost 14–26 s of CPU
// (cubic matching); now it is refused before any lookup.
func BenchmarkFourKilobyteSpotlight(b *testing.B) {
	e := newEnv(&testing.T{})
	r := req("hana", "/spotlight "+strings.Repeat("a ", 2000))
	for b.Loop() {
		e.reg.Handle(context.Background(), r)
	}
}

// BenchmarkMatchWorstAccepted is the worst that is still matched: 60
// one-letter words against 2,000 members whose six-word nicks all share
// their first five words.
func BenchmarkMatchWorstAccepted(b *testing.B) {
	ix := newNickIndex(bigMeeting(2000))
	words := strings.Fields(strings.Repeat("a ", maxNameWords))
	for b.Loop() {
		_, _ = matchAll(context.Background(), ix, words, Person{})
	}
}
