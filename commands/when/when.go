package when

import (
	"errors"
	"fmt"
	"time"
)

// MaxDuration is the longest meeting a phrase may ask for.
const MaxDuration = 24 * time.Hour

// Result is what a booking phrase says.
type Result struct {
	Start time.Time // in the location given to Parse
	// Duration is 0 when the phrase gave none; the caller picks a default.
	Duration time.Duration
	// Rest holds the words after the time and duration: the title and
	// options. It is a suffix of the words, except that when the phrase
	// ends inside a word (明天10点周会), Rest[0] is the rest of that word
	// (周会).
	Rest []string
}

// The kinds of Error, for errors.Is.
var (
	ErrUnreadable = errors.New("no time at the start")
	ErrNoSuchTime = errors.New("no such time or date")
	ErrDuration   = errors.New("duration must be more than 0 and at most 24 h")
	ErrPast       = errors.New("that time has passed")
)

// Error says why a phrase gave no time. Kind is one of the Err values
// above; errors.Is(err, ErrPast) matches it.
type Error struct {
	Kind error
	// Time is the instant the phrase was read as, for ErrPast, so the
	// reply can say "I read that as Fri 11 Dec 09:00, which has passed".
	Time time.Time
}

// Error names the kind and, for ErrPast, the time as read.
func (e *Error) Error() string {
	if e.Kind == ErrPast {
		return fmt.Sprintf("when: %v: %s", e.Kind, e.Time.Format("2006-01-02 15:04 MST"))
	}
	return fmt.Sprintf("when: %v", e.Kind)
}

// Unwrap returns the Kind.
func (e *Error) Unwrap() error { return e.Kind }

// Parse reads a time, then optionally a range end or a duration, from
// the start of words: a command's arguments split on whitespace. Chinese
// may come split (明天 上午10点) or not (明天上午10点). Times are read in
// loc, relative to now; a nil loc means now's location. A time before
// now is an *Error of kind ErrPast that carries the time. Parse never
// panics.
func Parse(words []string, now time.Time, loc *time.Location) (Result, error) {
	if loc == nil {
		loc = now.Location()
	}
	now = now.In(loc)
	in := newInput(words)
	s := scanner{text: in.text}
	p, ok := s.phrase()
	if !ok || !in.splits(s.i) {
		return Result{}, &Error{Kind: ErrUnreadable}
	}
	start, dur, err := p.resolve(now)
	if err != nil {
		return Result{}, err
	}
	return Result{Start: start, Duration: dur, Rest: in.rest(words, s.i)}, nil
}
