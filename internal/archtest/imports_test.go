// Package archtest holds the tests that keep meetbot's layering: data
// flows one way (stream frame → bot → commands → interfaces → dingtalk →
// reply), and only the wiring connects the packages.
package archtest

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/meetbot/meetbot"

// pkg is what go list says of one package (production files only).
type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// listPackages runs go list over the module. It first reads every Go
// file of the module itself, so that go test's cache, which cannot see
// what the go list child reads, reruns the test when any file changes.
func listPackages(t *testing.T) map[string]pkg {
	t.Helper()
	touchSources(t)
	cmd := exec.Command("go", "list", "-json", module+"/...")
	out, err := cmd.Output()
	require.NoError(t, err, "go list")
	dec := json.NewDecoder(strings.NewReader(string(out)))
	pkgs := map[string]pkg{}
	for {
		var p pkg
		err := dec.Decode(&p)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		pkgs[strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")] = p
	}
	require.NotEmpty(t, pkgs)
	return pkgs
}

// imports reports whether any of list is path or under it.
func imports(list []string, path string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return s == path || strings.HasPrefix(s, path+"/") })
}

func TestImportRules(t *testing.T) {
	pkgs := listPackages(t)
	sdk := "github.com/open-dingtalk/dingtalk-stream-sdk-go"
	forbidden := []struct {
		pkg   string
		deps  []string
		why   string
		scope string // "deps": anywhere below; "imports": directly
	}{
		{"commands", []string{sdk, module + "/dingtalk", module + "/bot", module + "/store", module + "/internal/app"},
			"commands is pure logic over the interfaces it declares", "deps"},
		{"dingtalk", []string{module + "/bot", module + "/commands", module + "/config", module + "/store"},
			"the REST client knows nothing of chat, commands or settings", "deps"},
		{"bot", []string{module + "/dingtalk", module + "/config", module + "/store"},
			"bot adapts the stream to commands; the wiring gives it the rest", "deps"},
		{"store", []string{module + "/bot", module + "/commands", module + "/dingtalk"},
			"the store keeps bytes; it knows no callers", "deps"},
		{"", []string{"testing", "net/http/httptest", "github.com/stretchr/testify"},
			"the production binary links no test code", "deps"},
	}
	for _, f := range forbidden {
		p, ok := pkgs[f.pkg]
		require.True(t, ok, "package %q", f.pkg)
		for _, d := range f.deps {
			assert.False(t, imports(p.Deps, d), "%s depends on %s: %s", name(f.pkg), d, f.why)
		}
	}
}

// TestOnlyTheSandboxAndTestsImportTheEmulator: the emulator is a peer for
// tests and the sandbox, never part of the production path.
func TestOnlyTheSandboxAndTestsImportTheEmulator(t *testing.T) {
	allowed := map[string]bool{"sandbox": true, "internal/testkit": true}
	for path, p := range listPackages(t) {
		if allowed[path] || strings.HasPrefix(path, "dingtalk/dingtalktest") {
			continue
		}
		assert.False(t, imports(p.Imports, module+"/dingtalk/dingtalktest"), "%s imports the emulator", name(path))
	}
}

// touchSources reads every .go file and go.mod under the module root.
func touchSources(t *testing.T) {
	t.Helper()
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root:
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go") && d.Name() != "go.mod":
			return nil
		}
		_, err = os.ReadFile(path)
		return err
	})
	require.NoError(t, err)
}

func name(path string) string {
	if path == "" {
		return "meetbot (main)"
	}
	return path
}
