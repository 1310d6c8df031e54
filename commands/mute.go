package commands

import (
	"context"
	"fmt"
)

// This file holds /mute all and /unmute all.

// Text for /mute all and /unmute all.
var (
	msgMutedAll   = Text{"Muted everyone.", "已全员静音。"}
	msgUnmutedAll = Text{"Unmuted everyone.", "已解除全员静音。"}
)

// muteAllCmd is /mute all.
func muteAllCmd(ctx context.Context, c *Call) (Reply, error) { return muteSet(ctx, c, true) }

// unmuteAllCmd is /unmute all.
func unmuteAllCmd(ctx context.Context, c *Call) (Reply, error) { return muteSet(ctx, c, false) }

func muteSet(ctx context.Context, c *Call, mute bool) (Reply, error) {
	sender, b, err := c.control(ctx)
	if err != nil {
		return Reply{}, err
	}
	if _, err := c.reg.muteAll(ctx, c.Request.CorpID, b.MeetingID, sender, mute); err != nil {
		return Reply{}, c.checkGone(ctx, b, fmt.Errorf("mute all: %w", err))
	}
	msg := msgUnmutedAll
	if mute {
		msg = msgMutedAll
	}
	rep, err := c.ok(msg)
	rep.MeetingID = b.MeetingID
	return rep, err
}
