package load

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// The load benchmark's report: one column per bot (control echo, SDK echo,
// meetbot), then meetbot/control with the issue 18 target it is held to,
// and meetbot/SDK.

// target is a ceiling on a meetbot/control ratio.
type target struct {
	name  string
	value func(botResult) float64
	limit float64
}

// targets are issue 18's, against the control echo. p99 is held in both
// the burst and the sustained phase.
var targets = []target{
	{"burst time to last reply", func(r botResult) float64 { return sec(r.burst.lat.last) }, 1.3},
	{"burst p99 push→reply", func(r botResult) float64 { return sec(r.burst.lat.p99) }, 1.5},
	{"sustained p99 push→reply", func(r botResult) float64 { return sec(r.sustain.lat.p99) }, 1.5},
	{"CPU/cmd (steady)", func(r botResult) float64 { return perSteady(r, float64(r.steady.CPU)) }, 1.5},
	{"peak RSS (VmHWM)", func(r botResult) float64 { return float64(r.peakRSS) }, 1.5},
}

// refreshLimit is the most background calls (member-list refreshes and
// watch rounds) a command may bring in the sustained run.
const refreshLimit = 0.05

// report renders one round.
type report struct {
	w     *tabwriter.Writer
	by    map[string]botResult
	limit map[string]float64 // metric → target
}

func loadTable(rs []botResult) string {
	var sb strings.Builder
	rp := report{w: tabwriter.NewWriter(&sb, 0, 0, 2, ' ', 0), by: map[string]botResult{}, limit: map[string]float64{}}
	for _, r := range rs {
		rp.by[r.kind] = r
	}
	for _, tg := range targets {
		rp.limit[tg.name] = tg.limit
	}
	fmt.Fprintf(rp.w, "load: K=%d over C=%d chats, sustained %d/s for %s, GOMAXPROCS=%d, meetbot watch %s\n",
		*loadK, *loadC, *loadR, *loadT, *loadProcs, *loadWatch)
	fmt.Fprintln(rp.w, "metric\tcontrol\tSDK echo\tmeetbot\tmeetbot/control\ttarget\tmeetbot/SDK\t")
	rp.latencyRows()
	rp.callRows()
	rp.costRows()
	_ = rp.w.Flush()
	for _, kind := range []string{kindControl, kindSDK, kindMeetbot} {
		if r, ok := rp.by[kind]; ok {
			fmt.Fprintf(&sb, "cold phase calls, %s: %s\n", kind, callList(r.cold.kinds))
		}
	}
	sb.WriteString("cold phase: 2 commands per chat on empty caches, naming 3 new people per chat (host, @x, @y)\n")
	return sb.String()
}

// row prints one metric: each bot's value by f, then the ratios of
// value (nil: none).
func (rp report) row(name string, f func(botResult) string, value func(botResult) float64) {
	cells := []string{name}
	for _, kind := range []string{kindControl, kindSDK, kindMeetbot} {
		r, ok := rp.by[kind]
		if !ok {
			cells = append(cells, "")
			continue
		}
		cells = append(cells, f(r))
	}
	cells = append(cells, rp.ratios(name, value)...)
	fmt.Fprintln(rp.w, strings.Join(cells, "\t")+"\t")
}

// ratios are meetbot/control (with its target and verdict) and
// meetbot/SDK.
func (rp report) ratios(name string, value func(botResult) float64) []string {
	out := []string{"", "", ""}
	m, ok := rp.by[kindMeetbot]
	if value == nil || !ok {
		return out
	}
	if c, ok := rp.by[kindControl]; ok && value(c) > 0 {
		x := value(m) / value(c)
		out[0] = fmt.Sprintf("%.2f×", x)
		if limit, ok := rp.limit[name]; ok {
			out[1] = fmt.Sprintf("≤ %.2f× %s", limit, verdict(x <= limit))
		}
	}
	if s, ok := rp.by[kindSDK]; ok && value(s) > 0 {
		out[2] = fmt.Sprintf("%.2f×", value(m)/value(s))
	}
	return out
}

func (rp report) latencyRows() {
	rp.row("burst answered", func(r botResult) string { return fmt.Sprintf("%d/%d", r.burst.lat.answered, r.burst.lat.sent) }, nil)
	rp.row("burst time to last reply", func(r botResult) string { return ms(r.burst.lat.last) },
		func(r botResult) float64 { return sec(r.burst.lat.last) })
	rp.row("burst commands/s", func(r botResult) string { return fmt.Sprintf("%.0f", rate(r.burst.lat)) },
		func(r botResult) float64 { return rate(r.burst.lat) })
	rp.row("burst p50 push→reply", func(r botResult) string { return ms(r.burst.lat.p50) },
		func(r botResult) float64 { return sec(r.burst.lat.p50) })
	rp.row("burst p99 push→reply", func(r botResult) string { return ms(r.burst.lat.p99) },
		func(r botResult) float64 { return sec(r.burst.lat.p99) })
	rp.row("sustained answered", func(r botResult) string {
		return fmt.Sprintf("%d/%d", r.sustain.lat.answered, r.sustain.lat.sent)
	}, nil)
	rp.row("sustained p50 push→reply", func(r botResult) string { return ms(r.sustain.lat.p50) },
		func(r botResult) float64 { return sec(r.sustain.lat.p50) })
	rp.row("sustained p99 push→reply", func(r botResult) string { return ms(r.sustain.lat.p99) },
		func(r botResult) float64 { return sec(r.sustain.lat.p99) })
	all := true
	for _, r := range rp.by {
		all = all && r.burst.lat.answered == r.burst.lat.sent && r.sustain.lat.answered == r.sustain.lat.sent
	}
	fmt.Fprintf(rp.w, "every bot answered every command\t\t\t\t\t%s\t\t\n", verdict(all))
}

