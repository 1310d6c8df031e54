package commands

import (
	"context"
	"fmt"
)

// This file holds /lock and /unlock. DingTalk does not report whether a
// meeting is locked, so meetbot keeps what it set (meetstate.go). A
// co-host cannot lock the meeting while its host is not in it: that would
// lock the host out.

// Text for /lock and /unlock.
var (
	msgLocked       = Text{"Locked the meeting: nobody else can join. `/unlock` opens it again.", "已锁定会议，其他人无法再加入。发送 `/解锁会议` 可解锁。"}
	msgUnlocked     = Text{"Unlocked the meeting: people can join again.", "已解锁会议，其他人可以加入了。"}
	msgLockHostAway = Text{"The host of %s is not in the meeting: locking it now would keep them out. Ask them to join first.", "%s的主持人未入会，现在锁定会议会使其无法加入，请先让主持人入会。"}
)

// lockCmd is /lock.
func lockCmd(ctx context.Context, c *Call) (Reply, error) { return lockSet(ctx, c, true) }

// unlockCmd is /unlock.
func unlockCmd(ctx context.Context, c *Call) (Reply, error) { return lockSet(ctx, c, false) }

func lockSet(ctx context.Context, c *Call, lock bool) (Reply, error) {
	sender, b, err := c.control(ctx)
	if err != nil {
		return Reply{}, err
	}
	name := meetingName(c.Lang, b.Title)
	if lock {
		away, err := c.hostAway(ctx, b, sender)
		if err != nil {
			return Reply{}, err
		}
		if away {
			return Reply{}, c.refuse(msgLockHostAway, name)
		}
	}
	if _, err := c.reg.setLock(ctx, c.Request.CorpID, b.MeetingID, sender, lock); err != nil {
		return Reply{}, c.checkGone(ctx, b, fmt.Errorf("lock: %w", err))
	}
	if lock {
		return c.ok(msgLocked)
	}
	return c.ok(msgUnlocked)
}

// hostAway reports whether the meeting's host is someone other than
// sender and is not in the meeting, by a fresh member list.
func (c *Call) hostAway(ctx context.Context, b binding, sender Person) (bool, error) {
	list, _, err := c.reg.st.memberList(ctx, c.Request.CorpID, b.MeetingID, true)
	if err != nil {
		return false, c.checkGone(ctx, b, err)
	}
	for _, m := range list {
		if m.Host {
			return m.UnionID != sender.UnionID && !m.Present, nil
		}
	}
	return true, nil // no host among the members: they have not joined
}

// setLock locks or unlocks a meeting and keeps what it set. Its undo does
// the opposite, unless the meeting already was as asked.
func (r *Registry) setLock(ctx context.Context, corp, meetingID string, by Person, lock bool) (result, error) {
	act := actLock
	if !lock {
		act = actUnlock
	}
	ctx = withRequestIDs(ctx)
	st := r.meetState(ctx, corp, meetingID)
	was := st.Locked != nil && *st.Locked
	if err := r.conf.Lock(ctx, meetingID, lock); err != nil {
		return r.failed(ctx, corp, result{Action: act, MeetingID: meetingID, By: by}, fmt.Errorf("%s %s: %w", act, meetingID, err))
	}
	st.Locked = &lock
	r.saveMeetState(ctx, corp, meetingID, st)
	var undo *step
	if was != lock {
		undo = r.controls.undoStep(act, nil)
	}
	return r.record(ctx, corp, result{Action: act, MeetingID: meetingID, By: by, Undo: undo}), nil
}

// applyLock runs a lock or unlock step.
func (r *Registry) applyLock(ctx context.Context, corp, meetingID string, by Person, s step) (result, error) {
	return r.setLock(ctx, corp, meetingID, by, s.Action == actLock)
}
