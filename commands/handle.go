package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/meetbot/meetbot/internal/corpctx"
)

// Reply.Err of the replies to messages that were not run.
var (
	errQueueFull  = errors.New("command queue full")
	errRestarting = errors.New("bot stopping: command not run")
)

// Handle runs the command in req and returns the reply. It never panics
// and never sends: every error becomes a reply, and internal causes are
// in Reply.Err with Outcome Failed for the caller to log once.
//
// It only picks the door: a chat message comes in through handleText, a
// card click through handleClick (click.go). Both build a Call and run it
// (run): the same definitions, meeting resolution, authorization and
// control table.
func (r *Registry) Handle(ctx context.Context, req Request) (rep Reply) {
	lang := English                        // of a panic's reply: handleText sets it once it knows
	ctx = corpctx.With(ctx, req.CorpID)    // the organisation whose token every call uses
	ctx, info := withRequestInfo(ctx, req) // chat and channel for audit records
	defer func() { rep.MeetingID = firstNonEmpty(rep.MeetingID, info.meetingID()) }()
	defer func() {
		if v := recover(); v != nil {
			rep = Reply{Text: msgGeneric.In(lang), Lang: lang, Outcome: Failed,
				Err: fmt.Errorf("commands: panic: %v", v)}
		}
	}()
	if req.Action != nil {
		return r.handleClick(ctx, req)
	}
	return r.handleText(ctx, req, &lang)
}

// handleText is the text door: it parses the message, runs the command it
// names and attaches the control card (withCard). It sets *lang to the
// message's language as soon as it is known.
func (r *Registry) handleText(ctx context.Context, req Request, lang *Lang) Reply {
	p := r.lex.parse(req.Text)
	*lang = p.Lang
	def, ok := r.byName[p.Command]
	switch {
	case p.Word == "": // just a mention, a bare "/", or nothing: point to /help
		return Reply{Text: msgNoCommand, Lang: p.Lang, Outcome: Rejected}
	case p.Command == "":
		return Reply{Text: r.unknown(p), Lang: p.Lang, Outcome: Rejected}
	case !ok:
		return Reply{Text: r.groupUsage(p.Command, p.Word, p.Lang), Lang: p.Lang,
			Command: p.Command, Outcome: Rejected}
	}
	c := &Call{Request: req, Parsed: p, Lang: p.Lang, def: def, reg: r}
	rep := r.run(ctx, c)
	rep.Command, rep.Lang = def.ID(), p.Lang
	return r.withCard(ctx, c, rep)
}

// run is where the two doors meet: it runs the Call's handler and turns
// an error into the reply (failure). Handlers resolve the meeting
// (senderMeeting) and authorize (control, with the verb of the command's
// control table entry) the same way whichever door the Call came through.
func (r *Registry) run(ctx context.Context, c *Call) Reply {
	ctx = context.WithValue(ctx, langKey{}, c.Lang)
	rep, err := c.def.Handler(ctx, c)
	if err != nil {
		rep = failure(ctx, c.Lang, err)
	}
	return rep
}

type langKey struct{}

// langOf is the language of the command being run (run puts it in ctx);
// English outside one.
func langOf(ctx context.Context) Lang {
	if l, ok := ctx.Value(langKey{}).(Lang); ok {
		return l
	}
	return English
}

// Busy is the reply for a message the bot could not queue, or could not
// tell apart from a duplicate: try again in a few seconds, in the
// message's language. For a card click it is the clicker's private line
// on the card instead, in both languages: the card's language is in its
// record in the store, which is either down or too busy to ask.
func (r *Registry) Busy(req Request) Reply { return r.notRun(req, msgQueueFull, errQueueFull) }

// Restarting is the reply for a message the bot took but will not run
// because it is stopping (a deploy, a restart): send it again in a moment.
func (r *Registry) Restarting(req Request) Reply { return r.notRun(req, msgRestarting, errRestarting) }

// notRun is the reply t for a message that was not run, with cause err.
func (r *Registry) notRun(req Request, t Text, err error) Reply {
	if a := req.Action; a != nil {
		rep := Reply{Text: t.En + " " + t.Zh, Outcome: Failed, Err: err}
		if id := a.Params[CardParamAction]; r.controls.clickable(id) {
			rep.Command = id
		}
		return privateReply(a.OutTrackID, clicker(req), rep)
	}
	p := r.lex.parse(req.Text)
	command := ""
	if def, ok := r.byName[p.Command]; ok {
		command = def.ID()
	}
	return Reply{Text: t.In(p.Lang), Lang: p.Lang, Command: command, Outcome: Failed, Err: err}
}

// unknown is the reply to an unknown command word: the closest command if
// there is one, and a pointer to /help.
func (r *Registry) unknown(p Parsed) string {
	word := p.Word
	s := r.lex.suggest(word)
	if as, ok := r.spelled[s]; ok {
		s = as
	}
	switch {
	case !echoable(word) && s != "":
		return msgDidYouMeanPlain.In(p.Lang, s)
	case !echoable(word): // never echo link syntax or markup a user typed
		return msgUnknownPlain.In(p.Lang)
	case s != "":
		return msgDidYouMean.In(p.Lang, word, s)
	}
	return msgUnknownCmd.In(p.Lang, word)
}

// groupUsage lists the commands of a group ("cohost add", "cohost
// remove") for a group word typed alone or with an unknown subcommand.
// word is the group word as typed, so the reply repeats the user's form.
func (r *Registry) groupUsage(group, word string, lang Lang) string {
	lines := make([]string, 0, len(r.groups[group]))
	for _, d := range r.groups[group] {
		lines = append(lines, fmt.Sprintf("- `%s` — %s", d.Usage.In(lang), d.Description.In(lang)))
	}
	return msgGroupUsage.In(lang, strings.ReplaceAll(word, "`", ""), strings.Join(lines, "\n"))
}
