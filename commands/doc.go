// Package commands is meetbot's command layer: it turns one chat message,
// or one click on a meeting control card, into one Reply.
//
// # Two doors, one hall
//
// Registry.Handle only picks the door (handle.go, click.go):
//
//   - handleText, for a chat message: Parse (pure tokenizer: normalise
//     full-width text, find the command word in English or Chinese, split
//     mentions and bare words) → Registry lookup → a Call.
//   - handleClick, for a card click (Request.Action): the card's record
//     (chat, meeting, language) and the button's params (the command id
//     in "action", the member of the button's row in "unionId") → a Call,
//     built directly: no text is made up or parsed. It first checks that
//     the card is known and of the clicker's organisation, that the button
//     is clickable, that the press is not a double click, that the meeting
//     is still running and still the chat's, and asks the host to press
//     End a second time.
//
// Both run the Call's handler (run), which resolves which meeting (the
// chat's binding, else the sender's only ongoing meeting; binding.go),
// authorizes (host, co-host or admin, refused in the words of the control
// table; auth.go, control.go), resolves target people (real @mentions
// through the Directory, bare names against the meeting's member nicks;
// people.go, names.go) and acts through Conference. A typed command gets
// a short markdown Reply in its language, with the control card attached
// (withCard); a click's result goes to the clicker's private line on the
// card, never to the chat, and the card is updated for everyone, in every
// chat bound to the meeting (Reply.Others).
//
// # The control table
//
// controlTable (actions.go) has one entry per command that acts on a
// meeting or on its card: its command id; the action its audit records
// carry and how /meeting log words it; the action that undoes it and how it
// runs as an /undo step (wording, refusal verb, apply function); the
// refusal verb of its authorization; whether a card button may trigger it;
// and what its success does to the card (update, deliver or refresh, end).
// Nothing else in the package lists commands. actions.go also holds the
// action layer (focus, unfocus, setCoHosts, muteAll): each calls DingTalk
// once and records what it did with its inverse. TestControlTable and
// checkControls hold the table to the definitions, and
// TestEveryCardButtonIsClickable to the card template.
//
// # Adding a command
//
// A command is a Definition in builtins.go and a handler in a file of its
// own (spotlight.go, cohost.go, mute.go, meeting_*.go, undo.go, help.go).
// A control command, one that changes a meeting, also takes one entry in
// controlTable, and nothing else in the package. For a /lock that locks
// the meeting:
//
//  1. builtins.go: {Name: "lock", Aliases: []string{"锁定会议"}, Usage: …,
//     Description: …, Examples: …, Handler: lock}.
//  2. lock.go: func lock(ctx, c) takes the sender and the authorized
//     meeting from c.control(ctx), then calls an action-layer function of
//     its own that calls Conference and records result{Action: "lock"};
//     the reply says what happened.
//  3. actions.go: {command: "lock", action: "lock", verb: Text{"lock the
//     meeting", "锁定会议"}, did: Text{"locked the meeting", "锁定会议"},
//     card: cardUpdate}; clickable: true when the card template
//     (cardtemplate/) gets a button for it.
//
// An undoable action also names undoneBy, the action whose entry runs the
// undo step (asUndo), and records that step. A DingTalk call commands has
// never made needs its method on Conference (ports.go) and in main's
// adapter, outside this package.
//
// # Audit and undo
//
// Every control action, typed or clicked, successful or failed, is one
// record in the KV list audit:<corp>:<meeting> (newest 1,000 kept; the
// JSON is a stored format, audit.go) and one "audit" log line, with the
// backend request id the adapter reports through NoteRequestID. /meeting
// log shows the last 10; /undo replays the recorded inverse of the
// sender's own last successful action if it is under 10 minutes old,
// authorized like the action itself. A co-host action that would change
// nobody calls and records nothing (cohost.go: judged from the member
// list's host/co-host flags).
//
// # Wording
//
// Every reply, card label and help line is a Text literal: English and
// Chinese, with the same fmt arguments. The Chinese uses DingTalk's own
// words (全员看他, 联席主持人, 会议号, 入会, 会控卡片, 操作记录 …), full-width
// punctuation, 、 between items and no spaces around names; commands are
// shown in DingTalk's verb-object form (a definition's first Chinese
// alias). A reply that names the chat says 本群, which Call.text turns
// into 这里 in a 1:1 chat. A success says what happened in one clause.
// Times shown in chat are in Config.Location, labelled (北京时间, UTC+8).
// strings_test.go reads every such string from the source and checks it.
//
// # Files
//
// types.go holds the domain types (Request, Reply, Person, Meeting, …) and
// ports.go the interfaces commands needs (Conference, Directory, KV) with
// the errors their implementations wrap: commands never sends anything and
// never imports the DingTalk client, the store or the stream SDK, and
// main.go adapts the real implementations. card.go builds the card's
// variables from meeting state as a pure function (CardParams) for the
// template in cardtemplate/; cardstate.go records delivered cards and
// builds their updates. registry.go, parse.go and help.go hold the
// definitions, the tokenizer and the generated help.
//
// Caches: member lists (host/co-host flags and nicks) are kept in memory
// per corp+meeting for Config.AuthTTL with single-flight refreshes, so a
// command in a bound chat costs exactly one Conference control call in
// steady state; userId → unionId/name lookups are cached in the KV store
// for Config.PersonTTL (state.go).
package commands
