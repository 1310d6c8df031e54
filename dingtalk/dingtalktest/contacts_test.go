package dingtalktest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestContacts(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	tok := token(t, s)
	r := do(t, s, "POST", "/topapi/v2/user/get", tok, map[string]string{"userid": "carol", "language": "zh_CN"})
	assert.Equal(t, float64(0), r.body["errcode"])
	assert.Equal(t, "ok", r.str("errmsg"))
	assert.NotEmpty(t, r.str("request_id"))
	res := r.body["result"].(map[string]any)
	assert.Equal(t, "union-carol", res["unionid"])
	assert.Equal(t, "张三", res["name"])

	for _, id := range []string{"zed", "eve"} {
		r = do(t, s, "POST", "/topapi/v2/user/get", tok, map[string]string{"userid": id})
		assert.Equal(t, float64(60121), r.body["errcode"], id)
	}

	tests := []struct {
		union       string
		errcode     float64
		userID      string
		contactType float64
	}{
		{"union-bob", 0, "bob", 0},
		{"union-eve", 0, "eve", 1},
		{"union-zed", 60121, "", 0},
	}
	for _, tc := range tests {
		r = do(t, s, "POST", "/topapi/user/getbyunionid", tok, map[string]string{"unionid": tc.union})
		assert.Equal(t, tc.errcode, r.body["errcode"], tc.union)
		if tc.errcode == 0 {
			res := r.body["result"].(map[string]any)
			assert.Equal(t, tc.userID, res["userid"], tc.union)
			assert.Equal(t, tc.contactType, res["contact_type"], tc.union)
		}
	}
}
