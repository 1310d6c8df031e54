package app

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/meetbot/meetbot/bot"
	"github.com/meetbot/meetbot/commands"
	"github.com/meetbot/meetbot/dingtalk"
)

// metrics implements the observers of package dingtalk and bot with
// Prometheus collectors on a private registry (no global state, so tests
// and several bots in one process do not collide). Every label value is
// bounded: command names, outcomes, route templates, HTTP statuses,
// DingTalk error codes and card action names; never ids or user text.
type metrics struct {
	reg *prometheus.Registry

	commands        *prometheus.CounterVec
	commandDuration *prometheus.HistogramVec
	requests        *prometheus.CounterVec
	requestDuration *prometheus.HistogramVec
	retries         *prometheus.CounterVec
	quota           prometheus.Counter
	tokenFetches    *prometheus.CounterVec
	connects        prometheus.Counter
	disconnects     prometheus.Counter
	reconnects      prometheus.Counter
	busy            prometheus.Counter
	dedupe          prometheus.Counter
	cardClicks      *prometheus.CounterVec
	purpose         *prometheus.CounterVec
	watchRounds     *prometheus.CounterVec
	watchEnded      prometheus.Counter
	watchPosts      prometheus.Counter
	watched         prometheus.Gauge
	onDone          func()   // WithCommandDone; nil for none
	series          sync.Map // exchangeKey → *exchangeSeries
}

var (
	_ dingtalk.Observer = (*metrics)(nil)
	_ bot.Observer      = (*metrics)(nil)
)

