package sandbox

import (
	"context"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// :end ends a meeting the way its host does in the DingTalk client: the
// bot is not told, it notices. The sandbox runs the bot's watcher at once
// (it would within sandboxWatch) and prints what the bot posts: the
// closing summary, then the recording and the AI notes, which the
// sandbox's emulator has ready as soon as the meeting ends.

// end is ":end": your live meeting (one you host), else the first live one.
func (s *session) end(ctx context.Context) {
	m, ok := s.liveMeeting()
	if !ok {
		s.fail("no live meeting to end — :meeting shows them")
		return
	}
	s.showPosted()
	// The watcher has been watching all along (every sandboxWatch): one
	// round now, so its roster knows who is in the meeting.
	if _, err := s.sb.app.WatchRound(ctx); err != nil {
		s.fail("the watcher's round failed: " + err.Error())
		return
	}
	mark := s.sb.calls.mark()
	posts := len(s.robotPosts())
	s.emu().EndMeeting(m.ID)
	s.println(s.st.dim("(" + m.Title + " ended in DingTalk: everyone leaves; the bot is not told)"))
	for i := range 2 { // the closing summary; then, one interval later, what followed it
		if i > 0 {
			s.sb.skew.Add(int64(sandboxWatch))
		}
		if _, err := s.sb.app.WatchRound(ctx); err != nil {
			s.fail("the watcher's round failed: " + err.Error())
			return
		}
	}
	all := s.robotPosts()
	for _, p := range all[posts:] {
		s.printReply(p)
	}
	s.posted = len(all)
	s.printCalls(mark)
}

// liveMeeting is the live meeting you host, else the first live one.
func (s *session) liveMeeting() (dingtalktest.MeetingState, bool) {
	var first *dingtalktest.MeetingState
	for _, m := range s.meetings() {
		if m.Status == 1 {
			continue
		}
		if first == nil {
			first = &m
		}
		for _, mb := range m.Members {
			if mb.Host && mb.UnionID == s.unionOf(s.me.ID) {
				return m, true
			}
		}
	}
	if first == nil {
		return dingtalktest.MeetingState{}, false
	}
	return *first, true
}

// robotPosts are the messages the bot posted on its own (robot API sends,
// no message replied to), in order.
func (s *session) robotPosts() []dingtalktest.Reply {
	var out []dingtalktest.Reply
	for _, r := range s.emu().Replies() {
		if r.MsgID == "" {
			out = append(out, r)
		}
	}
	return out
}

// unionOf is the unionId of a userId, "" when unknown.
func (s *session) unionOf(userID string) string {
	if u, ok := s.emu().User(userID); ok {
		return u.UnionID
	}
	return ""
}
