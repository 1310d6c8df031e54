package commands

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMutePeople(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		req     Request
		outcome Outcome
		text    string
		calls   []string
	}{
		{"two people", req("hana", "/mute @Alice @Olga", "alice", "olga"), OK,
			"Muted **Alice** and **Olga**.", []string{"MuteMember m1 u-alice true", "MuteMember m1 u-olga true"}},
		{"one of three not in the meeting: no call for them", req("hana", "/mute @Alice @Bob @Olga", "alice", "bob", "olga"), OK,
			"Muted **Alice** and **Olga**. Not joined yet: **Bob**.", []string{"MuteMember m1 u-alice true", "MuteMember m1 u-olga true"}},
		{"nobody in the meeting", req("hana", "/mute @Bob", "bob"), Rejected,
			"**Bob** hasn't joined yet — ask them to join, then try again.", nil},
		{"a co-host does not mute the host", req("cole", "/mute @Hana", "hana"), Refused,
			"**Hana** is the host: only the host can do that to themselves.", nil},
		{"a co-host mutes the others, not the host", req("cole", "/mute @Hana @Alice", "hana", "alice"), OK,
			"Muted **Alice**. **Hana** is the host: only the host can do that to themselves.", []string{"MuteMember m1 u-alice true"}},
		{"the host mutes themselves", req("hana", "/mute me"), OK, "Muted **Hana**.", []string{"MuteMember m1 u-hana true"}},
		{"unmuting the host is no harm", req("cole", "/unmute @Hana", "hana"), OK, "Unmuted **Hana**.", []string{"MuteMember m1 u-hana false"}},
		{"chinese", req("hana", "/静音 @张三", "zhang"), OK, "已将**张三**静音。", []string{"MuteMember m1 u-zhang true"}},
		{"chinese unmute", req("hana", "/解除静音 @张三", "zhang"), OK, "已解除**张三**的静音。", []string{"MuteMember m1 u-zhang false"}},
		{"a member may not", req("alice", "/mute @Olga", "olga"), Refused,
			"Only the host or a co-host of **周会 Weekly sync** can mute or unmute people.", nil},
		{"nobody named", req("hana", "/mute"), Rejected, "Usage: `/mute @user [@user …]`\nExample: `/mute @Bob @Carol`", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rep := e.handle(tt.req)
			assert.Equal(t, tt.outcome, rep.Outcome, rep.Text)
			assert.Equal(t, tt.text, rep.Text)
			assert.Equal(t, tt.calls, e.conf.controlCalls())
		})
	}
}

// TestMuteFailureOnTheSecondOfThree: DingTalk failing one person's call
// does not stop the others; the reply says who was done and who not, and
// /undo unmutes only those done.
func TestMuteFailureOnTheSecondOfThree(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	n := 0
	e.conf.MuteMemberFn = func(_ context.Context, _, u string, _ bool) error {
		if n++; n == 2 {
			return errors.New("DingTalk 500")
		}
		return nil
	}
	rep := e.handle(req("hana", "/mute @Alice @Olga @Alan", "alice", "olga", "alan"))
	assert.Equal(t, OK, rep.Outcome)
	assert.Equal(t, "Muted **Alice** and **Alan**. DingTalk did not take **Olga** — try again in a moment.", rep.Text)
	assert.Equal(t, []string{"MuteMember m1 u-alice true", "MuteMember m1 u-olga true", "MuteMember m1 u-alan true"}, e.conf.controlCalls())
	trail := e.trail()
	require.Len(t, trail, 1)
	assert.Equal(t, []string{"u-alice", "u-alan"}, unionIDs(trail[0].Targets))

	before := len(e.conf.controlCalls())
	rep = e.handle(req("hana", "/undo"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, []string{"MuteMember m1 u-alice false", "MuteMember m1 u-alan false"}, e.since(before))
	assert.Contains(t, rep.Text, "Now **Alice** and **Alan** may speak again.")
}

// TestMuteStopsWhenEveryCallWouldFail: the quota used up fails everyone:
// one call, not one per person.
func TestMuteStopsWhenEveryCallWouldFail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.conf.MuteMemberFn = func(context.Context, string, string, bool) error { return ErrQuota }
	rep := e.handle(req("hana", "/mute @Alice @Olga", "alice", "olga"))
	assert.Equal(t, Failed, rep.Outcome)
	assert.Equal(t, 1, e.conf.Count("MuteMember"))
}

