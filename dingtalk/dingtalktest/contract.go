package dingtalktest

import (
	"fmt"
	"net/http"
	"strings"
)

// A contract is what DingTalk's API gateway checks before an endpoint's own
// logic runs (the official SDK's models): the query and body keys the official SDK
// marks required, and the values an enumerated field may take. The table
// (contract_table.go) covers every endpoint of the official SDK's models, served or
// not, so a handler added later is checked from its first call.
//
// The check is the emulator's own reading of the two reference documents;
// it deliberately knows nothing of what the bot sends.
type contract struct {
	action, method, path string
	query                []fieldSpec // required query keys
	body                 []fieldSpec // required body keys, nested ones included
	enums                []enumSpec
	resp                 []fieldSpec // response keys the models mark required
}

// fieldKind is the JSON type a checked field must have.
type fieldKind byte

const (
	fString fieldKind = 's'
	fInt    fieldKind = 'i'
	fBool   fieldKind = 'b'
	fObject fieldKind = 'o'
	fList   fieldKind = 'a'
	fMap    fieldKind = 'm'
)

func (k fieldKind) String() string {
	return map[fieldKind]string{fString: "a string", fInt: "an integer", fBool: "a boolean",
		fObject: "an object", fList: "a list", fMap: "a map"}[k]
}

// fieldSpec names one field: "unionId:s", or "userList[].unionId:s" for a
// key of every item of a list.
type fieldSpec struct {
	segs []string // path; "[]" steps into every item of a list
	name string   // as in Missing<name>: keys joined by ".", "[]" dropped
	kind fieldKind
}

type enumSpec struct {
	field  fieldSpec
	values []string // JSON strings as is, integers in decimal
}

// parseField parses "path:kind"; it panics on a malformed spec, which is a
// bug in the table (TestContractTable parses them all).
func parseField(spec string) fieldSpec {
	path, k, ok := strings.Cut(spec, ":")
	if !ok || len(k) != 1 || !strings.Contains("sibaom", k) || path == "" {
		panic(fmt.Sprintf("dingtalktest: bad field spec %q", spec))
	}
	f := fieldSpec{kind: fieldKind(k[0])}
	var names []string
	for _, part := range strings.Split(path, ".") {
		key, list := strings.CutSuffix(part, "[]")
		if key == "" {
			panic(fmt.Sprintf("dingtalktest: bad field spec %q", spec))
		}
		f.segs, names = append(f.segs, key), append(names, key)
		if list {
			f.segs = append(f.segs, "[]")
		}
	}
	f.name = strings.Join(names, ".")
	return f
}

func parseFields(specs []string) []fieldSpec {
	out := make([]fieldSpec, len(specs))
	for i, s := range specs {
		out[i] = parseField(s)
	}
	return out
}

// api starts a contract for "METHOD /path".
func api(action, route string) contract {
	method, path, _ := strings.Cut(route, " ")
	return contract{action: action, method: method, path: path}
}

// q adds required query keys.
func (c contract) q(specs ...string) contract {
	c.query = append(c.query[:len(c.query):len(c.query)], parseFields(specs)...)
	return c
}

// b adds required body keys; list a parent before its items' keys.
func (c contract) b(specs ...string) contract {
	c.body = append(c.body[:len(c.body):len(c.body)], parseFields(specs)...)
	return c
}

// enum restricts a body field (required or not) to values.
func (c contract) enum(spec string, values ...string) contract {
	c.enums = append(c.enums[:len(c.enums):len(c.enums)], enumSpec{field: parseField(spec), values: values})
	return c
}

// out adds response keys the models mark required.
func (c contract) out(specs ...string) contract {
	c.resp = append(c.resp[:len(c.resp):len(c.resp)], parseFields(specs)...)
	return c
}

// key is the ServeMux pattern of the contract's route.
func (c contract) key() string { return c.method + " " + c.path }

// contracts indexes the table by route pattern ("METHOD /path").
var contracts = indexContracts(contractTable())

func indexContracts(list []contract) map[string]contract {
	m := make(map[string]contract, len(list))
	for _, c := range list {
		if _, dup := m[c.key()]; dup {
			panic("dingtalktest: duplicate contract " + c.key())
		}
		m[c.key()] = c
	}
	return m
}

// violation is why a call breaks its contract: a missing field, or a bad
// value (wrong type, value outside an enum, body not a JSON object).
type violation struct {
	missing string // field name, for Missing<name>
	reason  string // paramsError reason
}

func missingField(f fieldSpec) *violation { return &violation{missing: f.name} }

func badValue(format string, args ...any) *violation {
	return &violation{reason: fmt.Sprintf(format, args...)}
}

// checkContract runs the route's contract, if it has one; false means the
// call broke it and was answered: 400 Missing<field>, or 400 paramsError.
func (x *exchange) checkContract() bool {
	c, ok := contracts[x.rt.pattern]
	if !ok {
		return true
	}
	v := c.checkQuery(x.r.URL.Query())
	if v == nil {
		v = c.checkBody(x.body)
	}
	switch {
	case v == nil:
		return true
	case v.missing != "":
		x.v1Error(http.StatusBadRequest, "Missing"+v.missing, v.missing+" is mandatory for this action.")
	default:
		x.v1Error(http.StatusBadRequest, "paramsError", "error:"+v.reason)
	}
	return false
}
