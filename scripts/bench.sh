#!/usr/bin/env bash
# Benchmarks searchd against raw Bleve in one run (see internal/bench):
# builds the daemon and searchd-bench, generates N synthetic articles,
# ingests them through the daemon's HTTP bulk endpoint and through Bleve's
# batch API, and runs the mixed faceted query set single-client and with
# 8 clients.
#
#   scripts/bench.sh [-n 100000] [--data ../shared/data] [--json] [--keep] ...
#
# Flags go to searchd-bench; `scripts/bench.sh -h` lists them. Without
# --data the shared data folder is looked for at ../shared/data from the
# repository.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/searchd" ./cmd/searchd
go build -o "$bin/searchd-bench" ./cmd/searchd-bench
"$bin/searchd-bench" --searchd "$bin/searchd" "$@"
