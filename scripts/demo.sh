#!/usr/bin/env bash
# A non-interactive run of the sandbox (the real bot against the built-in
# DingTalk emulator) through the main commands, in English and Chinese.
# It fails, saying why, if a message gets no reply or the emulator's
# meetings do not end up as the commands said. CI runs it as a smoke test.
#
# Usage: scripts/demo.sh            (prints the transcript)
set -euo pipefail
cd "$(dirname "$0")/.."

# The sandbox starts when no credentials are set; `meetbot sandbox` makes
# sure of it whatever the environment holds.
unset DINGTALK_CLIENT_ID DINGTALK_CLIENT_SECRET

transcript=$(mktemp)
trap 'rm -f "$transcript"' EXIT

status=0
go run . sandbox >"$transcript" 2>&1 <<'LINES' || status=$?
/help
/spotlight @Alice
# A Chinese input method types 、 for the / key: it works the same.
、全员看他 @张三
:meeting
/cohost add @Bob @Carol
/cohost remove @Bob
/meeting
# The meeting control card, drawn as a box; [1] is its first button:
# Spotlight, on the host's (your) own row.
/meeting panel
:press 1
/spotlight off
# Bob is no longer a co-host of your meeting: the bot refuses him.
:as Bob
/spotlight @Dave
# In a 1:1 chat with the bot, Bob controls his own meeting; a bare name works.
:dm
/spotlight Alice
:meeting
# Two organisations, one third-party app: :org restarts the sandbox that way
# (the meetings start afresh) and switches between them. Same people and chat
# ids in both, different meetings: a spotlight in one leaves the other alone.
:as me
:group
:org A
/spotlight @Alice
:org
/spotlight @Bob
:meeting both
# B's admin revokes meetbot: B's users are asked to have it (re)authorised.
:org revoke
/spotlight @Alice
LINES

cat "$transcript"

fail() {
  echo "demo: FAILED: $*" >&2
  exit 1
}

[ "$status" -eq 0 ] || fail "the sandbox exited with status $status (a message got no reply, or a control failed)"

expect() { # expect DESCRIPTION PATTERN: grep -E the transcript for PATTERN
  grep -qE -- "$2" "$transcript" || fail "$1 (no line matches: $2)"
}

expect "/help lists the commands" '/spotlight @user'
expect "/spotlight @Alice spotlights Alice" '^meetbot: @林伟 .*Alice'
expect "、全员看他 @张三 answers in Chinese" '^meetbot: @林伟 已设置全员看他：张三。$'
expect "the emulator shows 张三 spotlighted after 、全员看他" '^  spotlight: 张三$'
expect "the bot calls DingTalk's focus API" 'POST /v1.0/conference/videoConferences/[^/]+/focus'
expect "the bot calls DingTalk's co-host API" 'POST /v1.0/conference/videoConferences/[^/]+/coHosts/set'
expect "Bob is refused in your meeting" '^meetbot: @Bob Only the host or a co-host'
expect "/meeting panel delivers the control card" 'POST /v1.0/card/instances/createAndDeliver .* → 200'
expect "the card is drawn with numbered buttons" '^│ 林伟 · host  \[1\] Spotlight '
expect ":press 1 tells you alone what it did" '^meetbot \(only you\): 林伟 is now spotlighted\.$'
expect "the bot updates the card in place" 'PUT /v1.0/card/instances .* → 200'
expect "the redrawn card shows the new spotlight" '^│ Spotlight: 林伟 +│$'
expect ":org makes meetbot a third-party app; DingTalk pushes the suite ticket" '^  ↳ stream EVENT suite_ticket .* → acked$'
expect "each organisation's token is its own" 'POST /v1.0/oauth2/corpAccessToken \{"authCorpId":"dingacme".* → 200$'
expect "a spotlight in organisation A leaves B's meeting alone" '^  spotlight: Alice +│   spotlight: Bob$'
expect "a revoked organisation is asked to (re)authorise meetbot" '^meetbot: @林伟 meetbot must be \(re\)authorised'

# The last :meeting (up to the next line typed): your meeting has no
# spotlight and Carol as a new co-host (Bob removed again); Bob's meeting
# has Alice spotlighted.
final=$(awk '/^> /{ inblock = ($0 == "> :meeting"); if (inblock) block = ""; next }
  inblock { block = block $0 "\n" } END { printf "%s", block }' "$transcript")
grep -qE '^  spotlight: nobody$' <<<"$final" || fail "/spotlight off did not clear the spotlight of 周会 Weekly sync"
grep -qE '^  co-hosts:  Carol, 王五$' <<<"$final" || fail "co-hosts of 周会 Weekly sync are not Carol, 王五"
grep -A2 -E '^Design review' <<<"$final" | grep -qE '^  spotlight: Alice$' ||
  fail "Bob's /spotlight Alice in a 1:1 chat did not spotlight Alice in Design review 设计评审"

echo "demo: OK — every message got its reply and the emulator's meetings are as expected"
