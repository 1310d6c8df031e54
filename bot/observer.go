package bot

import (
	"time"

	"github.com/meetbot/meetbot/commands"
)

// Observer is told what the bot does, for metrics, without package bot
// depending on a metrics library. Methods are called on the bot's
// goroutines (workers, the stream reader, the SDK's logger), so they must
// be fast and safe for concurrent use. The queue depth is not pushed:
// read it with Handler.QueueLen.
type Observer interface {
	// CommandDone is called once per message carried out, with the
	// command's canonical name ("" when unknown), its outcome and the time
	// from dequeue to reply sent.
	CommandDone(command string, outcome commands.Outcome, latency time.Duration)
	// BusyRefusal is called for each message refused because the queue was full.
	BusyRefusal()
	// DedupeHit is called for each message dropped as a duplicate.
	DedupeHit()
	// CardClick is called for each card button click received; action is
	// the action name (never ids or user data), so it is a safe label.
	CardClick(action string)
	// StreamConnected is called each time a stream connection is established.
	StreamConnected()
	// StreamDisconnected is called each time an established connection is lost or closed.
	StreamDisconnected()
	// ReconnectAttempt is called for each connection attempt after a
	// failure: reconnects after a drop, and retries while the gateway is
	// unreachable.
	ReconnectAttempt()
}

// NopObserver is an Observer that does nothing; Config uses it by default.
type NopObserver struct{}

var _ Observer = NopObserver{}

// CommandDone implements Observer.
func (NopObserver) CommandDone(string, commands.Outcome, time.Duration) {}

// BusyRefusal implements Observer.
func (NopObserver) BusyRefusal() {}

// DedupeHit implements Observer.
func (NopObserver) DedupeHit() {}

// CardClick implements Observer.
func (NopObserver) CardClick(string) {}

// StreamConnected implements Observer.
func (NopObserver) StreamConnected() {}

// StreamDisconnected implements Observer.
func (NopObserver) StreamDisconnected() {}

// ReconnectAttempt implements Observer.
func (NopObserver) ReconnectAttempt() {}

// observer returns o, or NopObserver when o is nil.
func observer(o Observer) Observer {
	if o == nil {
		return NopObserver{}
	}
	return o
}
