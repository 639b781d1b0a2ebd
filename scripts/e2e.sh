#!/usr/bin/env bash
# Browser end-to-end tests of the web UI: builds the daemon, starts it on a
# free loopback port with a temporary index and testdata/ loaded, then runs
# web/e2e/ in headless Chromium (Debian's chromium package, driven by
# playwright-core; no browser is downloaded). Screenshots are written to
# web/e2e/screenshots/. The daemon is always stopped at the end.
#
# Environment: CHROMIUM_PATH (default /usr/bin/chromium),
# SEARCHD_E2E_KEEP=1 keeps the temporary directory for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
	echo "e2e: no Chromium at $chromium (apt-get install chromium, or set CHROMIUM_PATH)" >&2
	exit 1
fi
for tool in node npm go; do
	command -v "$tool" >/dev/null || { echo "e2e: $tool is required" >&2; exit 1; }
done

# ready URL: exits 0 when URL/readyz answers 200 (node, as curl may be absent).
ready() {
	node --no-warnings -e 'fetch(process.argv[1] + "/readyz").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/searchd-e2e.XXXXXX")
pid=""
cleanup() {
	status=$?
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	if [ "$status" -ne 0 ] && [ -f "$tmp/daemon.log" ]; then
		echo "--- daemon log (last 40 lines)" >&2
		tail -n 40 "$tmp/daemon.log" >&2 || true
	fi
	if [ "${SEARCHD_E2E_KEEP:-}" = 1 ]; then echo "e2e: kept $tmp" >&2; else rm -rf "$tmp"; fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "e2e: building the daemon"
go build -o "$tmp/searchd" ./cmd/searchd

echo "e2e: starting it on a loopback port"
SEARCHD_HTTP_ADDR=127.0.0.1:0 \
	SEARCHD_INDEX_PATH="$tmp/index" \
	SEARCHD_INGEST_LOAD_TESTDATA=true \
	"$tmp/searchd" serve >"$tmp/daemon.log" 2>&1 &
pid=$!

url=""
for _ in $(seq 150); do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "e2e: the daemon exited during start-up" >&2
		exit 1
	fi
	if [ -z "$url" ]; then
		url=$(sed -n 's/.*msg=listening addr=\(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$tmp/daemon.log" | head -n 1)
	fi
	if [ -n "$url" ] && ready "$url"; then
		break
	fi
	sleep 0.2
done
if [ -z "$url" ] || ! ready "$url"; then
	echo "e2e: the daemon did not become ready within 30 s" >&2
	exit 1
fi
echo "e2e: daemon ready at $url"

cd "$root/web/e2e"
# Offline-friendly: use the npm cache first; install only what the lockfile pins.
npm ci --prefer-offline --no-audit --no-fund --loglevel=error

echo "e2e: running the browser tests"
SEARCHD_URL="$url" CHROMIUM_PATH="$chromium" node --test ui.test.js views.test.js saved.test.js
echo "e2e: screenshots in web/e2e/screenshots/"
