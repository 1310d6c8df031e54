package dingtalktest

import (
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// Options configures a Server. The zero value is usable: Start fills the
// defaults documented on each field.
type Options struct {
	ClientID, ClientSecret string // defaults "dingemulatorapp" / "emulator-secret"
	CorpID                 string // default "dingemucorp"
	RobotCode              string // default = ClientID
	// TokenLifetime is how long an access token stays valid (default 7200s).
	TokenLifetime time.Duration
	// Redeliver pushes a CALLBACK frame again (same messageId, same data,
	// possibly to another connection) when it is not acked within AckTimeout,
	// at most 3 times. Off by default: DingTalk does not redeliver bot messages.
	Redeliver bool
	// AckTimeout is the redelivery timeout (default 5s).
	AckTimeout time.Duration
	// QPSLimit caps calls per second per API (method + route template, so all
	// focus calls are one API); 0 = off. On a hit v1.0 answers 403
	// Forbidden.AccessDenied.QpsLimitForAppkeyAndApi, legacy errcode 90018.
	QPSLimit int
	// SendUnionIDs adds the UNCONFIRMED payload fields senderUnionId and
	// atUsers[].unionId.
	SendUnionIDs bool
	// WrapLegacyAuthErrors answers legacy token errors as errcode 88 with
	// sub_code "40014"/"42001" instead of plain errcode 40014/42001.
	WrapLegacyAuthErrors bool
	// DisconnectGrace is how long Disconnect waits after a connection acked
	// the disconnect frame before closing it (default 0: at once). A
	// connection that never acks is closed after 10s, as DingTalk does.
	DisconnectGrace time.Duration
	// ThirdParty makes the app a third-party enterprise app: ClientID and
	// ClientSecret are the SuiteKey and SuiteSecret, the app-token endpoints
	// refuse them, and POST /v1.0/oauth2/corpAccessToken issues tokens per
	// organisation (AddOrg) given the latest ticket sent by PushSuiteTicket.
	ThirdParty bool
	// MemberPaging selects how the members query ends its pages: the plain
	// form by default, or a variant a tolerant client must survive.
	MemberPaging MemberPaging
	// StringNumbers sends createAt and sessionWebhookExpiredTime in every
	// chat payload as JSON strings ("1695283635765") instead of numbers,
	// as one DingTalk doc table types them (docs/wire-contract.md §2). See also
	// ChatMessage.StringNumbers.
	StringNumbers bool
	// Now is the base of the meeting clock (default time.Now): meeting,
	// member, schedule, recording and AI-notes times and state machines
	// read it, plus whatever AdvanceClock added. Tokens, session webhooks,
	// stream tickets and the QPS limiter keep real time. It is called
	// with the emulator's locks held, so it must not call the Server.
	Now func() time.Time
	// ProcessingDelay is how long, on the meeting clock, a cloud recording
	// or AI notes take to become ready once stopped (0: the default, one
	// minute; negative: at once). See FinishProcessing and StallProcessing.
	ProcessingDelay time.Duration
	// BatchStaffIDs makes the batch info query (POST
	// …/videoConferences/query) fill userList[].userId with the staff
	// userId (empty for external users) instead of the unionId: which one
	// DingTalk sends is UNCONFIRMED, and a tolerant bot accepts both.
	BatchStaffIDs bool
	// OnCall is called synchronously, outside every lock, once each HTTP API
	// call has been handled and recorded, just before its answer is sent
	// (websocket traffic excluded). For the sandbox's live log.
	OnCall func(Call)
}

func (o Options) withDefaults() Options {
	if o.ClientID == "" {
		o.ClientID = "dingemulatorapp"
	}
	if o.ClientSecret == "" {
		o.ClientSecret = "emulator-secret"
	}
	if o.CorpID == "" {
		o.CorpID = "dingemucorp"
	}
	if o.RobotCode == "" {
		o.RobotCode = o.ClientID
	}
	if o.TokenLifetime <= 0 {
		o.TokenLifetime = 7200 * time.Second
	}
	if o.AckTimeout <= 0 {
		o.AckTimeout = 5 * time.Second
	}
	return o
}

// ErrClosed is returned by the Wait methods once the Server is closed.
var ErrClosed = errors.New("dingtalktest: server closed")

// Server is a running DingTalk emulator. Create it with Start.
//
// A Server is also one organisation: its directory, meetings, replies and
// cards. AddOrg returns another organisation of the same emulator (same
// URL, gateway, call log, faults and Close); see orgs.go.
type Server struct {
	*hub // shared by every organisation of the emulator
	opts Options

	dir   directory
	conf  conferences
	msgs  messageState
	cards cardStore
	quota quotaState
}

// hub is what the organisations of one emulator share: the HTTP server,
// the stream gateway, tokens, faults and the call log.
type hub struct {
	url string
	srv *http.Server
	ln  net.Listener

	done      chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup // websocket goroutines

	auth   tokenStore
	rec    recorder
	faults faultSet
	stream streamState
	root   *Server // the first organisation
	orgs   orgSet
	suite  suiteState
	clock  *clock // the meeting clock
}

// Start starts an emulator listening on addr (e.g. "127.0.0.1:0") and
// returns it running; the caller must Close it. Tests use
// internal/testkit.Emulator, which closes it when the test ends.
func Start(addr string, opts Options) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := newServer(opts)
	s.ln = l
	s.url = "http://" + l.Addr().String()
	s.srv = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: log.New(io.Discard, "", 0)} // hung-up and hijacked exchanges are the point, not news
	go func() { _ = s.srv.Serve(l) }()
	return s, nil
}

func newServer(opts Options) *Server {
	s := &Server{hub: &hub{done: make(chan struct{}), clock: newClock(opts.Now)}}
	s.initOrg(opts.withDefaults())
	s.auth.init()
	s.rec.init()
	s.stream.init()
	s.faults.init(s.opts.QPSLimit)
	s.root = s
	s.orgs.init(s)
	return s
}

// initOrg sets the organisation's own state up.
func (s *Server) initOrg(opts Options) {
	s.opts = opts
	s.dir.init()
	s.conf.init(opts)
	s.msgs.init()
	s.cards.init()
	s.quota.init()
}

// URL is the base URL of every emulated host, e.g. http://127.0.0.1:41234:
// use it as both the v1.0 API base and the oapi base.
func (s *Server) URL() string { return s.url }

// Options returns the effective options, defaults filled in.
func (s *Server) Options() Options { return s.opts }

// Close drops every stream connection, stops every goroutine and timer the
// Server started, and shuts the HTTP server down. It is idempotent.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.closeStream()
		_ = s.srv.Close() // closes the listener and every connection it did not hand over
		s.wg.Wait()
	})
}
