package main

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// This file tells the sandbox when the bot has finished with a message or
// a card click. The bot counts every command it carries out
// (meetbot_commands_total) only after it has sent the reply and the card
// delivery or update, so once the count goes up every call the line caused
// is in the call log. That is exact where a deadline would be a guess: a
// reply may or may not be followed by a card update, /meeting panel sends
// a card and no text, and a double click sends nothing at all.

// handledPoll is how often waitHandled looks at the count.
const handledPoll = 2 * time.Millisecond

// handled is how many messages and clicks the bot has carried out so far.
func (sb *sandbox) handled() int {
	if sb.metrics == nil {
		return 0
	}
	return int(counterTotal(sb.metrics.commands))
}

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

// counterTotal sums every series of a counter vector.
func counterTotal(c prometheus.Collector) float64 {
	ch := make(chan prometheus.Metric)
	go func() {
		c.Collect(ch)
		close(ch)
	}()
	total := 0.0
	for m := range ch {
		var d dto.Metric
		if m.Write(&d) == nil && d.GetCounter() != nil {
			total += d.GetCounter().GetValue()
		}
	}
	return total
}
