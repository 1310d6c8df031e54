// Package config reads meetbot's settings from the environment.
//
// Only main imports it: main copies plain values into the constructors of
// the other packages, so nothing else depends on how settings are named.
package config

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/kelseyhightower/envconfig"
	"github.com/rs/zerolog"
)

// Config is every setting meetbot reads. The envconfig tags are the
// variable names the README documents; keep the two in step.
type Config struct {
	ClientID       string        `envconfig:"DINGTALK_CLIENT_ID" desc:"the app's Client ID (AppKey); empty runs the sandbox"`
	ClientSecret   string        `envconfig:"DINGTALK_CLIENT_SECRET" desc:"the app's Client Secret (AppSecret)"`
	AppType        string        `envconfig:"DINGTALK_APP_TYPE" default:"internal" desc:"internal, or third_party: many organisations; the credentials are the SuiteKey/SuiteSecret"`
	APIURL         string        `envconfig:"DINGTALK_API_URL" default:"https://api.dingtalk.com" desc:"stream gateway and /v1.0 APIs"`
	OAPIURL        string        `envconfig:"DINGTALK_OAPI_URL" default:"https://oapi.dingtalk.com" desc:"legacy /topapi APIs and reply webhooks"`
	Store          string        `envconfig:"MEETBOT_STORE" default:"meetbot.db" desc:"state: a bbolt file path, or a Redis DSN: redis[s]://host:port/db, redis[s]+sentinel://hosts/master, redis[s]+cluster://hosts"`
	HTTPAddr       string        `envconfig:"MEETBOT_HTTP_ADDR" default:"127.0.0.1:8080" desc:"health endpoints /healthz and /readyz, and /metrics"`
	Admins         []string      `envconfig:"MEETBOT_ADMINS" desc:"comma-separated userIds that may control any meeting"`
	APIQPS         int           `envconfig:"MEETBOT_API_QPS" default:"20" desc:"client-side limit per DingTalk API; 0 = no limit"`
	CommandTimeout time.Duration `envconfig:"MEETBOT_COMMAND_TIMEOUT" default:"10s" desc:"how long one command may take, DingTalk retries included"`
	Workers        int           `envconfig:"MEETBOT_WORKERS" default:"64" desc:"commands carried out at once (in order within a chat)"`
	Queue          int           `envconfig:"MEETBOT_QUEUE" default:"20000" desc:"commands waiting at most; beyond it users are told to try again"`
	ChatQueue      int           `envconfig:"MEETBOT_CHAT_QUEUE" default:"200" desc:"commands one chat may have waiting; a flood in one chat never refuses another"`
	LogLevel       string        `envconfig:"LOG_LEVEL" default:"info" desc:"trace, debug, info, warn or error"`
	LogFormat      string        `envconfig:"LOG_FORMAT" default:"json" desc:"json, or console for people"`
	CardTemplateID string        `envconfig:"MEETBOT_CARD_TEMPLATE_ID" desc:"card platform template id of the meeting control card; empty sends a markdown panel instead"`
	Retention      time.Duration `envconfig:"MEETBOT_RETENTION" default:"720h" desc:"how long an audit trail is kept after its last record, and an unused chat binding"`
	TimeZone       string        `envconfig:"MEETBOT_TIMEZONE" default:"Asia/Shanghai" desc:"the time zone of every time shown in chat and read from a booking (IANA name)"`
	RemindBefore   time.Duration `envconfig:"MEETBOT_REMIND_BEFORE" default:"5m" desc:"how long before a booked meeting starts its chat is reminded; 0 turns reminders off"`
	WatchInterval  time.Duration `envconfig:"MEETBOT_WATCH_INTERVAL" default:"60s" desc:"how often bound meetings are checked for their end (one batch call per organisation); 0 turns watching off"`
	SandboxMode    string        `envconfig:"MEETBOT_SANDBOX" default:"auto" desc:"auto: without credentials, a terminal opens the sandbox; off: never (the Docker image)"`
}

// Sandbox reports whether no credentials are set, so meetbot should run its
// built-in sandbox instead of connecting to DingTalk.
func (c Config) Sandbox() bool { return c.ClientID == "" && c.ClientSecret == "" }

// Level is the parsed LOG_LEVEL.
func (c Config) Level() zerolog.Level {
	l, err := zerolog.ParseLevel(strings.ToLower(c.LogLevel))
	if err != nil {
		return zerolog.InfoLevel
	}
	return l
}

// Load reads the environment and checks every value. The error names the
// variable and what is wrong, in one line per problem.
func Load() (Config, error) {
	var c Config
	if err := envconfig.Process("", &c); err != nil {
		return Config{}, explain(err)
	}
	return c, c.validate()
}

// explain turns envconfig's parse error into "NAME="value" is not a …".
func explain(err error) error {
	var pe *envconfig.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	what := map[string]string{"int": "a whole number", "time.Duration": "a duration like 10s or 1m"}[pe.TypeName]
	if what == "" {
		what = "a valid " + pe.TypeName
	}
	return fmt.Errorf("%s=%q is not %s", pe.KeyName, pe.Value, what)
}

