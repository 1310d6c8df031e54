// Package dingtalktest is an in-process DingTalk emulator for tests, benchmarks
// and the interactive sandbox.
//
// One loopback HTTP server plays every DingTalk host the bot talks to, on a
// single base URL (Server.URL):
//
//   - the v1.0 OpenAPI (/v1.0/..., token in header x-acs-dingtalk-access-token),
//   - the legacy oapi (/topapi/..., /gettoken, token in query access_token),
//   - session webhooks (/robot/sendBySession?session=...),
//   - the Stream-mode gateway (POST /v1.0/gateway/connections/open) and its
//     websocket endpoint (/connect?ticket=...).
//
// Behaviour follows the project's wire reference (shared/dingtalk-api.md), not
// any particular client: the package deliberately does not import the
// project's dingtalk package, so its wire structs are an independent reading
// of the reference.
//
// Tests seed a directory (AddUser) and meetings (AddMeeting), push chat
// messages and card clicks onto the stream (Push, PushCardClick), then wait
// deterministically for what the bot did: WaitAck, WaitReply, WaitReplies,
// WaitConnected, and the recorded Calls. Faults (Fault), a QPS limiter
// (Options.QPSLimit), token expiry (ExpireTokens), webhook expiry
// (ExpireWebhooks) and connection trouble (Disconnect, DropConnections,
// DropAfter) reproduce the failure modes the bot must survive.
//
// The emulator can hold several organisations (AddOrg), each with its own
// people, meetings, replies, cards and tokens, and can play a third-party
// app (Options.ThirdParty): suite tickets pushed as EVENT frames
// (PushSuiteTicket), per-organisation tokens from corpAccessToken, and
// organisations that revoke the app (Revoke). See orgs.go.
//
// Choices where the reference is silent or UNCONFIRMED are documented on the
// method concerned; the main ones:
//
//   - An expired or unknown session webhook answers HTTP 200 with
//     errcode 300001 ("session expired"); a malformed body answers errcode 40035.
//   - v1.0 parameter errors outside the conference API (robot, card) reuse the
//     documented conference code "paramsError" with message "error:<reason>".
//   - Control calls (focus, coHosts, mute, lock, close, members) on an ended
//     meeting fail with paramsError; the info call still answers, status 1.
//   - Legacy endpoints answer injected faults in their own shape (HTTP 200 and
//     an errcode): systemError -1, qps 90018, paramsError 40035,
//     unknownUserError 60121, permission 60011, invalidToken 40014.
//
// Every exported method is safe for concurrent use. No lock is held during a
// network write: each websocket connection has one writer goroutine fed by an
// unbounded queue, so Push never blocks.
package dingtalktest
