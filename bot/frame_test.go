package bot

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeFrameToleratesNonStringHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, raw string
		time      int64
		headers   map[string]string
	}{
		{"strings, as the SDK sends", `{"specVersion":"1.0","type":"CALLBACK","headers":{"topic":"/v1.0/im/bot/messages/get","messageId":"m1","time":"1690362102194"},"data":"{}"}`,
			0, map[string]string{"topic": "/v1.0/im/bot/messages/get", "messageId": "m1", "time": "1690362102194"}},
		{"a number where the doc table says Number", `{"type":"CALLBACK","time":1690362102194,"headers":{"messageId":"m2","time":1690362102194},"data":""}`,
			1690362102194, map[string]string{"messageId": "m2", "time": "1690362102194"}},
		{"a boolean and a null", `{"type":"EVENT","time":"17","headers":{"messageId":"m3","flag":true,"x":null},"data":""}`,
			17, map[string]string{"messageId": "m3", "flag": "true", "x": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			df, err := decodeFrame([]byte(tt.raw))
			require.NoError(t, err, "the frame is read and can be acked")
			assert.Equal(t, tt.time, df.Time)
			for k, v := range tt.headers {
				assert.Equal(t, v, df.Headers[k], k)
			}
		})
	}
	_, err := decodeFrame([]byte(`{"headers":`))
	assert.Error(t, err)
}
