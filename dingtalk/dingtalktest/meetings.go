package dingtalktest

import "sort"

// Meetings returns a snapshot of every meeting, seeded or created through
// the API, ordered by conferenceId.
func (s *Server) Meetings() []MeetingState {
	s.conf.mu.Lock()
	ids := make([]string, 0, len(s.conf.byID))
	for id := range s.conf.byID {
		ids = append(ids, id)
	}
	s.conf.mu.Unlock()
	sort.Strings(ids)
	out := make([]MeetingState, 0, len(ids))
	for _, id := range ids {
		if m, ok := s.Meeting(id); ok {
			out = append(out, m)
		}
	}
	return out
}
