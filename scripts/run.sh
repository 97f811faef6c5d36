#!/usr/bin/env bash
# The main job: installs what is missing, builds Till in release, starts the whole stack on local
# processes (its own redis-server, every service on free loopback ports, generated secrets),
# pings every service over the wire protocol, shows their status, and stops everything.
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
"$bin/till" status
"$bin/till" down
