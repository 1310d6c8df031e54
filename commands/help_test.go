package commands

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHelpListsEveryCommand(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	en := e.handle(req("olga", "/help"))
	zh := e.handle(req("olga", "/帮助"))
	for _, d := range e.reg.Commands() {
		assert.Contains(t, en.Text, "`"+d.Usage.En+"` — "+d.Description.En)
		assert.Contains(t, zh.Text, "`"+d.Usage.Zh+"` — "+d.Description.Zh)
	}
	assert.Equal(t, OK, en.Outcome)
	unknown := e.handle(req("olga", "/help frobnicate"))
	assert.Equal(t, Rejected, unknown.Outcome)
	assert.True(t, strings.HasPrefix(unknown.Text, "There is no `frobnicate` command.\n\n**meetbot**"), unknown.Text)
}
