package bot

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
)

// decodeFrame decodes a downstream frame (docs/wire-contract.md §1.3). The
// SDK's decoder wants every header value to be a string and fails the
// whole frame otherwise; whether DingTalk ever sends a number there (its
// table types "time" as a number) is unconfirmed (§11.11). Here a header
// may be a string, a number or a boolean, kept as its text, so such a
// frame is still read and acked.
func decodeFrame(raw []byte) (*payload.DataFrame, error) {
	var f struct {
		SpecVersion string                     `json:"specVersion"`
		Type        string                     `json:"type"`
		Time        json.RawMessage            `json:"time"`
		Headers     map[string]json.RawMessage `json:"headers"`
		Data        string                     `json:"data"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	df := &payload.DataFrame{SpecVersion: f.SpecVersion, Type: f.Type, Data: f.Data, Headers: payload.DataFrameHeader{}}
	if t, err := strconv.ParseInt(headerText(f.Time), 10, 64); err == nil {
		df.Time = t
	}
	for k, v := range f.Headers {
		df.Headers[k] = headerText(v)
	}
	return df, nil
}

// headerText is a header value as text: a string as it is, anything else
// (a number, a boolean) as its JSON.
func headerText(v json.RawMessage) string {
	// Most headers are plain strings: no escapes, no decoding needed.
	if n := len(v); n >= 2 && v[0] == '"' && v[n-1] == '"' && !bytes.ContainsAny(v[1:n-1], "\\\"") {
		return string(v[1 : n-1])
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	if string(v) == "null" {
		return ""
	}
	if n, err := strconv.ParseFloat(string(v), 64); err == nil {
		return strconv.FormatFloat(n, 'f', -1, 64)
	}
	return string(v)
}
