#!/usr/bin/env bash
# The main job: installs what is missing, builds Till in release, starts the whole stack on local
# processes (its own redis-server, the gateway simulator, every service on free loopback ports,
# generated secrets), runs `till demo` (the seven checkout scenarios, each checked) and stops
# everything, also when the demo fails (then the exit status is 1).
# `scripts/run.sh --keep` leaves the stack running in the foreground until Ctrl-C instead.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# A static Swift runtime maps only the pages it uses: idle RSS ~28 MiB instead of ~33 MiB.
# Only the shipped executables: the test-only worker links Swift Testing, which a release
# build does not offer.
for product in till till-inventory till-payments till-shipping till-orchestrator till-gateway-sim till-load; do
    swift build -c release --static-swift-stdlib --product "$product"
done
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"

if [ "${1:-}" = "--keep" ]; then
    exec "$bin/till" up
fi
"$bin/till" up --detach
# From here on the stack is ours: stop it however the script ends (a failed demo, Ctrl-C).
trap '"$bin/till" down' EXIT
"$bin/till" status
"$bin/till" demo
