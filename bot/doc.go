// Package bot adapts DingTalk Stream mode to meetbot's commands.
//
// It is the only package that imports the stream SDK. The SDK registers
// each connection with the gateway and provides the frame types, but the
// bot reads each websocket itself (gateway.go, session.go, stream.go):
// the SDK's client handles every frame on a goroutine of its own, which
// loses the order of a chat's messages, and leaves frames unacked when its
// handler slots are full. One reader per
// connection decodes each chatbot frame (so optional fields such as
// senderUnionId survive and a malformed frame is logged and acked instead
// of dropped), queues it and acks it at once: DingTalk does not redeliver
// chatbot messages. The Stream reconnects with capped, jittered backoff
// and, on a SYSTEM disconnect, connects again while the old connection
// drains. The work goes to a bounded queue that runs commands in order within
// a conversation and in parallel across conversations, each conversation
// within its share. Chat messages and card clicks then go through one
// pipeline (pipeline.go): panic recovery, a dedupe claim in the store, a
// timeout, the command, its reply, one log line and one observation.
//
// A third-party app also subscribes to EVENT frames (Stream.OnEvents):
// Events keeps the suite ticket DingTalk pushes in a TicketStore and acks
// every event with SUCCESS, or LATER when the ticket could not be stored.
//
// Card button clicks (topic /v1.0/card/instances/callback, card.go) are
// decoded here too, not by the SDK's card handler, which leaves a frame
// with malformed content unacked. Each click is acked at once with an
// empty response, deduplicated by frame messageId, and queued on its
// chat's queue behind that chat's typed commands; the resulting card
// update goes out through the CardSender that main adapts to DingTalk's
// card API.
package bot
