// Package bot adapts DingTalk Stream mode to meetbot's commands.
//
// It is the only package that imports the stream SDK. For every chatbot
// frame it decodes the payload itself (so optional fields such as
// senderUnionId survive and a malformed frame is logged and acked instead
// of dropped), then returns to the SDK at once: DingTalk does not redeliver
// chatbot messages and the SDK drops frames when its handler slots are
// full. The work goes to a bounded queue that runs commands in order within
// a conversation and in parallel across conversations. Each command is
// deduplicated by msgId in the store, runs under a timeout with panic
// recovery and a per-message logger, and gets exactly one reply.
package bot
