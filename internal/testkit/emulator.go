package testkit

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// Emulator starts a DingTalk emulator on a loopback port for one test and
// closes it when the test ends.
func Emulator(t testing.TB, opts dingtalktest.Options) *dingtalktest.Server {
	t.Helper()
	s, err := dingtalktest.Start("127.0.0.1:0", opts)
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s
}
