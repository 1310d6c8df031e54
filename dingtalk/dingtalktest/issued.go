package dingtalktest

// IssuedTokens returns every access token the emulator has issued, to any
// organisation, so tests can check that none reaches a log line.
func (s *Server) IssuedTokens() []string {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	out := make([]string, 0, len(s.auth.tokens))
	for tok := range s.auth.tokens {
		out = append(out, tok)
	}
	return out
}
