package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestJoinList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang  Lang
		names []string
		want  string
	}{
		{English, nil, ""},
		{English, []string{"Bob"}, "Bob"},
		{English, []string{"Bob", "Carol"}, "Bob and Carol"},
		{English, []string{"A", "B", "C"}, "A, B and C"},
		{English, []string{"A", "B", "C", "D"}, "A, B, C and D"},
		{Chinese, []string{"张三"}, "张三"},
		{Chinese, []string{"张三", "李四", "Bob"}, "张三、李四、Bob"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, joinList(tt.lang, tt.names), "%s %q", tt.lang, tt.names)
	}
	assert.Equal(t, "**Bob** and **Carol**", boldList(English, []string{"Bob", "Carol"}))
	assert.Equal(t, "**张三**、**李四**", boldList(Chinese, []string{"张三", "李四"}))
}
