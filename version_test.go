package main

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionPrintsVersionAndBuildInfo(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"version", "--version"} {
		var out, errOut bytes.Buffer
		code := cli(context.Background(), []string{arg}, strings.NewReader(""), &out, &errOut)
		require.Equal(t, 0, code, arg)
		assert.Empty(t, errOut.String())
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		require.GreaterOrEqual(t, len(lines), 2, out.String())
		assert.Equal(t, "meetbot "+version, lines[0])
		assert.Equal(t, "go: "+runtime.Version(), lines[1])
	}
}
