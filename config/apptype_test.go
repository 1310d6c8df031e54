package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppType(t *testing.T) {
	tests := []struct {
		name       string
		appType    string // "" = unset
		admins     string
		thirdParty bool
		wantErr    string
	}{
		{"default internal", "", "0123", false, ""},
		{"internal", "internal", "0123", false, ""},
		{"third party", "third_party", "dingcorp1:0123, dingcorp2:0456", true, ""},
		{"third party any case", "THIRD_PARTY", "", true, ""},
		{"unknown", "isv", "", false, `DINGTALK_APP_TYPE="isv" must be one of internal, third_party`},
		{"bare admin in third party", "third_party", "0123", true, `MEETBOT_ADMINS entry "0123" must be corpId:userId`},
		{"empty corp", "third_party", ":0123", true, "must be corpId:userId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			unsetAll(t)
			t.Setenv("DINGTALK_CLIENT_ID", "suitekey")
			t.Setenv("DINGTALK_CLIENT_SECRET", "suitesecret")
			t.Setenv("MEETBOT_ADMINS", tt.admins)
			if tt.appType != "" {
				t.Setenv("DINGTALK_APP_TYPE", tt.appType)
			}
			c, err := Load()
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.thirdParty, c.ThirdParty())
		})
	}
}
