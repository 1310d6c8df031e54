package dingtalk

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestContactsUser(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		want    *User
		wantErr error
	}{
		{"found", `{"errcode":0,"errmsg":"ok","request_id":"r","result":{"userid":"u1","unionid":"union-1","name":"Alice","title":"x"}}`,
			&User{UserID: "u1", UnionID: "union-1", Name: "Alice"}, nil},
		{"not found", `{"errcode":60121,"errmsg":"找不到该用户"}`, nil, ErrUserNotFound},
		{"invalid userid", `{"errcode":40003,"errmsg":"invalid userid"}`, nil, ErrUserNotFound},
		{"no permission", `{"errcode":60011,"errmsg":"no permission"}`, nil, ErrPermissionDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.mux.HandleFunc("POST /topapi/v2/user/get", func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, token(1), r.URL.Query().Get("access_token"))
				testJSONBody(t, r, `{"userid":"u1"}`)
				writeJSON(w, 200, tt.body)
			})
			got, err := f.client.Contacts.User(context.Background(), "u1")
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestContactsUserIDByUnionID(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc("POST /topapi/user/getbyunionid", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, token(1), r.URL.Query().Get("access_token"))
		testJSONBody(t, r, `{"unionid":"union-1"}`)
		writeJSON(w, 200, `{"errcode":0,"errmsg":"ok","result":{"userid":"u1","contact_type":0}}`)
	})
	got, err := f.client.Contacts.UserIDByUnionID(context.Background(), "union-1")
	require.NoError(t, err)
	assert.Equal(t, "u1", got)
}
