// Package store keeps meetbot's state: message dedupe marks, chat-to-meeting
// bindings, cached people and short audit trails.
//
// # Model
//
// The store is a flat key-value map. Keys are strings chosen by the callers
// and scoped by organisation, for example "bind:<corp>:<chat>",
// "msg:<corp>:<msgId>", "person:<corp>:<userId>" or "audit:<corp>:<meeting>".
// Values are opaque bytes; the callers encode them. A key holds either a
// value (Get, Set, SetNX, Delete) or a bounded list (Push, Last), never both:
// using a list operation on a value key, or Get on a list key, fails with
// ErrWrongType, as Redis does. Values may carry a time to live; a ttl of 0
// means no expiry and an expired key reads as absent everywhere, so SetNX
// wins on it. Lists never expire but keep only their newest entries.
//
// # Backends
//
// Two backends implement the same semantics and are checked by one
// conformance test suite:
//
//   - Bolt, one embedded bbolt file. It needs no server, which suits a single
//     bot instance. Writes go through bbolt's Batch so that the burst of one
//     SetNX per incoming message shares transactions and fsyncs instead of
//     paying one fsync each; fsync stays on, so a crash never loses a write
//     that returned. The expiry is stored inside each value and a background
//     sweeper deletes expired keys about once a minute. bbolt locks the file,
//     so only one process can use it; a second one fails fast with an error
//     naming the file.
//   - Redis, for several bot instances sharing state (SetNX is SET NX PX,
//     atomic across processes) or for operators who already run Redis: one
//     server, a master found through Sentinel, or a Redis Cluster, each
//     with TLS and ACL users if wanted (see OpenRedis for the DSNs). Keys
//     get a prefix ("meetbot:" by default). Every command touches one key
//     (Push is LPUSH, LTRIM and PEXPIRE of one list in MULTI/EXEC), so no
//     key needs a hash tag to share a cluster slot with another. A Redis
//     that goes away after startup does not stop the bot: calls fail with
//     errors wrapping ErrUnavailable and work again once the client has
//     reconnected.
//
// With the bbolt file, Claims decides message-dedupe claims in memory and
// writes them in the background, and PushAll appends several entries to a
// list in one write: both keep fsyncs off the path of a reply.
//
// Open picks the backend from a DSN: a redis://, rediss://,
// redis+sentinel://, rediss+sentinel://, redis+cluster:// or
// rediss+cluster:// URL selects Redis, any other scheme is an error, and a
// string without "scheme://" is a bbolt file path. RedactDSN hides the
// passwords in a DSN for logs.
package store
