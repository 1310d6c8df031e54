package commands

import (
	"context"
	"errors"
	"strings"
)

// userError is a failure whose text is safe and useful to show: bad
// input, a refusal, a meeting that ended. Handlers build them with
// Call.reject and Call.refuse, already rendered in the call's language.
type userError struct {
	outcome Outcome
	text    string
}

// Error returns the text to show.
func (e *userError) Error() string { return e.text }

// reject is a user error for bad input or a state the user must change.
func (c *Call) reject(t Text, args ...any) error {
	return &userError{outcome: Rejected, text: c.text(t, args...)}
}

// refuse is a user error for a sender who may not do this.
func (c *Call) refuse(t Text, args ...any) error {
	return &userError{outcome: Refused, text: c.text(t, args...)}
}

// ok is a successful reply.
func (c *Call) ok(t Text, args ...any) (Reply, error) {
	return Reply{Text: c.text(t, args...), Outcome: OK}, nil
}

// failure maps any error a handler returned to a reply. It is the only
// place that decides what a failure looks like to the user; raw error
// texts never reach the chat.
func failure(ctx context.Context, lang Lang, err error) Reply {
	var ue *userError
	if errors.As(err, &ue) {
		return Reply{Text: ue.text, Outcome: ue.outcome}
	}
	failed := func(t Text, args ...any) Reply {
		return Reply{Text: t.In(lang, args...), Outcome: Failed, Err: err}
	}
	var pe *PermissionError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
		return failed(msgSlow)
	case errors.Is(err, ErrAppNotAuthorized):
		return notAuthorized(lang)
	case errors.Is(err, ErrBusy):
		return failed(msgBusy)
	case errors.As(err, &pe) && len(pe.Scopes) > 0:
		return failed(msgPermission, "`"+strings.Join(pe.Scopes, "`, `")+"`")
	case errors.As(err, &pe):
		return failed(msgPermAny)
	case errors.Is(err, ErrAuth):
		return failed(msgAuthFailed)
	case errors.Is(err, ErrQuota):
		return failed(msgQuota)
	case errors.Is(err, ErrMeetingGone):
		return Reply{Text: msgEndedNext.In(lang, msgThisMeeting.In(lang)), Outcome: Rejected}
	case errors.Is(err, ErrRejected):
		return failed(msgRejectedAny)
	case errors.Is(err, ErrUnknownUser):
		return Reply{Text: msgSomeoneOut.In(lang), Outcome: Rejected}
	}
	return failed(msgGeneric)
}
