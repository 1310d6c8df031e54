// Package commands is meetbot's command layer: it turns one chat message
// into one Reply.
//
// The flow for a message is Parse (pure tokenizer: normalise full-width
// text, find the command word in English or Chinese, split mentions and
// bare words) → Registry lookup → resolve which meeting (the chat's
// binding, else the sender's only ongoing meeting) → authorize (host,
// co-host or admin) → resolve target people (real @mentions through the
// Directory, bare names against the meeting's member nicks) → act through
// Conference → a short markdown Reply in the language of the command.
//
// The meeting-control actions (focus, unfocus, co-host add/remove, mute
// all) live in actions.go, separate from text handling, so that card
// buttons can reuse them; every action records an audit entry with the
// inverse of what it changed for a later undo (cohostchange.go: judged
// from the member list's host/co-host flags and the bot's muted record; a
// co-host action that would change nobody calls and records nothing).
//
// The meeting control card (card.go, cardstate.go, click.go, panel.go):
// CardParams builds the card's variables from meeting state as a pure
// function; the template they fill is in cardtemplate/. /meeting start,
// use and panel deliver the card, and commands that change the meeting
// update it in place (Reply.Card). A click (Request.Action) names a
// command id; it is run as that command typed in the card's language by
// the clicker, through the same meeting resolution and authorization, and
// its result goes to the clicker's private line on the card, never to the
// chat. Clicks on the card of an ended meeting make no control call, and
// a second identical press within a second is ignored.
//
// Audit and undo (audit.go, undo.go, meetinglog.go): every control action,
// typed or clicked, successful or failed, is one record in the KV list
// audit:<corp>:<meeting> (newest 1,000 kept) and one "audit" log line,
// with the backend request id the adapter reports through NoteRequestID.
// /meeting log shows the last 10; /undo replays the recorded inverse of
// the sender's own last successful action if it is under 10 minutes old,
// authorized like the action itself.
//
// commands never sends anything and never imports the DingTalk client, the
// store or the stream SDK: deps.go declares the interfaces it needs, and
// main.go adapts the real implementations to them.
//
// Caches: member lists (host/co-host flags and nicks) are kept in memory
// per corp+meeting for Config.AuthTTL with single-flight refreshes, so a
// command in a bound chat costs exactly one Conference control call in
// steady state; userId → unionId/name lookups are cached in the KV store
// for Config.PersonTTL.
package commands
