package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/meetbot/meetbot/bot"
	"github.com/meetbot/meetbot/dingtalk"
	"github.com/meetbot/meetbot/store"
)

// Third-party enterprise app mode (DINGTALK_APP_TYPE=third_party): the
// stream pushes suite_ticket events, suiteTickets keeps the newest ticket in
// the state store, and the DingTalk client reads it whenever it fetches an
// organisation's token. Tickets live in the store, not in memory, so every
// replica sees a ticket pushed to any of them, and a restart needs no new
// push.

// suiteTicketKey is the store key of the newest suite ticket. It is the
// app's, not an organisation's, so it carries no corpId.
const suiteTicketKey = "suite_ticket"

var _ bot.TicketStore = suiteTickets{}

// suiteTickets keeps the suite ticket in the state store.
type suiteTickets struct{ kv store.Store }

// storedTicket is the stored form: the ticket and when DingTalk pushed it.
type storedTicket struct {
	Ticket   string `json:"ticket"`
	PushedAt int64  `json:"pushedAt"` // unix ms
}

// SaveSuiteTicket implements bot.TicketStore: a redelivered older push
// never replaces a newer ticket.
func (s suiteTickets) SaveSuiteTicket(ctx context.Context, ticket string, pushedAt time.Time) error {
	cur, ok, err := s.load(ctx)
	if err != nil {
		return err
	}
	if ok && cur.PushedAt > pushedAt.UnixMilli() {
		return nil
	}
	b, err := json.Marshal(storedTicket{Ticket: ticket, PushedAt: pushedAt.UnixMilli()})
	if err != nil {
		return err
	}
	return s.kv.Set(ctx, suiteTicketKey, b, 0)
}

// Ticket is the dingtalk.TicketFunc: the newest ticket, "" before any.
func (s suiteTickets) Ticket(ctx context.Context) (string, error) {
	cur, _, err := s.load(ctx)
	return cur.Ticket, err
}

func (s suiteTickets) load(ctx context.Context) (storedTicket, bool, error) {
	b, ok, err := s.kv.Get(ctx, suiteTicketKey)
	if err != nil || !ok {
		return storedTicket{}, false, err
	}
	var t storedTicket
	if err := json.Unmarshal(b, &t); err != nil {
		return storedTicket{}, false, fmt.Errorf("decode %s: %w", suiteTicketKey, err)
	}
	return t, true, nil
}

// appTypeOptions are the DingTalk client options of the app type.
func (a *App) appTypeOptions() []dingtalk.Option {
	if !a.cfg.ThirdParty() {
		return nil
	}
	return []dingtalk.Option{dingtalk.WithThirdParty(suiteTickets{a.store}.Ticket)}
}

// subscribeEvents makes a third-party app's stream take suite tickets.
func (a *App) subscribeEvents() {
	if a.cfg.ThirdParty() {
		a.stream.OnEvents(bot.NewEvents(suiteTickets{a.store}, a.log).OnEventFrame)
	}
}

// errNoTicketYet is the readiness problem of a third-party app before its
// first suite ticket.
var errNoTicketYet = errors.New("no suite ticket received from DingTalk yet")

// tokenReady is the token part of /readyz: an internal app can get its
// token; a third-party app has a suite ticket to get organisations' tokens
// with (which organisation authorised it is only known per message).
func (a *App) tokenReady(ctx context.Context) error {
	if !a.cfg.ThirdParty() {
		return a.dt.Token(ctx)
	}
	t, err := suiteTickets{a.store}.Ticket(ctx)
	if err == nil && t == "" {
		err = errNoTicketYet
	}
	return err
}
