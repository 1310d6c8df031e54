package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// The control echo: the reference of the load benchmark (issue 18). It is
// the least a bot can do for each command and still do what meetbot does
// in steady state, with no SDK client in the way: one websocket reader
// that acks every frame as soon as it is read, 64 workers, one keep-alive
// HTTP client, and per message exactly one control call (focus, with a
// token fetched once) and one reply to the session webhook. What meetbot
// keeps in its store — each chat's meeting, each person's unionId — the
// control echo is given up front (controlWorld), as if from a warm cache.

// Stream wire constants (docs/wire-contract.md §1).
const (
	controlTopic = "/v1.0/im/bot/messages/get"
	controlUA    = "meetbot-load-control/1"
)

// controlWorld is what the control echo knows in advance.
type controlWorld struct {
	Chats  map[string]controlChat `json:"chats"`  // conversationId → its meeting
	Unions map[string]string      `json:"unions"` // userId (staffId) → unionId
}

// controlChat is one chat's meeting and whom a command that mentions no
// one (/spotlight off) puts in the spotlight: the control echo always
// makes the same one call.
type controlChat struct {
	Meeting string `json:"meeting"`
	Default string `json:"default"` // a unionId
}

// controlFrame is what the reader decodes of a downstream frame (§1.3).
type controlFrame struct {
	Type    string            `json:"type"`
	Headers map[string]string `json:"headers"`
	Data    string            `json:"data"`
}

// controlAck is an ack frame (§1.4).
type controlAck struct {
	Code    int               `json:"code"`
	Headers map[string]string `json:"headers"`
	Message string            `json:"message"`
	Data    string            `json:"data"`
}

// controlMessage is all a worker reads of a chatbot payload (§2).
type controlMessage struct {
	ConversationID string `json:"conversationId"`
	SessionWebhook string `json:"sessionWebhook"`
	AtUsers        []struct {
		StaffID string `json:"staffId"` // empty for the bot itself
	} `json:"atUsers"`
}

// focusBody is the focus call's body (§7).
type focusBody struct {
	Action  string `json:"action"`
	UnionID string `json:"unionId"`
}

// control is a running control echo.
type control struct {
	url   string
	world controlWorld
	http  *http.Client
	token string
	ws    *websocket.Conn
	jobs  chan string // chatbot payloads
	done  chan struct{}
	read  chan struct{} // closed when the reader returns
	wg    sync.WaitGroup
}

// startControl fetches a token, opens a stream connection and starts the
// reader and the workers.
func startControl(ctx context.Context, cfg childConfig, world controlWorld) (*control, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = cfg.workers
	c := &control{url: cfg.url, world: world, jobs: make(chan string, cfg.queue),
		done: make(chan struct{}), read: make(chan struct{}),
		http: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
	var err error
	if c.token, err = c.fetchToken(ctx, cfg); err != nil {
		return nil, err
	}
	if c.ws, err = c.connect(ctx, cfg); err != nil {
		return nil, err
	}
	c.wg.Add(cfg.workers)
	for range cfg.workers {
		go c.work()
	}
	go c.readLoop()
	return c, nil
}

// fetchToken gets the app's access token (§5), once.
func (c *control) fetchToken(ctx context.Context, cfg childConfig) (string, error) {
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	in, _ := json.Marshal(map[string]string{"appKey": cfg.clientID, "appSecret": cfg.clientSecret})
	if err := c.post(ctx, c.url+"/v1.0/oauth2/accessToken", "", in, &out); err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	return out.AccessToken, nil
}

// connect registers a connection (§1.1) and dials its websocket (§1.2).
func (c *control) connect(ctx context.Context, cfg childConfig) (*websocket.Conn, error) {
	in, _ := json.Marshal(map[string]any{"clientId": cfg.clientID, "clientSecret": cfg.clientSecret, "ua": controlUA,
		"subscriptions": []map[string]string{
			{"type": "SYSTEM", "topic": "ping"}, {"type": "SYSTEM", "topic": "disconnect"},
			{"type": "CALLBACK", "topic": controlTopic},
		}})
	var ep struct{ Endpoint, Ticket string }
	if err := c.post(ctx, c.url+"/v1.0/gateway/connections/open", "", in, &ep); err != nil {
		return nil, fmt.Errorf("open stream: %w", err)
	}
	ws, resp, err := websocket.DefaultDialer.DialContext(ctx, ep.Endpoint+"?ticket="+ep.Ticket, nil)
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	return ws, err
}

// readLoop reads frames until the connection closes. It acks each frame
// at once, and is the only writer of the websocket; chatbot messages go to
// the workers (a full queue drops them, as meetbot's "busy" would refuse).
func (c *control) readLoop() {
	defer close(c.read)
	for {
		_, raw, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		var f controlFrame
		if json.Unmarshal(raw, &f) != nil || f.Headers == nil {
			continue
		}
		ack := controlAck{Code: http.StatusOK, Message: "OK",
			Headers: map[string]string{"contentType": "application/json", "messageId": f.Headers["messageId"]}}
		if f.Type == "SYSTEM" {
			ack.Data = f.Data // a ping's opaque data is echoed
		}
		if c.ws.WriteJSON(ack) != nil {
			return
		}
		if f.Type == "CALLBACK" && f.Headers["topic"] == controlTopic {
			select {
			case c.jobs <- f.Data:
			default:
			}
		}
	}
}

func (c *control) work() {
	defer c.wg.Done()
	for {
		select {
		case data := <-c.jobs:
			_ = c.handle(data)
		case <-c.done:
			return
		}
	}
}

// handle makes the message's one focus call, then its one reply.
func (c *control) handle(data string) error {
	var m controlMessage
	if err := json.Unmarshal([]byte(data), &m); err != nil {
		return err
	}
	chat, ok := c.world.Chats[m.ConversationID]
	if !ok {
		return fmt.Errorf("unknown chat %s", m.ConversationID)
	}
	target := chat.Default
	for _, a := range m.AtUsers {
		if a.StaffID != "" {
			target = c.world.Unions[a.StaffID]
			break
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	body, err := json.Marshal(focusBody{Action: "focus", UnionID: target})
	if err != nil {
		return err
	}
	focus := c.url + "/v1.0/conference/videoConferences/" + chat.Meeting + "/focus"
	if err := c.post(ctx, focus, c.token, body, nil); err != nil {
		return err
	}
	return c.post(ctx, m.SessionWebhook, "", baselineReply, nil)
}

// post sends the JSON body and decodes a 200 answer into out (nil:
// discard).
func (c *control) post(ctx context.Context, url, token string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("x-acs-dingtalk-access-token", token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, resp.Body)
		return errors.New(resp.Status)
	}
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// stop closes the connection and the workers.
func (c *control) stop() {
	_ = c.ws.Close()
	<-c.read
	close(c.done)
	c.wg.Wait()
}
