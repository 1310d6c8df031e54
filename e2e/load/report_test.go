package load

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// loadTable renders the benchmark's results: one column per bot, then the
// meetbot/baseline ratio and the target it is held to, when both ran.
func loadTable(rs []botResult) string {
	var sb strings.Builder
	w := tabwriter.NewWriter(&sb, 0, 0, 2, ' ', 0)
	base, meet, both := pick(rs)
	fmt.Fprintf(w, "load: K=%d over C=%d chats, sustained %d/s for %s, GOMAXPROCS=%d\n",
		*loadK, *loadC, *loadR, *loadT, *loadProcs)
	fmt.Fprintln(w, "metric\tbaseline\tmeetbot\tmeetbot/baseline\ttarget\t")
	row := func(name string, f func(botResult) string, cmp string) {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t\n", name, f(base), f(meet), cmp)
	}
	ratio := func(b, m float64, limit float64) string {
		if !both || b == 0 {
			return "\t"
		}
		return fmt.Sprintf("%.2f×\t≤ %.2f× %s", m/b, limit, verdict(m/b <= limit))
	}
	plain := func(b, m float64) string {
		if !both || b == 0 {
			return "\t"
		}
		return fmt.Sprintf("%.2f×\t", m/b)
	}
	row("burst answered", func(r botResult) string { return fmt.Sprintf("%d/%d", r.burst.lat.answered, r.burst.lat.sent) },
		answeredVerdict(rs))
	row("burst time to last reply", func(r botResult) string { return ms(r.burst.lat.last) },
		ratio(sec(base.burst.lat.last), sec(meet.burst.lat.last), 2))
	row("burst commands/s", func(r botResult) string { return fmt.Sprintf("%.0f", rate(r.burst.lat)) },
		plain(rate(base.burst.lat), rate(meet.burst.lat)))
	row("burst p50 push→reply", func(r botResult) string { return ms(r.burst.lat.p50) },
		plain(sec(base.burst.lat.p50), sec(meet.burst.lat.p50)))
	row("burst p99 push→reply", func(r botResult) string { return ms(r.burst.lat.p99) },
		plain(sec(base.burst.lat.p99), sec(meet.burst.lat.p99)))
	row("sustained answered", func(r botResult) string {
		return fmt.Sprintf("%d/%d", r.sustain.lat.answered, r.sustain.lat.sent)
	}, "\t")
	row("sustained p50 push→reply", func(r botResult) string { return ms(r.sustain.lat.p50) }, p50Verdict(both, base, meet))
	row("sustained p99 push→reply", func(r botResult) string { return ms(r.sustain.lat.p99) },
		ratio(sec(base.sustain.lat.p99), sec(meet.sustain.lat.p99), 2))
	costRows(w, row, plain, ratio, base, meet)
	_ = w.Flush()
	sb.WriteString("cold phase: 2 commands per chat on empty caches, naming 3 new people per chat (host, @x, @y)\n")
	return sb.String()
}

type rowFunc func(name string, f func(botResult) string, cmp string)

func costRows(w *tabwriter.Writer, row rowFunc, plain func(b, m float64) string,
	ratio func(b, m, limit float64) string, base, meet botResult) {
	row("API calls/cmd, burst (steady)", func(r botResult) string { return perCmd(r.burst) }, steadyVerdict(meet))
	row("API calls/cmd, sustained", func(r botResult) string { return perCmd(r.sustain) }, "\t(cache expiry included)")
	row("API calls, cold phase", func(r botResult) string { return callList(r.cold.calls) }, coldVerdict(meet))
	row("allocs/cmd (steady)", func(r botResult) string { return fmt.Sprintf("%.0f", perSteady(r, float64(r.steady.Mallocs))) },
		plain(perSteady(base, float64(base.steady.Mallocs)), perSteady(meet, float64(meet.steady.Mallocs))))
	row("alloc bytes/cmd (steady)", func(r botResult) string {
		return fmt.Sprintf("%.1f KiB", perSteady(r, float64(r.steady.AllocBytes))/1024)
	}, plain(perSteady(base, float64(base.steady.AllocBytes)), perSteady(meet, float64(meet.steady.AllocBytes))))
	row("CPU/cmd (steady)", func(r botResult) string { return fmt.Sprintf("%.0f µs", perSteady(r, float64(r.steady.CPU))/1e3) },
		plain(perSteady(base, float64(base.steady.CPU)), perSteady(meet, float64(meet.steady.CPU))))
	row("CPU, whole process", func(r botResult) string { return ms(r.childCPU) },
		plain(sec(base.childCPU), sec(meet.childCPU)))
	row("peak RSS (VmHWM)", func(r botResult) string { return fmt.Sprintf("%.1f MiB", float64(r.peakRSS)/(1<<20)) },
		ratio(float64(base.peakRSS), float64(meet.peakRSS), 1.25))
}

func pick(rs []botResult) (base, meet botResult, both bool) {
	for _, r := range rs {
		switch r.kind {
		case "baseline":
			base = r
		case "meetbot":
			meet = r
		}
	}
	return base, meet, base.kind != "" && meet.kind != ""
}

func verdict(ok bool) string {
	if ok {
		return "HOLDS"
	}
	return "MISSED"
}

func answeredVerdict(rs []botResult) string {
	ok := true
	for _, r := range rs {
		ok = ok && r.burst.lat.answered == r.burst.lat.sent
	}
	return "\tK/K for both " + verdict(ok)
}

func p50Verdict(both bool, base, meet botResult) string {
	if !both {
		return "\t"
	}
	d := meet.sustain.lat.p50 - base.sustain.lat.p50
	return fmt.Sprintf("%+.2f ms\t≤ +1 ms %s", sec(d)*1e3, verdict(d <= time.Millisecond))
}

// steadyVerdict: exactly one control call and one reply per command, no
// other call.
func steadyVerdict(meet botResult) string {
	if meet.kind == "" {
		return "\t"
	}
	n := meet.burst.lat.sent
	c := meet.burst.calls
	ok := c["control"] == n && c["reply"] == n && len(c) == 2
	return "\t1 control + 1 reply " + verdict(ok)
}

// coldVerdict: at most one lookup per new person (person) and one per new
// chat (members); binding a chat to its meeting (ongoing + info) is
// reported beside it.
func coldVerdict(meet botResult) string {
	if meet.kind == "" {
		return "\t"
	}
	c := meet.cold.calls
	ok := c["person"] <= meet.chats*meet.newPeoplePerCh && c["members"] <= meet.chats
	return "\t≤1/person, ≤1 members/chat " + verdict(ok)
}

func perCmd(p phase) string {
	n := float64(p.lat.sent)
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(p.calls)) {
		parts = append(parts, fmt.Sprintf("%s %.3f", k, float64(p.calls[k])/n))
	}
	return strings.Join(parts, ", ")
}

func callList(calls map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(calls)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, calls[k]))
	}
	return strings.Join(parts, ", ")
}

func perSteady(r botResult, v float64) float64 {
	if r.steadyCmds == 0 {
		return 0
	}
	return v / float64(r.steadyCmds)
}

func rate(l latency) float64 {
	if l.last <= 0 {
		return 0
	}
	return float64(l.answered) / l.last.Seconds()
}

func sec(d time.Duration) float64 { return d.Seconds() }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }
