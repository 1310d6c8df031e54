package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/open-dingtalk/dingtalk-stream-sdk-go/client"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/payload"
)

// The SDK echo of the load benchmark (its second column, kind "sdk"): the
// fastest bot the stream SDK's own client allows. Its frame handler
// decodes only the session webhook, hands the message to a worker pool and
// returns; a worker posts a fixed text reply. No parsing, no store, no API
// call, no logging. It was the benchmark's only reference before the
// control echo (control_test.go), which makes meetbot's control call too.

// baselineMessage is all the SDK echo reads from a chatbot payload.
type baselineMessage struct {
	SessionWebhook string `json:"sessionWebhook"`
}

// baselineReply is the body it posts to the session webhook.
var baselineReply = []byte(`{"msgtype":"text","text":{"content":"ok"}}`)

// baseline is a running SDK echo.
type baseline struct {
	cli  *client.StreamClient
	jobs chan string // session webhooks to answer
	done chan struct{}
	http *http.Client
	wg   sync.WaitGroup
}

// startBaseline connects an echo bot with the same SDK options as meetbot
// (1000 pending handlers), the same worker count and queue bound.
func startBaseline(ctx context.Context, cfg childConfig) (*baseline, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = cfg.workers
	b := &baseline{
		jobs: make(chan string, cfg.queue),
		done: make(chan struct{}),
		http: &http.Client{Transport: tr, Timeout: 10 * time.Second},
	}
	b.cli = client.NewStreamClient(
		client.WithAppCredential(client.NewAppCredentialConfig(cfg.clientID, cfg.clientSecret)),
		client.WithOpenApiHost(cfg.url),
		client.WithMaxPendingHandlers(1000),
	)
	b.cli.RegisterCallbackRouter(payload.BotMessageCallbackTopic, b.onFrame)
	b.wg.Add(cfg.workers)
	for range cfg.workers {
		go b.work()
	}
	if err := b.cli.Start(ctx); err != nil {
		b.stop()
		return nil, err
	}
	return b, nil
}

// onFrame queues the message's webhook and acks at once; a full queue
// drops the message, as meetbot's "busy" path would refuse it.
func (b *baseline) onFrame(_ context.Context, df *payload.DataFrame) (*payload.DataFrameResponse, error) {
	var m baselineMessage
	if err := json.Unmarshal([]byte(df.Data), &m); err != nil || m.SessionWebhook == "" {
		return nil, nil
	}
	select {
	case b.jobs <- m.SessionWebhook:
	default:
	}
	return nil, nil
}

func (b *baseline) work() {
	defer b.wg.Done()
	for {
		select {
		case hook := <-b.jobs:
			_ = b.reply(hook)
		case <-b.done:
			return
		}
	}
}

func (b *baseline) reply(hook string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook, bytes.NewReader(baselineReply))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// stop closes the stream and the workers; the load generator has had
// every reply it waits for by then.
func (b *baseline) stop() {
	b.cli.AutoReconnect = false
	b.cli.Close()
	close(b.done)
	b.wg.Wait()
}
