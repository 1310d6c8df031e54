package commands

import (
	"context"
	"errors"
	"strings"
)

// selfWords are bare names that mean the sender.
var selfWords = map[string]bool{"me": true, "myself": true, "我": true, "自己": true}

// named reports whether the message names anybody at all, by real
// mention, external mention, @text or bare word.
func (c *Call) named() bool {
	return len(c.Request.Mentions) > 0 || c.Request.ExternalMentions > 0 ||
		len(c.Parsed.Args) > 0 || len(c.Parsed.MentionNames) > 0
}

// lookup collects who a message names, and who could not be resolved.
type lookup struct {
	found     []Person
	notInDir  []string // mentioned, but not in the contacts
	unknown   []string // bare names that match no member
	ambiguous []string // rendered "“Al” matches **Alice** and **Alan**" lines
}

// targets resolves the people a command names: real mentions through the
// Directory (cached), bare names and me/我 against the meeting's members.
// External mentions are refused before this (controlTargets). The result
// is a set (no duplicates); any name that cannot be resolved
// makes the whole command a user error naming it.
func (c *Call) targets(ctx context.Context, b binding, sender Person) ([]Person, error) {
	var lk lookup
	if err := c.mentioned(ctx, b, &lk); err != nil {
		return nil, err
	}
	names, lenient := c.bareNames()
	if err := c.matchNames(ctx, b, sender, names, lenient, &lk); err != nil {
		return nil, err
	}
	if err := c.lookupError(b, lk); err != nil {
		return nil, err
	}
	return dedupe(lk.found), nil
}

// mentioned resolves Request.Mentions. A mention whose userId the contacts
// do not know is kept when DingTalk sent its unionId.
func (c *Call) mentioned(ctx context.Context, b binding, lk *lookup) error {
	for i, m := range c.Request.Mentions {
		p := m
		if m.UserID != "" {
			var err error
			p, err = c.reg.st.person(ctx, c.Request.CorpID, m.UserID)
			switch {
			case errors.Is(err, ErrNotFound) && m.UnionID == "":
				lk.notInDir = append(lk.notInDir, c.mentionLabel(i))
				continue
			case errors.Is(err, ErrNotFound):
				p = m
			case err != nil:
				return err
			}
		}
		if p.UnionID == "" {
			continue // nothing to act on: counted as external by the bot
		}
		if m.UnionID != "" {
			p.UnionID = m.UnionID
		}
		if p.Name == "" {
			p.Name = c.nickOf(ctx, b, p.UnionID)
		}
		lk.found = append(lk.found, p)
	}
	return nil
}

// mentionLabel names the i-th mention for an error: its visible @text when
// the text kept one per mention, else a generic phrase.
func (c *Call) mentionLabel(i int) string {
	if names := c.Parsed.MentionNames; len(names) == len(c.Request.Mentions) {
		return names[i]
	}
	return Text{"someone you mentioned", "你 @ 的人"}.In(c.Lang)
}

// nickOf is the member nick of unionID in meeting b, or "" (best effort,
// from the cache when it is fresh).
func (c *Call) nickOf(ctx context.Context, b binding, unionID string) string {
	list, _, err := c.reg.st.memberList(ctx, c.Request.CorpID, b.MeetingID, false)
	if i := indexMember(list, unionID); err == nil && i >= 0 {
		return list[i].Nick
	}
	return ""
}

// bareNames returns the words that name people without a real mention,
// and which of them may be skipped when they match nobody.
//
// With real mentions, @texts are their visible labels and are ignored
// (richText keeps them, and also keeps the bot's own label), and bare
// words next to them may be the rest of a multi-word label ("@Alice
// Smith"), so they are lenient. With no real mention, every @text is a
// name (1:1 chats, or @Alice typed by hand); in a group one of them may
// be the bot's own label, so there they are lenient.
func (c *Call) bareNames() (names []string, lenient map[string]bool) {
	args, texts := c.Parsed.Args, c.Parsed.MentionNames
	lenient = map[string]bool{}
	if len(c.Request.Mentions)+c.Request.ExternalMentions > 0 {
		if len(texts) > 0 {
			for _, a := range args {
				lenient[a] = true
			}
		}
		return args, lenient
	}
	if c.Request.ChatKind == Group {
		for _, t := range texts {
			lenient[t] = true
		}
	}
	return append(append([]string(nil), texts...), args...), lenient
}

// dedupe keeps the first of each unionId.
func dedupe(ps []Person) []Person {
	seen := map[string]bool{}
	out := ps[:0:0]
	for _, p := range ps {
		if !seen[p.UnionID] {
			seen[p.UnionID] = true
			out = append(out, p)
		}
	}
	return out
}

// lookupError is the user error for a lookup with unresolved names, or nil.
func (c *Call) lookupError(b binding, lk lookup) error {
	var lines []string
	if len(lk.notInDir) > 0 {
		lines = append(lines, msgNotInDir.In(c.Lang, boldList(c.Lang, lk.notInDir)))
	}
	lines = append(lines, lk.ambiguous...)
	if len(lk.unknown) > 0 {
		lines = append(lines, msgUnknownName.In(c.Lang, meetingName(c.Lang, b.Title), boldList(c.Lang, lk.unknown)))
	}
	if len(lines) == 0 {
		return nil
	}
	return &userError{outcome: Rejected, text: strings.Join(lines, "\n")}
}
