package config

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var allVars = []string{
	"DINGTALK_CLIENT_ID", "DINGTALK_CLIENT_SECRET", "DINGTALK_API_URL", "DINGTALK_OAPI_URL",
	"MEETBOT_STORE", "MEETBOT_HTTP_ADDR", "MEETBOT_ADMINS", "MEETBOT_API_QPS", "MEETBOT_COMMAND_TIMEOUT",
	"MEETBOT_WORKERS", "MEETBOT_QUEUE", "LOG_LEVEL", "LOG_FORMAT", "DINGTALK_APP_TYPE",
}

func TestLoadUnsetUsesDefaults(t *testing.T) {
	for _, k := range allVars {
		t.Setenv(k, "x") // make sure the variables exist, then remove them
	}
	unsetAll(t)
	c, err := Load()
	require.NoError(t, err)
	assert.Equal(t, "https://api.dingtalk.com", c.APIURL)
	assert.Equal(t, "https://oapi.dingtalk.com", c.OAPIURL)
	assert.Equal(t, "meetbot.db", c.Store)
	assert.Equal(t, "127.0.0.1:8080", c.HTTPAddr)
	assert.Equal(t, 20, c.APIQPS)
	assert.Equal(t, "json", c.LogFormat)
	assert.Empty(t, c.Admins)
}

func TestLoadErrorsNameTheVariable(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"qps not a number", map[string]string{"MEETBOT_API_QPS": "fast"}, `MEETBOT_API_QPS="fast" is not a whole number`},
		{"negative qps", map[string]string{"MEETBOT_API_QPS": "-1"}, "MEETBOT_API_QPS=-1 must be at least 0"},
		{"secret without id", map[string]string{"DINGTALK_CLIENT_SECRET": "s"}, "DINGTALK_CLIENT_ID is missing"},
		{"id without secret", map[string]string{"DINGTALK_CLIENT_ID": "id"}, "DINGTALK_CLIENT_SECRET is missing"},
		{"bad api url", map[string]string{"DINGTALK_API_URL": "api.dingtalk.com"}, `DINGTALK_API_URL="api.dingtalk.com" is not an http(s) URL`},
		{"url with path", map[string]string{"DINGTALK_OAPI_URL": "https://oapi.dingtalk.com/topapi"}, "must be a base URL with no path"},
		{"bad format", map[string]string{"LOG_FORMAT": "xml"}, `LOG_FORMAT="xml" must be one of json, console`},
		{"bad level", map[string]string{"LOG_LEVEL": "loud"}, `LOG_LEVEL="loud" must be one of`},
		{"bad timeout", map[string]string{"MEETBOT_COMMAND_TIMEOUT": "ten"}, `MEETBOT_COMMAND_TIMEOUT="ten" is not a duration`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			unsetAll(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			_, err := Load()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestLoadAdminsAndCredentials(t *testing.T) {
	unsetAll(t)
	t.Setenv("DINGTALK_CLIENT_ID", "dingabc")
	t.Setenv("DINGTALK_CLIENT_SECRET", "s3cret")
	t.Setenv("MEETBOT_ADMINS", " 0123 , ,4567")
	c, err := Load()
	require.NoError(t, err)
	assert.False(t, c.Sandbox())
	assert.Equal(t, []string{"0123", "4567"}, c.Admins)
}

func TestUsageListsEveryVariable(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Usage(&buf))
	for _, k := range allVars {
		assert.Contains(t, buf.String(), k)
	}
	assert.Contains(t, buf.String(), "https://api.dingtalk.com")
}

// unsetAll removes every variable Load reads for the duration of the test.
func unsetAll(t *testing.T) {
	for _, k := range allVars {
		t.Setenv(k, "")
		require.NoError(t, os.Unsetenv(k))
	}
}
