#!/usr/bin/env bash
# Runs the whole test suite: unit tests, live tests against real redis-server processes on free
# loopback ports, and end-to-end tests of the real executables. Installs system packages if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
swift build --build-tests
# Serially: the live suites start real redis-servers, services and sockets, and on a 2-core
# machine running them all at once starves event loops for seconds (about a minute either way).
swift test --skip-build --no-parallel "$@"
# Then, for a whole-suite run (no test arguments), the wire module's fuzz target for 60 s (its
# sanitizer build is separate: Fuzz/.build-fuzz). Any crash fails the run.
# TILL_FUZZ_SECONDS sets the time; 0 skips it (e.g. for a quick local run).
fuzz_seconds=${TILL_FUZZ_SECONDS:-60}
if [ "$#" -eq 0 ] && [ "$fuzz_seconds" != 0 ]; then
    scripts/fuzz.sh "$fuzz_seconds"
fi
