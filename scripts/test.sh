#!/usr/bin/env bash
# Runs every check of the project: formatting, vet, the race-enabled test
# suite (unit, API and end-to-end tests of the real binary, the harness
# commands searchd-bench and searchd-eval, and the extractor's F1
# regression guard: searchd-eval --json on the gold sets against
# testdata/gold/f1-floor.json), and a short run of every fuzz target
# (FUZZTIME, default 10s each), the web UI's unit tests (node --test) and its
# browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './web/e2e/*'))
if [ -n "$unformatted" ]; then
	echo "not gofmt'ed:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test -race"
go test -race -count=1 ./...

echo "== fuzz targets, ${FUZZTIME:=10s} each"
for pkg in $(go list ./...); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "-- $pkg $target"
		go test -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" "$pkg" | tail -1
	done
done

echo "== UI unit tests (node --test web/unit/)"
if command -v node >/dev/null; then
	node --test web/unit/
else
	echo "skipped: node is not installed"
fi

if [ -x scripts/e2e.sh ] && [ "${SEARCHD_SKIP_E2E:-}" != 1 ]; then
	echo "== browser end-to-end tests"
	scripts/e2e.sh
fi
echo "all checks passed"
