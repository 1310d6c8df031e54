package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/websocket"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/handler"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
)

// Stream mode wire constants (dingtalk-api.md §1).
const (
	gatewayOpenPath = "/v1.0/gateway/connections/open"
	frameSystem     = "SYSTEM"
	frameCallback   = "CALLBACK"
	userAgent       = "meetbot dingtalk-stream-sdk-go/v0.9.2"
	openTimeout     = 10 * time.Second // registration call and websocket handshake, each
)

// gateway registers stream connections and dials them. It speaks the
// protocol the stream SDK speaks, with the SDK's wire types, but lets the
// Stream read each connection itself: the SDK handles every frame on a
// goroutine of its own, which loses the order of messages within a chat
// (dingtalk-api.md §1.7).
type gateway struct {
	clientID, clientSecret string
	apiURL                 string
	http                   *http.Client
	dialer                 *websocket.Dialer
	routes                 map[string]handler.IFrameHandler // CALLBACK topic → handler
}

func newGateway(clientID, clientSecret, apiURL string) *gateway {
	return &gateway{
		clientID: clientID, clientSecret: clientSecret, apiURL: strings.TrimRight(apiURL, "/"),
		http:   &http.Client{Timeout: openTimeout},
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

// open asks the gateway for an endpoint and a one-use ticket (§1.1).
func (g *gateway) open(ctx context.Context) (*payload.ConnectionEndpointResponse, error) {
	subs := []*payload.SubscriptionModel{{Type: frameSystem, Topic: "ping"}, {Type: frameSystem, Topic: "disconnect"}}
	for key := range g.routes {
		subs = append(subs, subscriptionFor(key)) // CALLBACK topics, and events (event.go)
	}
	body, err := json.Marshal(payload.ConnectionEndpointRequest{
		ClientId: g.clientID, ClientSecret: g.clientSecret, Subscriptions: subs, UserAgent: userAgent,
	})
	if err != nil {
		return nil, fmt.Errorf("register stream connection: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.apiURL+gatewayOpenPath, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("register stream connection: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := g.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("register stream connection: %w", err)
	}
	defer resp.Body.Close()
	return decodeEndpoint(resp)
}

// decodeEndpoint reads the registration answer. An error quotes at most
// 200 bytes of the body, which holds DingTalk's code and message only.
func decodeEndpoint(resp *http.Response) (*payload.ConnectionEndpointResponse, error) {
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("register stream connection: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("register stream connection: HTTP %d: %s", resp.StatusCode, truncate(string(b), 200))
	}
	var ep payload.ConnectionEndpointResponse
	if err := json.Unmarshal(b, &ep); err != nil {
		return nil, fmt.Errorf("register stream connection: %w", err)
	}
	if ep.Endpoint == "" || ep.Ticket == "" {
		return nil, errors.New("register stream connection: answer without endpoint or ticket")
	}
	return &ep, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
