package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/meetbot/meetbot/bot"
	"github.com/meetbot/meetbot/commands"
)

// The meeting watcher's loop (the rounds themselves are commands'
// WatchRound). One replica at a time runs it: the one holding the lease
// in the store, renewed every round and left to expire when that replica
// stops, so another takes over within watchLeaseRounds intervals.

const (
	watchLeaseRounds = 3  // the lease outlives this many missed rounds
	watchMaxBackoff  = 10 // after errors, rounds are at most this many intervals apart
	// watchQuotaPause is the pause after DingTalk said the monthly API
	// quota is used up: asking again soon cannot succeed.
	watchQuotaPause = 30 * time.Minute
)

// watch runs watch rounds every interval until ctx ends.
func (a *App) watch(ctx context.Context, interval time.Duration) {
	id := replicaID()
	wait, failures := interval, 0
	timer := time.NewTimer(interval)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		if a.holdLease(ctx, id, interval) {
			rep, err := a.registry.WatchRound(ctx, interval)
			a.metrics.watchRound(rep, err)
			switch {
			case err == nil:
				failures, wait = 0, interval
			case errors.Is(err, commands.ErrQuota):
				wait = watchQuotaPause
				a.log.Warn().Err(err).Dur("pause", wait).Msg("watch: monthly API quota used up; pausing")
			default:
				failures++
				wait = min(interval<<min(failures, 8), watchMaxBackoff*interval)
				a.log.Warn().Err(err).Dur("next_in", wait).Msg("watch: round failed; backing off")
			}
			if rep.Ended+rep.Posted > 0 {
				a.log.Info().Int("meetings", rep.Meetings).Int("ended", rep.Ended).Int("posted", rep.Posted).
					Int("follow_ups", rep.FollowUps).Msg("watch round")
			}
		}
		timer.Reset(wait)
	}
}

// holdLease takes or renews the watch lease for this replica; false when
// another replica holds it (or the store cannot say).
func (a *App) holdLease(ctx context.Context, id string, interval time.Duration) bool {
	ttl := watchLeaseRounds * interval
	key := "watch:" + a.cfg.ClientID + ":lease"
	cur, ok, err := a.store.Get(ctx, key)
	switch {
	case err != nil:
		return false
	case ok && string(cur) == id:
		return a.store.Set(ctx, key, []byte(id), ttl) == nil
	case ok:
		return false
	}
	won, err := a.store.SetNX(ctx, key, []byte(id), ttl)
	return err == nil && won
}

// replicaID names this process for the lease.
func replicaID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// poster posts the watcher's messages through the robot API (there is no
// message to reply to) and updates cards.
type poster struct {
	replier   bot.Replier
	cards     bot.CardSender // nil without a card template
	robotCode string
}

var _ commands.Poster = poster{}

func (p poster) Post(ctx context.Context, to commands.Chat, text string) error {
	return p.replier.Reply(ctx, bot.Destination{CorpID: to.CorpID, ChatID: to.ChatID, Group: to.Kind != commands.Direct,
		UserID: to.UserID, RobotCode: p.robotCode}, bot.Message{Title: bot.Title(text), Markdown: text})
}

func (p poster) UpdateCard(ctx context.Context, to commands.Chat, card *commands.Card) error {
	if p.cards == nil || card == nil {
		return nil
	}
	return p.cards.Update(ctx, bot.Destination{CorpID: to.CorpID, ChatID: to.ChatID, RobotCode: p.robotCode}, *card)
}
