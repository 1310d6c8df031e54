#!/usr/bin/env bash
# Starts a local three-master Redis Cluster on 127.0.0.1:7000-7002 for the
# tests (MEETBOT_TEST_REDIS_CLUSTER=redis+cluster://127.0.0.1:7000,...),
# installing redis-server if it is missing. Idempotent: a cluster already
# answering there with cluster_state:ok is left alone, and nodes already
# running are reused. The nodes keep their files in DIR and run until
# killed (their pids are in DIR/redis-PORT.pid).
#
# Usage: scripts/redis-cluster.sh [DIR]    (default: $TMPDIR/meetbot-redis-cluster)
set -euo pipefail

ports=(7000 7001 7002)
dir=${1:-${TMPDIR:-/tmp}/meetbot-redis-cluster}

say() { echo "redis-cluster: $*"; }
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
info() { redis-cli -h 127.0.0.1 -p "$1" cluster info 2>/dev/null | tr -d '\r'; }
state_ok() {
  local p
  for p in "${ports[@]}"; do info "$p" | grep -qx 'cluster_state:ok' || return 1; done
}
wait_for() { # seconds, what, command...
  local tries=$(($1 * 5)) what=$2
  shift 2
  for _ in $(seq "$tries"); do "$@" && return 0; sleep 0.2; done
  say "gave up waiting for $what" >&2
  return 1
}

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  say "installing redis-server"
  apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
fi

if state_ok; then
  say "already running on ports ${ports[*]}"
  exit 0
fi

mkdir -p "$dir"
for p in "${ports[@]}"; do
  if up "$p"; then
    redis-cli -h 127.0.0.1 -p "$p" info cluster 2>/dev/null | tr -d '\r' | grep -qx 'cluster_enabled:1' || {
      say "port $p answers but is not a cluster-enabled Redis" >&2
      exit 1
    }
    continue
  fi
  redis-server --bind 127.0.0.1 --port "$p" --cluster-enabled yes \
    --cluster-config-file "$dir/nodes-$p.conf" --dir "$dir" --save "" --appendonly no \
    --daemonize yes --pidfile "$dir/redis-$p.pid" --logfile "$dir/redis-$p.log"
done
for p in "${ports[@]}"; do wait_for 10 "Redis on port $p" up "$p"; done

# Nodes restarted from their files rejoin by themselves: give them a moment.
has_slots() { info "${ports[0]}" | grep -q '^cluster_slots_assigned:[1-9]'; }
if ! { has_slots && wait_for 10 "the cluster to form again" state_ok; }; then
  # Fresh or half-formed: empty every node and create the cluster anew.
  for p in "${ports[@]}"; do
    redis-cli -h 127.0.0.1 -p "$p" flushall >/dev/null
    redis-cli -h 127.0.0.1 -p "$p" cluster reset hard >/dev/null
  done
  say "creating the cluster"
  redis-cli --cluster create $(printf '127.0.0.1:%s ' "${ports[@]}") \
    --cluster-replicas 0 --cluster-yes >"$dir/create.log" ||
    { cat "$dir/create.log" >&2; exit 1; }
fi
wait_for 30 "cluster_state:ok" state_ok
say "running on ports ${ports[*]}"
