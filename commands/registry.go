package commands

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// Definition declares one command. Help is generated from it and Parse
// matches its Name and Aliases.
type Definition struct {
	// Name is the canonical English path, e.g. "spotlight" or "cohost add".
	// A two-word name puts the command in a group ("cohost").
	Name string
	// Aliases are other paths in either language, e.g. "聚焦",
	// "联席主持人 添加" or "设为联席主持人". Matching is case-insensitive and
	// Chinese paths match with or without the space.
	Aliases []string
	// Usage is the synopsis, e.g. "/spotlight @user".
	Usage Text
	// Description says what the command does, in one line.
	Description Text
	// Examples are complete messages shown by /help <command>.
	Examples []Text
	// Handler does the work.
	Handler HandlerFunc
}

// ID is the name used in Reply.Command: the path with dots ("cohost.add").
func (d Definition) ID() string { return strings.ReplaceAll(d.Name, " ", ".") }

// HandlerFunc runs one command. A returned error is turned into the reply
// by the registry: user-facing errors keep their message, anything else is
// a Failed reply that carries the error in Reply.Err.
type HandlerFunc func(ctx context.Context, c *Call) (Reply, error)

// Call is one command invocation as a handler sees it.
type Call struct {
	Request Request // the message as the bot adapted it; for a click, the card's chat and the clicker
	Parsed  Parsed  // Request.Text, parsed; for a card click, built from the button (clickCall)
	Lang    Lang    // the reply language
	def     *Definition
	reg     *Registry
}

// Config configures a Registry.
type Config struct {
	Conference Conference
	Directory  Directory
	KV         KV
	// Admins are userIds that may control any meeting (MEETBOT_ADMINS).
	Admins []string
	// AuthTTL is how long a meeting's member list (host/co-host flags,
	// nicks) is cached in memory; default 10s.
	AuthTTL time.Duration
	// PersonTTL is how long a userId → unionId/name lookup is cached in the
	// KV store; default 24h.
	PersonTTL time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Cards says a control card template is configured: /meeting start,
	// use and panel deliver the card, and commands update it. Without it
	// /meeting panel answers in markdown.
	Cards bool
	// Location is the time zone of times shown in chat (/meeting log);
	// default time.Local.
	Location *time.Location
	// Records is where audit, spotlight and mute records go; default KV.
	// The wiring passes a store that writes them behind the reply and
	// retries failed writes (store.Behind), reading its own writes at once.
	Records KV
	// Retention is how long a meeting's audit trail is kept after its last
	// record, and a chat's binding after its last use; default 30 days.
	Retention time.Duration
	// Poster posts what the meeting watcher has to say into chats (see
	// WatchRound); nil leaves the watcher silent.
	Poster Poster
	// Bookings books meetings for later (/meeting schedule); nil turns the
	// booking commands off.
	Bookings Bookings
	// RemindBefore is how long before a booked meeting's start the chat is
	// reminded; 0: no reminder.
	RemindBefore time.Duration
	// App names the DingTalk app (its Client ID) in the watcher's keys,
	// the ones no organisation owns: two apps sharing a store each watch
	// their own meetings.
	App string
}

// DefaultRetention is how long audit trails and idle bindings are kept.
const DefaultRetention = 30 * 24 * time.Hour

// Registry holds the command definitions and what they need to run. It is
// safe for concurrent use.
type Registry struct {
	defs   []Definition
	byName map[string]*Definition
	groups map[string][]*Definition // group name ("cohost") → members
	gwords map[string]string        // lower-case group word, any language → group name
	// spelled is each phrase as a definition writes it ("全员看TA"), by
	// its lower-case key: suggestions quote it that way.
	spelled map[string]string
	lex     *lexicon
	// controls is the control table (actions.go), indexed.
	controls *controls
	admins   map[string]bool
	conf     Conference
	st       *state
	now      func() time.Time
	cards    bool
	loc      *time.Location // for times shown in chat
	poster   Poster         // the meeting watcher's posts; nil: it posts nothing
	app      string         // Config.App
	bookings Bookings       // nil: no booking commands
	remind   time.Duration  // Config.RemindBefore
	interval atomic.Int64   // the watcher's interval (a time.Duration), as its last round said
}

