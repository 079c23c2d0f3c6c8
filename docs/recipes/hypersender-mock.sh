#!/usr/bin/env bash
# Start, wait for and stop @hypersender/mock in a CI job of any stack (PHP, Python, ...).
# Source it, then:
#   hypersender_mock_install [package-or-tarball]   # into ./.hypersender-mock (needs Node 20)
#   hypersender_mock_start [flags...]                # in the background; waits until it answers
#   hypersender_mock_stop                            # SIGTERM, waits for exit 0
# After start: HYPERSENDER_MOCK_URL, HYPERSENDER_BASE_URL, HYPERSENDER_TOKEN and
# HYPERSENDER_INSTANCE_ID are exported for the tests.

HYPERSENDER_MOCK_DIR="${HYPERSENDER_MOCK_DIR:-$PWD/.hypersender-mock}"

hypersender_mock_install() {
  mkdir -p "$HYPERSENDER_MOCK_DIR"
  npm install --prefix "$HYPERSENDER_MOCK_DIR" --no-save --no-audit --no-fund --silent \
    "${1:-@hypersender/mock}"
}

hypersender_mock_start() {
  local log="$HYPERSENDER_MOCK_DIR/mock.log"
  # The bin itself, not npx: SIGTERM must reach the mock, and npx does not pass it on.
  "$HYPERSENDER_MOCK_DIR/node_modules/.bin/hypersender-mock" --port 0 --clock manual "$@" >"$log" 2>&1 &
  HYPERSENDER_MOCK_PID=$!
  for _ in $(seq 1 100); do
    grep -q 'listening on' "$log" && break
    kill -0 "$HYPERSENDER_MOCK_PID" 2>/dev/null || { cat "$log"; return 1; }
    sleep 0.1
  done
  HYPERSENDER_MOCK_URL="$(sed -n 's/.*listening on \(http:\/\/[^ ]*\).*/\1/p' "$log")"
  curl -fsS --retry 20 --retry-connrefused --retry-delay 0 "$HYPERSENDER_MOCK_URL/__mock/health" >/dev/null
  export HYPERSENDER_MOCK_URL HYPERSENDER_MOCK_PID
  export HYPERSENDER_BASE_URL="$HYPERSENDER_MOCK_URL/api/whatsapp/v2"
  export HYPERSENDER_TOKEN="$(sed -n 's/^  token  *//p' "$log")"
  export HYPERSENDER_INSTANCE_ID="$(sed -n 's/^  instance  *\([0-9a-f-]*\).*/\1/p' "$log")"
  echo "hypersender-mock: $HYPERSENDER_MOCK_URL (instance $HYPERSENDER_INSTANCE_ID)"
}

hypersender_mock_stop() {
  [ -n "${HYPERSENDER_MOCK_PID:-}" ] || return 0
  kill -TERM "$HYPERSENDER_MOCK_PID"
  wait "$HYPERSENDER_MOCK_PID"
}
