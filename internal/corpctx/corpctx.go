// Package corpctx carries the organisation a piece of work is for on a
// context: the one context key for it. commands puts the organisation of
// the message it handles there; the DingTalk client reads it to call with
// that organisation's token (a third-party app serves many). Neither
// package imports the other, so the key lives here.
package corpctx

import "context"

type key struct{}

// With returns ctx carrying the organisation corpID.
func With(ctx context.Context, corpID string) context.Context {
	return context.WithValue(ctx, key{}, corpID)
}

// From returns the organisation ctx carries, or "".
func From(ctx context.Context) string {
	s, _ := ctx.Value(key{}).(string)
	return s
}
