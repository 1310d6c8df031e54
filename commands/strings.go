package commands

import "strings"

// joinList joins names the way lang lists things: "A", "A and B",
// "A, B and C" in English; "A、B、C" in Chinese.
func joinList(lang Lang, names []string) string {
	if lang == Chinese {
		return strings.Join(names, "、")
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	last := len(names) - 1
	return strings.Join(names[:last], ", ") + " and " + names[last]
}

// firstNonEmpty returns the first of s that is not empty, or "".
func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
