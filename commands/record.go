package commands

import (
	"context"
	"errors"
	"fmt"
)

// This file holds /record and /notes: DingTalk's cloud recording (云录制)
// and AI notes (闪记), started and stopped on behalf of the sender. After
// the meeting the watcher posts the recording's link and the notes'
// summary (followup.go).

// Text for /record and /notes.
var (
	msgRecordStarted = Text{"Cloud recording started. The link is posted here when the recording is ready after the meeting.", "已开始云录制，会后录制处理完成时，链接将发到这里。"}
	msgRecordStopped = Text{"Cloud recording stopped. The link is posted here when the recording is ready.", "已停止云录制，录制处理完成后链接将发到这里。"}
	msgRecordHost    = Text{"DingTalk lets only the host of %s start or stop its cloud recording — ask %s to send `/record start`.", "钉钉只允许%s的主持人开始或停止云录制，请让%s发送 `/开始录制`。"}
	msgNotesStarted  = Text{"AI notes are on. The summary and action items are posted here after the meeting.", "已开启闪记，会后摘要和待办事项将发到这里。"}
	msgNotesStopped  = Text{"AI notes are paused.", "已暂停闪记。"}
	msgNotesHost     = Text{"DingTalk lets only the host of %s start or pause its AI notes — ask %s to send `/notes start`.", "钉钉只允许%s的主持人开启或暂停闪记，请让%s发送 `/开启闪记`。"}
	msgNotesNotOn    = Text{"AI notes are not enabled for your organisation — an admin can turn on 闪记 in DingTalk.", "本组织未开通闪记，管理员可在钉钉中开通。"}
	msgRecordingLine = Text{"Cloud recording: %s", "云录制：%s"}
	msgNotesLine     = Text{"AI notes: %s", "闪记：%s"}
	msgStateOn       = Text{"on", "进行中"}
	msgStateStopped  = Text{"stopped", "已停止"}
)

// recordStart is /record start.
func recordStart(ctx context.Context, c *Call) (Reply, error) {
	return mediaSet(ctx, c, actRecordStart)
}

// recordStop is /record stop.
func recordStop(ctx context.Context, c *Call) (Reply, error) { return mediaSet(ctx, c, actRecordStop) }

// notesStart is /notes start.
func notesStart(ctx context.Context, c *Call) (Reply, error) { return mediaSet(ctx, c, actNotesStart) }

// notesStop is /notes stop.
func notesStop(ctx context.Context, c *Call) (Reply, error) { return mediaSet(ctx, c, actNotesStop) }

func mediaSet(ctx context.Context, c *Call, act action) (Reply, error) {
	sender, b, err := c.control(ctx)
	if err != nil {
		return Reply{}, err
	}
	name := meetingName(c.Lang, b.Title)
	_, err = c.reg.media(ctx, c.Request.CorpID, b.MeetingID, sender, act)
	recording := act == actRecordStart || act == actRecordStop
	switch {
	case errors.Is(err, ErrNotesOff):
		return Reply{}, c.reject(msgNotesNotOn)
	case errors.Is(err, ErrRejected):
		// DingTalk refuses anyone but the host; or the meeting is over.
		m, ierr := c.reg.conf.Info(ctx, b.MeetingID)
		switch {
		case errors.Is(ierr, ErrMeetingGone):
			return Reply{}, c.ended(ctx, b)
		case ierr == nil && m.Ended:
			return Reply{}, c.endedWith(ctx, b, &m)
		}
		host := bold(c.hostName(ctx, b))
		if recording {
			return Reply{}, c.refuse(msgRecordHost, name, host)
		}
		return Reply{}, c.refuse(msgNotesHost, name, host)
	case err != nil:
		return Reply{}, c.checkGone(ctx, b, err)
	}
	msg := map[action]Text{actRecordStart: msgRecordStarted, actRecordStop: msgRecordStopped,
		actNotesStart: msgNotesStarted, actNotesStop: msgNotesStopped}[act]
	return c.ok(msg)
}

// hostName is the name of meeting b's host, from the member list; "the
// host" when unknown.
func (c *Call) hostName(ctx context.Context, b binding) string {
	list, _, err := c.reg.st.memberList(ctx, c.Request.CorpID, b.MeetingID, false)
	if err == nil {
		for _, m := range list {
			if m.Host && m.Nick != "" {
				return m.Nick
			}
		}
	}
	return Text{"the host", "主持人"}.In(c.Lang)
}

// media starts or stops the recording or the notes on behalf of by, and
// keeps the state for the card. Its undo does the opposite.
func (r *Registry) media(ctx context.Context, corp, meetingID string, by Person, act action) (result, error) {
	ctx = withRequestIDs(ctx)
	call := map[action]func(context.Context, string, string) error{
		actRecordStart: r.conf.StartRecording, actRecordStop: r.conf.StopRecording,
		actNotesStart: r.conf.StartNotes, actNotesStop: r.conf.StopNotes,
	}[act]
	if err := call(ctx, meetingID, by.UnionID); err != nil {
		return r.failed(ctx, corp, result{Action: act, MeetingID: meetingID, By: by}, fmt.Errorf("%s %s: %w", act, meetingID, err))
	}
	st := r.meetState(ctx, corp, meetingID)
	on := act == actRecordStart || act == actNotesStart
	if act == actRecordStart || act == actRecordStop {
		st.Recording = &on
	} else {
		st.Notes = &on
	}
	r.saveMeetState(ctx, corp, meetingID, st)
	return r.record(ctx, corp, result{Action: act, MeetingID: meetingID, By: by, Undo: r.controls.undoStep(act, nil)}), nil
}

// applyMedia runs a recording or notes step.
func (r *Registry) applyMedia(ctx context.Context, corp, meetingID string, by Person, s step) (result, error) {
	return r.media(ctx, corp, meetingID, by, s.Action)
}

// mediaLines are /meeting's lines on the recording and the notes, from
// the meeting's info; none when neither ever ran.
func (c *Call) mediaLines(m Meeting) []string {
	state := func(v int) string {
		if v == 1 {
			return msgStateOn.In(c.Lang)
		}
		return msgStateStopped.In(c.Lang)
	}
	var lines []string
	if m.Recording != 0 {
		lines = append(lines, msgRecordingLine.In(c.Lang, state(m.Recording)))
	}
	if m.Notes != 0 {
		lines = append(lines, msgNotesLine.In(c.Lang, state(m.Notes)))
	}
	return lines
}
