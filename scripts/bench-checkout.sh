#!/usr/bin/env bash
# Issue #6's numbers: full-stack checkouts/s closed loop at 64 in flight, and p99 at an open-loop
# rate of half the 800/s target, each on a fresh `till up` stack (Redis, simulator and the four
# services on this machine, zero simulated latency), plus the CPU each process spent per checkout.
#
#   for p in till till-load till-inventory till-payments till-shipping till-orchestrator till-gateway-sim; do
#     swift build -c release --scratch-path .build-release --static-swift-stdlib --product $p; done
#   scripts/bench-checkout.sh      # BIN, RUNS (3), DURATION (20s), WARMUP (5s), CONCURRENCY (64), RATE (400), SKUS (100)
#
# Needs python3 (it reads stack.json and the services' /metrics).
#
# A fresh stack per run keeps Redis' AOF rewrite (at 256 MB, see docs/BENCHMARKS.md) out of the
# measured window. Prints three lines per run (throughput; latency and audit; CPU and Redis
# commands per checkout); till-load's JSON and HTML reports stay in the work folder it names.
set -euo pipefail

BIN=${BIN:-.build-release/release}
RUNS=${RUNS:-3}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONCURRENCY=${CONCURRENCY:-64}
RATE=${RATE:-400}
SKUS=${SKUS:-100}
WORK=$(mktemp -d /tmp/till-bench-checkout.XXXXXX)
export TILL_CARRIER_LATENCY_MS=0
unset TILL_REDIS_URL

STACK=""
cleanup() { [ -n "$STACK" ] && "$BIN/till" down --dir "$STACK" >/dev/null 2>&1 || true; }
trap cleanup EXIT

# "name ticks" for every process of the stack in $1 (clock ticks of user + system CPU), and
# "redis-commands N": the services' till_redis_commands_total, summed.
cpu_ticks() {
    python3 - "$1/stack.json" <<'EOF'
import json, sys, urllib.request
commands = 0
for p in json.load(open(sys.argv[1]))["processes"]:
    try:
        fields = open(f"/proc/{p['process']['pid']}/stat").read().rsplit(")", 1)[1].split()
        print(p["name"], int(fields[11]) + int(fields[12]))
    except (OSError, KeyError):
        pass
    for port in p.get("ports", []):
        if port["purpose"] != "admin":
            continue
        metrics = urllib.request.urlopen(f"http://{port['host']}:{port['port']}/metrics", timeout=5).read().decode()
        commands += sum(float(l.split()[-1]) for l in metrics.splitlines() if l.startswith("till_redis_commands_total"))
print("redis-commands", int(commands))
EOF
}

# One fresh stack: load it, print the headline line, stop it. Sets $STACK while it runs.
run() {
    local label=$1
    shift
    STACK="$WORK/$label"
    "$BIN/till" up --dir "$STACK" --detach >"$WORK/$label.up.log" 2>&1
    "$BIN/till-load" --stack-env "$STACK/stack.env" --skus "$SKUS" --warmup "$WARMUP" --duration "$DURATION" \
        --out "$WORK/$label.json" "$@" >"$WORK/$label.txt" 2>&1 &
    local load=$!
    # CPU is counted over the measured window only: from the end of the warm-up to the audit.
    until grep -q "^0s\|^5s\|^1s" "$WORK/$label.txt" 2>/dev/null || ! kill -0 $load 2>/dev/null; do sleep 0.05; done
    cpu_ticks "$STACK" >"$WORK/$label.cpu0"
    until grep -q "auditing" "$WORK/$label.txt" 2>/dev/null || ! kill -0 $load 2>/dev/null; do sleep 0.05; done
    cpu_ticks "$STACK" >"$WORK/$label.cpu1"
    wait $load || true
    "$BIN/till" down --dir "$STACK" >/dev/null 2>&1 || true
    STACK=""
    echo "$label: $(grep -E '^sent' "$WORK/$label.txt")"
    echo "$label: $(grep -E '^latency' "$WORK/$label.txt")  audit $(grep -q 'audit: passed' "$WORK/$label.txt" && echo passed || echo FAILED)"
    local sent
    sent=$(grep -E '^sent' "$WORK/$label.txt" | awk '{print $2}')
    echo "$label: CPU µs per checkout: $(join <(sort "$WORK/$label.cpu0") <(sort "$WORK/$label.cpu1") |
        awk -v n="$sent" -v hz="$(getconf CLK_TCK)" '$1 == "redis-commands" {c = ($3 - $2) / n; next}
            {d = ($3 - $2) * 1000000 / hz / n; t += d; printf "%s %d, ", $1, d} END {printf "all %d; Redis commands sent per checkout %.1f", t, c}')"
}

echo "machine: nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg), work folder $WORK"
for i in $(seq 1 "$RUNS"); do
    run "closed$i" --concurrency "$CONCURRENCY"
    run "open$i" --rate "$RATE"
done