// New returns a Registry with the built-in commands. It panics when a
// dependency is missing, a name or alias is empty or duplicated, or the
// control table does not fit the commands: those are programming errors
// to catch at startup.
func New(cfg Config) *Registry {
	if cfg.Conference == nil || cfg.Directory == nil || cfg.KV == nil {
		panic("commands: Config needs Conference, Directory and KV")
	}
	if cfg.AuthTTL <= 0 {
		cfg.AuthTTL = 10 * time.Second
	}
	if cfg.PersonTTL <= 0 {
		cfg.PersonTTL = 24 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Records == nil {
		cfg.Records = cfg.KV
	}
	if cfg.Retention <= 0 {
		cfg.Retention = DefaultRetention
	}
	r := newRegistry(builtins())
	if err := checkControls(r.defs, controlTable()); err != nil {
		panic(err)
	}
	r.conf, r.now, r.cards, r.poster, r.app = cfg.Conference, cfg.Now, cfg.Cards, cfg.Poster, cfg.App
	r.bookings, r.remind = cfg.Bookings, cfg.RemindBefore
	r.loc = cfg.Location
	if r.loc == nil {
		r.loc = time.Local
	}
	r.st = newState(cfg)
	r.admins = make(map[string]bool, len(cfg.Admins))
	for _, id := range cfg.Admins {
		if id = strings.TrimSpace(id); id != "" {
			r.admins[id] = true
		}
	}
	return r
}

// newRegistry indexes defs and builds their lexicon; it panics on empty or
// duplicate names and aliases.
func newRegistry(defs []Definition) *Registry {
	r := &Registry{
		defs:    defs,
		byName:  map[string]*Definition{},
		groups:  map[string][]*Definition{},
		gwords:  map[string]string{},
		spelled: map[string]string{},
		lex:     &lexicon{},
		// The table is not checked against defs here: tests build
		// registries of a few definitions. New checks it.
		controls: newControls(controlTable()),
	}
	seen := map[string]string{}
	for i := range r.defs {
		d := &r.defs[i]
		if d.Handler == nil {
			panic(fmt.Sprintf("commands: %q has no handler", d.Name))
		}
		r.byName[d.Name] = d
		for _, path := range append([]string{d.Name}, d.Aliases...) {
			r.addPhrase(seen, path, d.Name)
		}
		if g, _, ok := strings.Cut(d.Name, " "); ok {
			r.groups[g] = append(r.groups[g], d)
		}
	}
	r.addGroupWords(seen)
	sort.SliceStable(r.lex.phrases, func(i, j int) bool {
		return len(r.lex.phrases[i].text) > len(r.lex.phrases[j].text)
	})
	return r
}

// addPhrase registers one way of writing command, panicking on an empty or
// duplicate path.
func (r *Registry) addPhrase(seen map[string]string, path, command string) {
	key := strings.ToLower(strings.Join(strings.Fields(normalize(path)), " "))
	key = strings.TrimLeft(key, "/")
	if key == "" || strings.ContainsAny(key, "@") {
		panic(fmt.Sprintf("commands: empty or invalid name %q for %q", path, command))
	}
	if prev, dup := seen[key]; dup {
		panic(fmt.Sprintf("commands: %q is used by both %q and %q", path, prev, command))
	}
	seen[key] = command
	r.spelled[key] = strings.TrimLeft(strings.Join(strings.Fields(normalize(path)), " "), "/")
	r.lex.phrases = append(r.lex.phrases, phrase{text: []rune(key), command: command})
}

// addGroupWords makes the first word of every grouped path (including
// Chinese aliases such as "联席主持人 添加") parse as the group itself, so
// "/cohost" alone can answer with the group's usage. A group word that is
// already a command (e.g. "meeting") keeps that meaning.
func (r *Registry) addGroupWords(seen map[string]string) {
	for g, members := range r.groups {
		words := map[string]bool{g: true}
		for _, d := range members {
			for _, a := range d.Aliases {
				if w, _, ok := strings.Cut(strings.TrimSpace(a), " "); ok {
					words[w] = true
				}
			}
		}
		for w := range words {
			r.gwords[strings.ToLower(w)] = g
			if _, taken := seen[strings.ToLower(w)]; !taken {
				r.addPhrase(seen, w, g)
			}
		}
	}
}

// isGroupWord reports whether word (as typed) is a group's word, such as
// "meeting" or "会议".
func (r *Registry) isGroupWord(word string) bool {
	_, ok := r.gwords[strings.ToLower(strings.TrimSpace(word))]
	return ok
}

// Commands returns the command definitions, in help order.
func (r *Registry) Commands() []Definition {
	return append([]Definition(nil), r.defs...)
}
