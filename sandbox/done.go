package sandbox

import (
	"context"
	"time"
)

// This file tells the sandbox when the bot has finished with a message or
// a card click. The bot reports every command it carries out
// (app.WithCommandDone) only after it has sent the reply and the card
// delivery or update, so once the count goes up every call the line caused
// is in the call log. That is exact where a deadline would be a guess: a
// reply may or may not be followed by a card update, /meeting panel sends
// a card and no text, and a double click sends nothing at all.

// handledPoll is how often waitHandled looks at the count.
const handledPoll = 2 * time.Millisecond

// doneOne counts one message or click carried out.
func (sb *sandbox) doneOne() { sb.handledN.Add(1) }

// handled is how many messages and clicks the bot has carried out so far.
func (sb *sandbox) handled() int { return int(sb.handledN.Load()) }

// waitHandled waits until the bot has carried out more than before
// messages and clicks; false when ctx ends first.
func (sb *sandbox) waitHandled(ctx context.Context, before int) bool {
	tick := time.NewTicker(handledPoll)
	defer tick.Stop()
	for sb.handled() <= before {
		select {
		case <-tick.C:
		case <-ctx.Done():
			return sb.handled() > before
		}
	}
	return true
}
