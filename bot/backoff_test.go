package bot

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestBackoffGrowsJittersAndCaps(t *testing.T) {
	t.Parallel()
	b := backoff{max: 4 * time.Second}
	for _, step := range []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second} {
		d := b.next()
		assert.GreaterOrEqual(t, d, step/2, "wait at least half the current step")
		assert.LessOrEqual(t, d, step, "wait at most the current step")
	}
	b.reset()
	assert.LessOrEqual(t, b.next(), 500*time.Millisecond, "reset starts over")
}
