package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkBoltSetNXParallel measures the dedupe path: one SetNX per
// incoming message from many goroutines. "batch" is what OpenBolt does;
// "update" pays one transaction and fsync per call, for comparison.
// Run with: go test -run '^$' -bench SetNX ./store
func BenchmarkBoltSetNXParallel(b *testing.B) {
	for name, opts := range map[string][]Option{
		"batch":  nil,
		"update": {withoutBatch()},
	} {
		b.Run(name, func(b *testing.B) {
			s, err := OpenBolt(filepath.Join(b.TempDir(), "bench.db"), opts...)
			require.NoError(b, err)
			defer s.Close()
			var seq atomic.Int64
			ctx := context.Background()
			b.SetParallelism(64) // a burst: many more writers than CPUs
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					key := fmt.Sprintf("msg:corp:%d", seq.Add(1))
					if _, err := s.SetNX(ctx, key, []byte("1"), time.Hour); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