// callRows are DingTalk calls per command by purpose in the burst and
// the sustained phase, then meetbot's two quota targets.
func (rp report) callRows() {
	for _, ph := range []struct {
		name string
		of   func(botResult) phase
	}{{"burst", func(r botResult) phase { return r.burst }}, {"sustained", func(r botResult) phase { return r.sustain }}} {
		for _, p := range purposes {
			if !rp.anyCalls(p, ph.of) {
				continue
			}
			rp.row(fmt.Sprintf("calls/cmd %s: %s", ph.name, p), func(r botResult) string {
				return fmt.Sprintf("%.3f", perCommand(ph.of(r), p))
			}, nil)
		}
	}
	m, ok := rp.by[kindMeetbot]
	if !ok {
		return
	}
	fmt.Fprintf(rp.w, "meetbot burst: 1 control + 1 reply, nothing else\t\t\t\t\t%s\t\t\n", verdict(steadyOnly(m.burst)))
	bg := perCommand(m.sustain, purposeRefresh) + perCommand(m.sustain, purposeWatch)
	fmt.Fprintf(rp.w, "meetbot sustained: refresh+watch per cmd\t\t\t%.3f\t\t≤ %.2f %s\t\t\n", bg, refreshLimit,
		verdict(bg <= refreshLimit))
}

func (rp report) anyCalls(purpose string, of func(botResult) phase) bool {
	for _, r := range rp.by {
		if of(r).calls[purpose] > 0 {
			return true
		}
	}
	return false
}

func (rp report) costRows() {
	steady := func(v func(statsLine) uint64) func(botResult) float64 {
		return func(r botResult) float64 { return perSteady(r, float64(v(r.steady))) }
	}
	allocs := steady(func(s statsLine) uint64 { return s.Mallocs })
	rp.row("allocs/cmd (steady)", func(r botResult) string { return fmt.Sprintf("%.0f", allocs(r)) }, allocs)
	bytes := steady(func(s statsLine) uint64 { return s.AllocBytes })
	rp.row("alloc bytes/cmd (steady)", func(r botResult) string { return fmt.Sprintf("%.1f KiB", bytes(r)/1024) }, bytes)
	cpu := steady(func(s statsLine) uint64 { return uint64(s.CPU) })
	rp.row("CPU/cmd (steady)", func(r botResult) string { return fmt.Sprintf("%.0f µs", cpu(r)/1e3) }, cpu)
	rp.row("CPU, whole process", func(r botResult) string { return ms(r.childCPU) },
		func(r botResult) float64 { return sec(r.childCPU) })
	rp.row("peak RSS (VmHWM)", func(r botResult) string { return fmt.Sprintf("%.1f MiB", float64(r.peakRSS)/(1<<20)) },
		func(r botResult) float64 { return float64(r.peakRSS) })
}

// steadyOnly: exactly one control call and one reply per command, no
// other call.
func steadyOnly(p phase) bool {
	n := p.lat.sent
	return p.calls[purposeControl] == n && p.calls[purposeReply] == n && len(p.calls) == 2
}

// roundsSummary lists each target's meetbot/control ratio in every round
// and holds the median to the target.
func roundsSummary(rounds [][]botResult) string {
	var sb strings.Builder
	w := tabwriter.NewWriter(&sb, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "meetbot/control over %d rounds\t", len(rounds))
	for i := range rounds {
		fmt.Fprintf(w, "round %d\t", i+1)
	}
	fmt.Fprintln(w, "median\ttarget\t")
	for _, tg := range targets {
		var xs []float64
		fmt.Fprintf(w, "%s\t", tg.name)
		for _, rs := range rounds {
			m, c := find(rs, kindMeetbot), find(rs, kindControl)
			x := 0.0
			if m != nil && c != nil && tg.value(*c) > 0 {
				x = tg.value(*m) / tg.value(*c)
			}
			xs = append(xs, x)
			fmt.Fprintf(w, "%.2f× %s\t", x, verdict(x <= tg.limit))
		}
		med := median(xs)
		fmt.Fprintf(w, "%.2f×\t≤ %.2f× %s\t\n", med, tg.limit, verdict(med <= tg.limit))
	}
	_ = w.Flush()
	return sb.String()
}

func find(rs []botResult, kind string) *botResult {
	for i := range rs {
		if rs[i].kind == kind {
			return &rs[i]
		}
	}
	return nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func verdict(ok bool) string {
	if ok {
		return "HOLDS"
	}
	return "MISSED"
}

func perCommand(p phase, purpose string) float64 {
	if p.lat.sent == 0 {
		return 0
	}
	return float64(p.calls[purpose]) / float64(p.lat.sent)
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