// newMetrics registers meetbot's collectors, plus the Go runtime and
// process ones. queueDepth is read at scrape time.
func newMetrics(queueDepth func() int) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	counter := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	}
	vec := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	}
	m.commands = vec("meetbot_commands_total", "Commands carried out, by command and outcome.", "command", "outcome")
	m.commandDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "meetbot_command_duration_seconds", Help: "Time from dequeue to reply sent, by command.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"command"})
	m.requests = vec("meetbot_dingtalk_requests_total",
		"DingTalk API exchanges, by endpoint (method and route template), HTTP status (0 = no answer) and error code.",
		"endpoint", "status", "code")
	m.requestDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "meetbot_dingtalk_request_duration_seconds", Help: "DingTalk API exchange latency, by endpoint.",
		Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"endpoint"})
	m.retries = vec("meetbot_dingtalk_retries_total", "DingTalk requests sent again after a failed attempt, by endpoint.", "endpoint")
	m.quota = counter("meetbot_dingtalk_quota_exceeded_total",
		"DingTalk answers saying the organisation's monthly API quota is used up (never retried).")
	m.tokenFetches = vec("meetbot_token_fetches_total", "Access-token fetches, by result (ok or error).", "result")
	m.connects = counter("meetbot_stream_connects_total", "Stream connections established.")
	m.disconnects = counter("meetbot_stream_disconnects_total", "Stream connections lost or closed.")
	m.reconnects = counter("meetbot_stream_reconnect_attempts_total", "Stream connection attempts after a failure or a drop.")
	m.busy = counter("meetbot_busy_refusals_total", "Messages refused with \"busy, try again\" because the queue was full.")
	m.dedupe = counter("meetbot_dedupe_hits_total", "Messages dropped as duplicates of one already handled.")
	m.cardClicks = vec("meetbot_card_clicks_total", "Card button clicks received, by action.", "action")
	m.purpose = vec("meetbot_dingtalk_calls_total",
		"DingTalk API exchanges by purpose: command (what a message or click asked) or watch (the meeting watcher).", "purpose")
	m.watchRounds = vec("meetbot_watch_rounds_total", "Meeting watcher rounds, by result (ok or error).", "result")
	m.watchEnded = counter("meetbot_watch_meetings_ended_total", "Bound meetings the watcher found over and announced.")
	m.watchPosts = counter("meetbot_watch_posts_total", "Messages the watcher posted: closing messages, recordings, notes.")
	m.watched = prometheus.NewGauge(prometheus.GaugeOpts{Name: "meetbot_watch_meetings",
		Help: "Bound meetings the watcher looked at in its last round."})
	depth := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "meetbot_queue_depth",
		Help: "Commands waiting or running."}, func() float64 { return float64(queueDepth()) })
	m.reg.MustRegister(m.commands, m.commandDuration, m.requests, m.requestDuration, m.retries, m.quota,
		m.tokenFetches, m.connects, m.disconnects, m.reconnects, m.busy, m.dedupe, m.cardClicks, depth,
		m.purpose, m.watchRounds, m.watchEnded, m.watchPosts, m.watched,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// handler serves the registry in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Exchange implements dingtalk.Observer. It also hands the request id to
// the audit trail of the control action that made the call, if any.
func (m *metrics) Exchange(ctx context.Context, e dingtalk.Exchange) {
	commands.NoteRequestID(ctx, e.RequestID)
	endpoint := e.Method + " " + e.Route
	m.requests.WithLabelValues(endpoint, strconv.Itoa(e.Status), e.Code).Inc()
	m.purpose.WithLabelValues(firstNonEmpty(commands.Purpose(ctx), "command")).Inc()
	m.requestDuration.WithLabelValues(endpoint).Observe(e.Duration.Seconds())
	if errors.Is(e.Err, dingtalk.ErrQuotaExceeded) {
		m.quota.Inc()
	}
}

// exchangeKey names the series of one kind of exchange.
type exchangeKey struct {
	method, route, code, purpose string
	status                       int
}

// exchangeSeries are the series one kind of exchange counts in, looked up
// once: WithLabelValues hashes and locks on every call, a cost on every
// DingTalk exchange.
type exchangeSeries struct {
	requests, purpose prometheus.Counter
	duration          prometheus.Observer
}

func (m *metrics) exchangeSeries(e dingtalk.Exchange, purpose string) *exchangeSeries {
	k := exchangeKey{method: e.Method, route: e.Route, code: e.Code, purpose: purpose, status: e.Status}
	if s, ok := m.series.Load(k); ok {
		return s.(*exchangeSeries)
	}
	endpoint := e.Method + " " + e.Route
	s := &exchangeSeries{requests: m.requests.WithLabelValues(endpoint, strconv.Itoa(e.Status), e.Code),
		purpose: m.purpose.WithLabelValues(purpose), duration: m.requestDuration.WithLabelValues(endpoint)}
	actual, _ := m.series.LoadOrStore(k, s)
	return actual.(*exchangeSeries)
}

// watchRound counts one round of the meeting watcher.
func (m *metrics) watchRound(rep commands.WatchReport, err error) {
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.watchRounds.WithLabelValues(result).Inc()
	m.watchEnded.Add(float64(rep.Ended))
	m.watchPosts.Add(float64(rep.Posted))
	m.watched.Set(float64(rep.Meetings))
}

// Retry implements dingtalk.Observer.
func (m *metrics) Retry(_ context.Context, method, route string, _ error) {
	m.retries.WithLabelValues(method + " " + route).Inc()
}

// TokenFetch implements dingtalk.Observer.
func (m *metrics) TokenFetch(_ context.Context, err error) {
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.tokenFetches.WithLabelValues(result).Inc()
}

// CommandDone implements bot.Observer.
func (m *metrics) CommandDone(command string, outcome commands.Outcome, latency time.Duration) {
	if command == "" {
		command = "unknown"
	}
	m.commands.WithLabelValues(command, string(outcome)).Inc()
	m.commandDuration.WithLabelValues(command).Observe(latency.Seconds())
	if m.onDone != nil {
		m.onDone()
	}
}

// BusyRefusal implements bot.Observer.
func (m *metrics) BusyRefusal() { m.busy.Inc() }

// DedupeHit implements bot.Observer.
func (m *metrics) DedupeHit() { m.dedupe.Inc() }

// CardClick implements bot.Observer.
func (m *metrics) CardClick(action string) { m.cardClicks.WithLabelValues(action).Inc() }

// StreamConnected implements bot.Observer.
func (m *metrics) StreamConnected() { m.connects.Inc() }

// StreamDisconnected implements bot.Observer.
func (m *metrics) StreamDisconnected() { m.disconnects.Inc() }

// ReconnectAttempt implements bot.Observer.
func (m *metrics) ReconnectAttempt() { m.reconnects.Inc() }
