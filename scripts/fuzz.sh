#!/usr/bin/env bash
# Builds the wire module's libFuzzer target (Fuzz/, with -sanitize=fuzzer,address) and fuzzes the
# frame decoder, JSON envelope and handshake for a bounded time (issue 9, "Hostile input").
#
#   scripts/fuzz.sh [seconds]        default 60; exit status ≠ 0 on any crash, trap, ASan report or leak
#   scripts/fuzz.sh --build-only     builds and replays the seed corpus once
#
# The committed seeds (Fuzz/corpus/wire) are read, never written: new inputs go to
# Fuzz/.build-fuzz/corpus, crash reproducers to Fuzz/.build-fuzz/crashes (both ignored by git).
# Reproduce a crash: Fuzz/.build-fuzz/debug/till-wire-fuzz <reproducer>
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
build_only=false
case "${1:-}" in
    "") ;;
    --build-only) build_only=true ;;
    *[!0-9]*) echo "usage: $0 [seconds | --build-only]" >&2; exit 64 ;;
    *) seconds=$1 ;;
esac

scratch=Fuzz/.build-fuzz
# SwiftPM does not notice that the root manifest (a path dependency of Fuzz/) changed and would build
# TillWire with a stale plan (e.g. without a new dependency); a newer Fuzz/Package.swift makes it
# load the package graph again.
if [ -f "$scratch/debug.yaml" ] && [ Package.swift -nt "$scratch/debug.yaml" ]; then
    touch Fuzz/Package.swift
fi
# -Xswiftc instruments every Swift module of the target (TillWire, TillCrypto, NIO, …) for coverage
# and ASan; the fuzz target's own manifest adds the same flags and links libFuzzer's main.
swift build --package-path Fuzz --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address --product till-wire-fuzz
fuzzer=$(swift build --package-path Fuzz --scratch-path "$scratch" --show-bin-path)/till-wire-fuzz

work_corpus=$scratch/corpus
crashes=$scratch/crashes
mkdir -p "$work_corpus" "$crashes"

if $build_only; then
    exec "$fuzzer" -runs=0 -rss_limit_mb=2048 -timeout=10 Fuzz/corpus/wire
fi

# -timeout: one input taking 10 s is a hang (the harness is single-threaded and never sleeps).
# -rss_limit_mb: the server must not buffer without bound; 2 GiB means something does.
# -max_len: a few frames of max_frame (4 KiB in the harness) and then some.
status=0
"$fuzzer" "$work_corpus" Fuzz/corpus/wire \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -artifact_prefix="$crashes/" -print_final_stats=1 || status=$?

if [ "$status" -ne 0 ]; then
    echo "fuzz: till-wire-fuzz failed (exit $status); reproducers in $crashes:" >&2
    ls -l "$crashes" >&2
    exit "$status"
fi
