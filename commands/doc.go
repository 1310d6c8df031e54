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
// inverse action for a later undo.
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
