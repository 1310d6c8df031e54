package dingtalk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// flexString decodes a JSON string, number or boolean as text. DingTalk's
// "code" is a string in error bodies but a number in some success bodies.
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexString) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		return fmt.Errorf("dingtalk: want a string or number, got %.20s", b)
	}
	*f = flexString(b)
	return nil
}

// flexInt decodes a JSON number or a numeric string; "" and null are 0.
// Which of the two DingTalk sends for statuses and times is not always
// documented.
type flexInt int64

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(b) >= 2 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		x, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil {
			return fmt.Errorf("dingtalk: want an integer, got %.20s", s)
		}
		n = int64(x)
	}
	*f = flexInt(n)
	return nil
}

// successBody is the answer of calls that report {"success": bool}.
type successBody struct {
	Success *bool `json:"success"`
}

// check turns an explicit "success": false into an error; DingTalk
// normally reports failures with an error body instead.
func (b successBody) check() error {
	if b.Success != nil && !*b.Success {
		return errNotApplied()
	}
	return nil
}

// codeBody is the answer of calls that report a code (and a cause or a
// "case") in a 2xx body: settings, recording and AI-notes calls. No
// success value is documented for them.
type codeBody struct {
	Code  flexString `json:"code"`
	Cause string     `json:"cause"`
	Case  string     `json:"case"`
}

// check is nil for a code that reads as success (none, "0", "200",
// "success", "ok"); anything else is DingTalk saying it did not act.
func (b codeBody) check() error {
	switch strings.ToLower(string(b.Code)) {
	case "", "0", "200", "success", "ok":
		return nil
	}
	return errInBody(string(b.Code), firstNonEmpty(b.Cause, b.Case))
}
