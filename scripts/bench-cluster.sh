#!/usr/bin/env bash
# Checkouts/s of the whole stack on one Redis vs on a local 3-master, 3-replica Redis Cluster,
# measured back to back in one run with the same closed-loop load (issue #10's "0.6×" number).
#
#   for p in till till-load till-inventory till-payments till-shipping till-orchestrator till-gateway-sim; do
#     swift build -c release --scratch-path .build-release --static-swift-stdlib --product $p; done
#   scripts/bench-cluster.sh            # BIN, DURATION (20s), CONCURRENCY (64), WARMUP (5s), SKUS (100)
#
# Shipping's carrier latency is 0 so Redis and the services, not a sleep, set the pace. Prints a
# Markdown table; the JSON results stay in the work folder it names.
set -euo pipefail

BIN=${BIN:-.build-release/release}
DURATION=${DURATION:-20s}
CONCURRENCY=${CONCURRENCY:-64}
WARMUP=${WARMUP:-5s}
SKUS=${SKUS:-100}
WORK=$(mktemp -d /tmp/till-bench-cluster.XXXXXX)
export TILL_CARRIER_LATENCY_MS=0
unset TILL_REDIS_URL

PORTS=()
PIDS=()
STACKS=()
cleanup() {
    for stack in "${STACKS[@]}"; do "$BIN/till" down --dir "$stack" >/dev/null 2>&1 || true; done
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# Six cluster nodes on ports whose bus port (+10000) is free too.
while [ ${#PORTS[@]} -lt 6 ]; do
    port=$((20000 + RANDOM % 10000))
    if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/$((port + 10000))) 2>/dev/null \
        && [[ ! " ${PORTS[*]} " =~ " $port " ]]; then
        PORTS+=("$port")
    fi
done
for port in "${PORTS[@]}"; do
    mkdir -p "$WORK/redis-$port"
    redis-server --port "$port" --bind 127.0.0.1 --dir "$WORK/redis-$port" --cluster-enabled yes \
        --cluster-config-file nodes.conf --cluster-node-timeout 1000 --appendonly yes --appendfsync everysec \
        --save "" --daemonize no --logfile "$WORK/redis-$port/redis.log" &
    PIDS+=("$!")
done
for port in "${PORTS[@]}"; do
    until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${PORTS[@]}") --cluster-replicas 1 --cluster-yes >"$WORK/create.log"
for port in "${PORTS[@]}"; do
    until redis-cli -p "$port" cluster info | grep -q cluster_state:ok; do sleep 0.1; done
done
CLUSTER_URL="redis-cluster://$(printf '127.0.0.1:%s,' "${PORTS[@]}" | sed 's/,$//')"

# One stack per Redis: warm up, measure, stop.
measure() {
    local label=$1
    shift
    local dir="$WORK/$label"
    STACKS+=("$dir")
    "$BIN/till" up --detach --dir "$dir" --bin-dir "$BIN" --readiness-timeout 120 "$@" >"$WORK/$label-up.log"
    "$BIN/till-load" --stack-env "$dir/stack.env" --duration "$WARMUP" --concurrency "$CONCURRENCY" --skus "$SKUS" \
        --no-audit --out "$WORK/$label-warmup.json" >"$WORK/$label-warmup.log" 2>&1
    "$BIN/till-load" --stack-env "$dir/stack.env" --duration "$DURATION" --concurrency "$CONCURRENCY" --skus "$SKUS" \
        --out "$WORK/$label.json" >"$WORK/$label.log" 2>&1 || echo "$label: till-load failed, see $WORK/$label.log" >&2
    "$BIN/till" down --dir "$dir" >/dev/null
}
measure single
measure cluster --redis-url "$CLUSTER_URL"

python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
rows = {}
for label in ("single", "cluster"):
    with open(f"{work}/{label}.json") as f:
        r = json.load(f)
    p = {x["percentile"]: round(x["us"] / 1000, 1) for x in r["latency"]["percentiles"]}
    rows[label] = (r["achieved_rate"], r["succeeded"], r["failed"], p.get(50), p.get(99))
print("| Redis | checkouts/s | succeeded | failed | p50 ms | p99 ms |")
print("|---|---|---|---|---|---|")
for label, (rate, ok, failed, p50, p99) in rows.items():
    print(f"| {label} | {rate:.1f} | {ok} | {failed} | {p50} | {p99} |")
print(f"\ncluster / single = {rows['cluster'][0] / rows['single'][0]:.2f}×   (work folder: {work})")
PY