// Usage writes the table of variables, defaults and meanings.
func Usage(w io.Writer) error {
	var c Config
	return envconfig.Usagef("", &c, w, usageFormat)
}

const usageFormat = `Environment variables:
{{range .}}  {{usage_key . | printf "%-24s"}} {{usage_default . | printf "%-27s"}} {{usage_description .}}
{{end}}`

func (c *Config) validate() error {
	checks := []error{
		checkCredentials(c.ClientID, c.ClientSecret),
		checkOneOf("DINGTALK_APP_TYPE", c.AppType, AppInternal, AppThirdParty),
		checkAdminsScoped(c.AppType, c.Admins),
		checkURL("DINGTALK_API_URL", c.APIURL),
		checkURL("DINGTALK_OAPI_URL", c.OAPIURL),
		checkNotEmpty("MEETBOT_STORE", c.Store),
		checkNotEmpty("MEETBOT_HTTP_ADDR", c.HTTPAddr),
		checkMin("MEETBOT_API_QPS", c.APIQPS, 0),
		checkMin("MEETBOT_WORKERS", c.Workers, 1),
		checkMin("MEETBOT_QUEUE", c.Queue, 1),
		checkMin("MEETBOT_CHAT_QUEUE", c.ChatQueue, 1),
		checkPositive("MEETBOT_COMMAND_TIMEOUT", c.CommandTimeout),
		checkPositive("MEETBOT_RETENTION", c.Retention),
		checkWatch(c.WatchInterval),
		checkZone(c.TimeZone),
		checkMin("MEETBOT_REMIND_BEFORE", int(c.RemindBefore/time.Second), 0),
		checkOneOf("LOG_FORMAT", c.LogFormat, "json", "console"),
		checkOneOf("MEETBOT_SANDBOX", c.SandboxMode, "auto", "off"),
		checkLevel(c.LogLevel),
	}
	c.Admins = trimAll(c.Admins)
	c.CardTemplateID = strings.TrimSpace(c.CardTemplateID)
	return errors.Join(checks...)
}

// checkZone refuses a time zone the zone database does not know.
func checkZone(name string) error {
	if _, err := time.LoadLocation(name); err != nil || name == "" {
		return fmt.Errorf("MEETBOT_TIMEZONE=%q is not a time zone name like Asia/Shanghai", name)
	}
	return nil
}

// Location is the time zone of times shown in chat (MEETBOT_TIMEZONE);
// Asia/Shanghai when unset or unknown.
func (c Config) Location() *time.Location {
	name := c.TimeZone
	if name == "" {
		name = "Asia/Shanghai"
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.FixedZone("UTC+8", 8*3600)
}

// checkWatch refuses a negative watch interval, and one so short that it
// would spend an organisation's monthly API quota in days (one call a
// round per organisation: at 1 s, 2.6 million calls a month).
func checkWatch(d time.Duration) error {
	if d < 0 || (d > 0 && d < 5*time.Second) {
		return fmt.Errorf("MEETBOT_WATCH_INTERVAL=%s: want 0 (off) or at least 5s; every round costs an API call per organisation", d)
	}
	return nil
}

func checkCredentials(id, secret string) error {
	switch {
	case id != "" && secret == "":
		return errors.New("DINGTALK_CLIENT_SECRET is missing: set it with DINGTALK_CLIENT_ID (or unset both for the sandbox)")
	case id == "" && secret != "":
		return errors.New("DINGTALK_CLIENT_ID is missing: set it with DINGTALK_CLIENT_SECRET (or unset both for the sandbox)")
	}
	return nil
}

func checkURL(name, v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s=%q is not an http(s) URL like https://api.dingtalk.com", name, v)
	}
	if u.Path != "" && u.Path != "/" {
		return fmt.Errorf("%s=%q must be a base URL with no path", name, v)
	}
	return nil
}

func checkNotEmpty(name, v string) error {
	if strings.TrimSpace(v) == "" {
		return fmt.Errorf("%s is empty", name)
	}
	return nil
}

func checkMin(name string, v, min int) error {
	if v < min {
		return fmt.Errorf("%s=%d must be at least %d", name, v, min)
	}
	return nil
}

func checkPositive(name string, d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("%s=%s must be a positive duration like 10s", name, d)
	}
	return nil
}

func checkOneOf(name, v string, allowed ...string) error {
	for _, a := range allowed {
		if strings.EqualFold(v, a) {
			return nil
		}
	}
	return fmt.Errorf("%s=%q must be one of %s", name, v, strings.Join(allowed, ", "))
}

func checkLevel(v string) error {
	if _, err := zerolog.ParseLevel(strings.ToLower(v)); err != nil || v == "" {
		return fmt.Errorf("LOG_LEVEL=%q must be one of trace, debug, info, warn, error", v)
	}
	return nil
}

func trimAll(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
