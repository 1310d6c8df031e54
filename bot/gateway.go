package bot

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/client"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/handler"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/logger"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
)

// Stream mode wire constants (docs/wire-contract.md §1).
const (
	frameSystem   = "SYSTEM"
	frameCallback = "CALLBACK"
	openTimeout   = 10 * time.Second // registration call and websocket handshake, each
)

// gateway registers stream connections (through the stream SDK) and dials
// them, then lets the Stream read each connection itself with the SDK's
// wire types: the SDK's client handles every frame on a goroutine of its
// own, which loses the order of messages within a chat (docs/wire-contract.md
// §1.7), and leaves frames unacknowledged when its handler slots are full,
// which for chatbot messages (never redelivered) means lost commands.
type gateway struct {
	clientID, clientSecret string
	apiURL                 string
	dialer                 *websocket.Dialer
	routes                 map[string]handler.IFrameHandler // CALLBACK topic → handler
}

// sdkLoggerOnce settles the SDK's process-wide logger before any SDK call:
// the SDK sets it lazily, without a lock, on first use. It stays the SDK's
// silent default, so its debug dumps of request bodies (which carry the
// client secret) never reach any log.
var sdkLoggerOnce sync.Once

func newGateway(clientID, clientSecret, apiURL string) *gateway {
	sdkLoggerOnce.Do(func() { logger.SetLogger(logger.GetLogger()) })
	return &gateway{
		clientID: clientID, clientSecret: clientSecret, apiURL: strings.TrimRight(apiURL, "/"),
		dialer: &websocket.Dialer{HandshakeTimeout: openTimeout, Proxy: http.ProxyFromEnvironment},
		routes: map[string]handler.IFrameHandler{},
	}
}

// RegisterCallbackRouter routes CALLBACK frames of topic to h. Handlers run
// on the connection's reader, one frame at a time in arrival order, and
// their answer is the frame's ack: they must return quickly (queue the
// work) or they hold up every later frame.
func (g *gateway) RegisterCallbackRouter(topic string, h handler.IFrameHandler) {
	g.routes[topic] = h
}

// connect registers a connection and opens its websocket.
func (g *gateway) connect(ctx context.Context) (*websocket.Conn, error) {
	ep, err := g.open(ctx)
	if err != nil {
		return nil, err
	}
	dctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	ws, resp, err := g.dialer.DialContext(dctx, ep.Endpoint+"?ticket="+ep.Ticket, nil)
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("open stream websocket: %s", redactTicket(err.Error()))
	}
	return ws, nil
}

// open asks the gateway for an endpoint and a one-use ticket (§1.1). The
// stream SDK makes this call — its request (credentials, subscriptions,
// user agent, local IP) is exactly what DingTalk expects from it — but the
// SDK's client never runs: it would handle each frame on a goroutine of its
// own. A client is built per call from the current routes, which are fixed
// before Run.
func (g *gateway) open(ctx context.Context) (*payload.ConnectionEndpointResponse, error) {
	sdk := client.NewStreamClient(
		client.WithAppCredential(client.NewAppCredentialConfig(g.clientID, g.clientSecret)),
		client.WithOpenApiHost(g.apiURL),
		client.WithAutoReconnect(false),
	)
	for key, h := range g.routes {
		sub := subscriptionFor(key) // CALLBACK topics, and events (event.go)
		sdk.RegisterRouter(sub.Type, sub.Topic, h)
	}
	ep, err := sdk.GetConnectionEndpoint(ctx)
	if err != nil {
		return nil, fmt.Errorf("register stream connection: %s", truncate(redactTicket(err.Error()), 300))
	}
	return ep, nil
}

// truncate keeps an error that quotes a response body to one short line.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
