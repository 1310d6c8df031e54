// Package cardtemplate holds meetbot's meeting control card template, as
// imported into DingTalk's card platform (meeting-control.json), and a
// small renderer that draws a card instance as text lines with numbered
// buttons: the sandbox shows cards with it, and tests press buttons by
// what the card really offers.
//
// The template's variables are the keys commands.CardParams produces;
// each button's callback parameters carry {"action": <command id>} plus
// "unionId" for the member rows and "confirm" for the confirm-end button.
// It imports only the standard library.
package cardtemplate

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// JSON is the template file, meeting-control.json, as shipped.
//
//go:embed meeting-control.json
var JSON []byte

// Template is a card template: its variables and component tree.
type Template struct {
	Name       string      `json:"name"`
	Variables  []Variable  `json:"variables"`
	Components []Component `json:"components"`
}

// Variable is a template variable. Card variables are strings on the wire;
// Type says how the card reads them (lists travel as JSON text).
type Variable struct {
	Name        string     `json:"name"`
	Type        string     `json:"type"`
	Default     string     `json:"default"`
	Private     bool       `json:"private"` // per-user (privateData)
	Description string     `json:"description"`
	Item        []Variable `json:"item"` // fields of a loopArray's items
}

// Component is one node of the card: text, link, divider, button, row or
// loop. Text, URL, Visible and Data may hold ${var} or ${item.field}.
type Component struct {
	ID       string      `json:"id"`
	Type     string      `json:"type"`
	Style    string      `json:"style"`
	Text     string      `json:"text"`
	URL      string      `json:"url"`
	Visible  string      `json:"visible"` // shown unless it renders to anything but "true"
	Data     string      `json:"data"`    // loop: the list variable
	ItemName string      `json:"itemName"`
	Children []Component `json:"children"`
	Action   *Action     `json:"action"`
}

// Action is what a button does: a callback with fixed parameters.
type Action struct {
	Type   string            `json:"type"` // "callback"
	Params map[string]string `json:"params"`
}

// Parse decodes a template file.
func Parse(b []byte) (Template, error) {
	var t Template
	if err := json.Unmarshal(b, &t); err != nil {
		return Template{}, fmt.Errorf("card template: %w", err)
	}
	return t, nil
}

// MeetingControl returns the shipped template.
func MeetingControl() Template {
	t, err := Parse(JSON)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return t
}

// Button is a button as rendered: its label and the callback parameters a
// press sends.
type Button struct {
	ID     string
	Label  string
	Params map[string]string
}

// View is a card drawn for one viewer. Lines show buttons as "[N] label",
// where N-1 is the button's index in Buttons.
type View struct {
	Lines   []string
	Buttons []Button
}

// Render draws the card as viewer sees it: the variables' defaults,
// overridden by public (the card's cardParamMap), then by private (the
// viewer's private data).
func (t Template) Render(public, private map[string]string) View {
	scope := map[string]string{}
	for _, v := range t.Variables {
		scope[v.Name] = v.Default
	}
	for _, m := range []map[string]string{public, private} {
		for k, v := range m {
			scope[k] = v
		}
	}
	var view View
	for _, c := range t.Components {
		view.render(c, scope)
	}
	return view
}

var placeholder = regexp.MustCompile(`\$\{([A-Za-z0-9_.]+)\}`)

func subst(s string, scope map[string]string) string {
	return placeholder.ReplaceAllStringFunc(s, func(m string) string { return scope[m[2:len(m)-1]] })
}

func visible(c Component, scope map[string]string) bool {
	return c.Visible == "" || subst(c.Visible, scope) == "true"
}

// render appends component c's lines and buttons.
func (v *View) render(c Component, scope map[string]string) {
	if !visible(c, scope) {
		return
	}
	switch c.Type {
	case "loop":
		for _, item := range items(scope[strings.Trim(c.Data, "${}")]) {
			inner := itemScope(scope, c.ItemName, item)
			for _, ch := range c.Children {
				v.render(ch, inner)
			}
		}
	case "row":
		var parts []string
		for _, ch := range c.Children {
			if s := v.inline(ch, scope); s != "" {
				parts = append(parts, s)
			}
		}
		if len(parts) > 0 {
			v.Lines = append(v.Lines, strings.Join(parts, "  "))
		}
	case "divider":
		v.Lines = append(v.Lines, "────────")
	default:
		if s := v.inline(c, scope); s != "" {
			v.Lines = append(v.Lines, s)
		}
	}
}

// inline renders a leaf component as a piece of one line.
func (v *View) inline(c Component, scope map[string]string) string {
	if !visible(c, scope) {
		return ""
	}
	text := subst(c.Text, scope)
	switch c.Type {
	case "button":
		b := Button{ID: c.ID, Label: text, Params: map[string]string{}}
		if c.Action != nil {
			for k, p := range c.Action.Params {
				b.Params[k] = subst(p, scope)
			}
		}
		v.Buttons = append(v.Buttons, b)
		return fmt.Sprintf("[%d] %s", len(v.Buttons), text)
	case "link":
		if url := subst(c.URL, scope); url != "" {
			return text + ": " + url
		}
		return ""
	}
	return text
}

// items decodes a list variable (JSON text); anything else is no items.
func items(s string) []map[string]any {
	var out []map[string]any
	if json.Unmarshal([]byte(s), &out) != nil {
		return nil
	}
	return out
}

// itemScope is scope plus one loop item's fields as name.field.
func itemScope(scope map[string]string, name string, item map[string]any) map[string]string {
	inner := make(map[string]string, len(scope)+len(item))
	for k, v := range scope {
		inner[k] = v
	}
	for k, v := range item {
		if s, ok := v.(string); ok {
			inner[name+"."+k] = s
		} else {
			inner[name+"."+k] = fmt.Sprint(v)
		}
	}
	return inner
}