func TestMuteAllExcept(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("hana", "/mute all except @Alice @Bob", "alice", "bob"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "Muted everyone except **Alice**. Not joined yet: **Bob**.", rep.Text)
	assert.Equal(t, []string{"MuteAll m1 true", "MuteMember m1 u-alice false"}, e.conf.controlCalls())

	rep = e.handle(req("hana", "/全员静音 除了 @张三", "zhang"))
	assert.Equal(t, "已全员静音，**张三**除外。", rep.Text)

	before := len(e.conf.controlCalls())
	rep = e.handle(req("hana", "/undo"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, []string{"MuteAll m1 false"}, e.since(before))
}

func TestMuteOpen(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("cole", "/mute open"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "Muted **Olga**, whose microphones were on.", rep.Text, "the host and co-hosts keep theirs")
	assert.Equal(t, []string{"MuteMember m1 u-olga true"}, e.conf.controlCalls())
	assert.Equal(t, 1, e.conf.Count("Live"))

	rep = e.handle(req("hana", "/静音 开麦的人"))
	assert.Equal(t, "已将开着麦克风的**Olga**静音。", rep.Text)

	before := len(e.conf.controlCalls())
	rep = e.handle(req("hana", "/undo"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, []string{"MuteMember m1 u-olga false"}, e.since(before))
}

// TestMuteOpenMatchesUserIDs: DingTalk's batch query may name users by
// userId: they are found through the contacts.
func TestMuteOpenMatchesUserIDs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.conf.LiveFn = func(context.Context, []string) ([]LiveMeeting, error) {
		return []LiveMeeting{{MeetingID: m1, Users: []LiveUser{{ID: "olga", Mic: true, State: StateIn},
			{ID: "cole", Mic: true, State: StateIn}, {ID: "stranger", Mic: true, State: StateIn}}}}, nil
	}
	rep := e.handle(req("hana", "/mute open"))
	assert.Equal(t, "Muted **Olga**, whose microphones were on.", rep.Text)
	assert.Equal(t, []string{"MuteMember m1 u-olga true"}, e.conf.controlCalls())
}

func TestMuteOpenNobody(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.conf.LiveFn = func(context.Context, []string) ([]LiveMeeting, error) {
		return []LiveMeeting{{MeetingID: m1, Users: []LiveUser{{ID: "u-hana", Mic: true, State: StateIn}}}}, nil
	}
	rep := e.handle(req("hana", "/mute open"))
	assert.Equal(t, "Nobody in **周会 Weekly sync** has the microphone on, apart from the host and co-hosts.", rep.Text)
	assert.Empty(t, e.conf.controlCalls())
}

// TestMuteButtonsOnTheCard: a member's Mute button mutes them and the card
// then offers Unmute.
func TestMuteButtonsOnTheCard(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	rep := e.press(card, "cole", map[string]string{CardParamAction: CardMute, CardParamUnionID: "u-olga"})
	require.Equal(t, OK, rep.Outcome)
	assert.Equal(t, "Muted Olga.", rep.Card.Private["cole"]["result"])
	assert.Equal(t, CardUnmute, memberRow(t, rep.Card, "u-olga").MuteAction)
	rep = e.press(card, "cole", map[string]string{CardParamAction: CardUnmute, CardParamUnionID: "u-olga"})
	assert.Equal(t, CardMute, memberRow(t, rep.Card, "u-olga").MuteAction)
	assert.Equal(t, []string{"MuteMember m1 u-olga true", "MuteMember m1 u-olga false"}, e.conf.controlCalls())
}

// memberRow is a member's row on a card update.
func memberRow(t *testing.T, c *Card, unionID string) cardMember {
	t.Helper()
	var rows []cardMember
	require.NoError(t, jsonUnmarshal(c.Params["members"], &rows))
	for _, r := range rows {
		if r.UnionID == unionID {
			return r
		}
	}
	t.Fatalf("no row for %s", unionID)
	return cardMember{}
}

func unionIDs(ps []Person) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.UnionID
	}
	return out
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
