package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// noCredentials clears every variable that would give the bot credentials
// or change the sandbox's mode.
func noCredentials(t *testing.T) {
	for _, k := range []string{"DINGTALK_CLIENT_ID", "DINGTALK_CLIENT_SECRET", "MEETBOT_SANDBOX"} {
		t.Setenv(k, "") // restored after the test
		os.Unsetenv(k)
	}
}

// Without credentials and without a terminal (a service, a container, a
// pipe) meetbot stops with one line naming what is missing and the
// sandbox command, instead of silently running a demo.
func TestNoCredentialsWithoutATerminalExitsTwo(t *testing.T) {
	noCredentials(t)
	var out, errOut bytes.Buffer
	code := cli(context.Background(), nil, strings.NewReader(""), &out, &errOut)
	assert.Equal(t, 2, code)
	assert.Equal(t, "meetbot: DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are not set; set them to connect to DingTalk, "+
		"or run `meetbot sandbox` to try it against a built-in DingTalk emulator\n", errOut.String())
	assert.Empty(t, out.String())
}

// MEETBOT_SANDBOX=off (the Docker image) never runs the sandbox.
func TestSandboxOffNeverRunsIt(t *testing.T) {
	noCredentials(t)
	t.Setenv("MEETBOT_SANDBOX", "off")
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, cli(context.Background(), []string{"sandbox"}, strings.NewReader("/help\n"), &out, &errOut))
	assert.Contains(t, errOut.String(), "the sandbox is off here")
	errOut.Reset()
	assert.Equal(t, 2, cli(context.Background(), nil, strings.NewReader(""), &out, &errOut))
	assert.NotContains(t, errOut.String(), "meetbot sandbox")
}

// `meetbot sandbox` with piped input prints the transcript.
func TestSandboxCommandWithPipedInputPrintsATranscript(t *testing.T) {
	noCredentials(t)
	var out, errOut bytes.Buffer
	code := cli(context.Background(), []string{"sandbox"}, strings.NewReader("/help\n"), &out, &errOut)
	assert.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "> /help")
	assert.Contains(t, out.String(), "meetbot:")
}
