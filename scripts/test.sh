#!/usr/bin/env bash
# Runs the whole test suite: unit tests, live tests against real redis-server processes on free
# loopback ports, and end-to-end tests of the real executables. Installs system packages if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
swift build --build-tests
swift test --skip-build "$@"
