package commands

import "fmt"

// checkControls reports the first way the control table does not fit the
// definitions: an entry that names no command, a command or an action
// listed twice, an audited action without its wording or its refusal verb,
// or an undo step that no entry can run. New panics on it, and
// TestControlTable runs it.
func checkControls(defs []Definition, table []control) error {
	ids := make(map[string]bool, len(defs))
	for _, d := range defs {
		ids[d.ID()] = true
	}
	commands, actions := map[string]bool{}, map[action]*control{}
	for i := range table {
		c := &table[i]
		switch {
		case !ids[c.command]:
			return fmt.Errorf("commands: control table entry %q names no command", c.command)
		case commands[c.command]:
			return fmt.Errorf("commands: command %q is in the control table twice", c.command)
		case c.action != "" && actions[c.action] != nil && !c.also:
			return fmt.Errorf("commands: action %q is in the control table twice", c.action)
		case c.also && actions[c.action] == nil:
			return fmt.Errorf("commands: %q records %q, which no earlier entry owns", c.command, c.action)
		}
		if err := c.check(); err != nil {
			return err
		}
		commands[c.command] = true
		if c.action != "" && !c.also {
			actions[c.action] = c
		}
	}
	for _, c := range actions { // once all are known: undoneBy may name a later entry
		if u, ok := actions[c.undoneBy]; c.undoneBy != "" && (!ok || u.asUndo.apply == nil) {
			return fmt.Errorf("commands: %q is undone by %q, which no entry runs", c.action, c.undoneBy)
		}
	}
	return nil
}

// check reports what one entry lacks, or has without reason.
func (c *control) check() error {
	full := func(t Text) bool { return t.En != "" && t.Zh != "" }
	undoable := c.asUndo.apply != nil
	switch {
	case c.action == "" && (c.did != Text{} || c.undoneBy != "" || undoable):
		return fmt.Errorf("commands: %q records no action, so it has no audit wording or undo", c.command)
	case c.action != "" && !full(c.did):
		return fmt.Errorf("commands: %q needs its audit wording in both languages", c.command)
	case c.action != "" && !full(c.verb):
		return fmt.Errorf("commands: %q needs the refusal verb of its authorization", c.command)
	case undoable && (!full(c.asUndo.now) || !full(c.asUndo.verb)):
		return fmt.Errorf("commands: %q needs the wording and the verb of its undo step", c.command)
	case !undoable && (c.asUndo.now != Text{} || c.asUndo.verb != Text{}):
		return fmt.Errorf("commands: %q has undo wording but cannot run as an undo step", c.command)
	}
	return nil
}
