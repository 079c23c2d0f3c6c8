#!/usr/bin/env bash
# The packages as a user outside the monorepo meets them: build and `npm pack` the
# client, the mock and the contract runner, install the tarballs into an empty project
# in a temporary folder, and there use each one as its README says.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
version() { node -p "require('$root/node_modules/$1/package.json').version"; }
step() { echo "--- packages: $*"; }

step "build and pack"
npx nx run-many -t build -p api-client mock-server contract-runner --output-style=static --skip-nx-cache >/dev/null
for dir in libs/api-client dist/apps/mock-server dist/apps/contract-runner; do
  (cd "$root/$dir" && npm pack --pack-destination "$work" --silent >/dev/null)
done
ls -la "$work"/*.tgz | awk '{print "  " $5 " bytes  " $9}'

cd "$work"
mkdir project && cd project
npm init -y >/dev/null
cp "$root"/tools/packages/outside/* .
step "install the tarballs (and what a user's own tests use: jest, a QR decoder, TypeScript)"
npm install --no-audit --no-fund --silent --save-dev "$work"/*.tgz \
  "jest@$(version jest)" "jsqr@$(version jsqr)" "pngjs@$(version pngjs)" \
  "typescript@$(version typescript)" "@types/node@$(version @types/node)"
node -e "
const deps = require('./node_modules/@hypersender/mock/package.json').dependencies;
if (JSON.stringify(deps) !== JSON.stringify({ 'v8-compile-cache': '2.4.0' })) throw new Error('unexpected runtime dependencies: ' + JSON.stringify(deps));
if (require('./node_modules/@hypersender/contract/package.json').dependencies) throw new Error('the contract runner must bundle its dependencies');
"

step "the client from JavaScript and TypeScript"
node -e "
const { createHypersenderClient, qrCodeDataUri, RateLimitedError } = require('@hypersender/api-client');
const client = createHypersenderClient({ token: '1|t' });
if (typeof client.POST !== 'function' || typeof RateLimitedError !== 'function') process.exit(1);
if (qrCodeDataUri('iVBORw0KGgo=') !== 'data:image/png;base64,iVBORw0KGgo=') process.exit(1);
"
cat > use-client.ts <<'TS'
import { createHypersenderClient, type InstanceStatus } from '@hypersender/api-client';
const client = createHypersenderClient({ token: '1|t' });
export async function status(instance: string): Promise<InstanceStatus | undefined> {
  const { data } = await client.GET('/{instance}/health', { params: { path: { instance } } });
  return data?.status;
}
TS
npx tsc --strict --noEmit --skipLibCheck false --module commonjs --moduleResolution node10 --target es2022 --lib es2022,dom use-client.ts
step "the mock's and the runner's types, from ESM and CommonJS TypeScript"
npx tsc --strict --noEmit --skipLibCheck false --module nodenext --moduleResolution nodenext --target es2022 --lib es2022,esnext.disposable,dom --types node use-types.mts use-types.cts

step "the bin: --port 0, the banner's token answers, SIGTERM exits 0 (started from node_modules/.bin: npx does not pass SIGTERM on)"
./node_modules/.bin/hypersender-mock --port 0 > bin.log 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do grep -q 'listening on' bin.log && break; sleep 0.1; done
origin="$(sed -n 's/.*listening on \(http:\/\/[0-9.:]*\).*/\1/p' bin.log)"
token="$(sed -n 's/^  token  *\(.*\)$/\1/p' bin.log)"
instance="$(sed -n 's/^  instance  *\([0-9a-f-]*\).*/\1/p' bin.log)"
[ -n "$origin" ] || { cat bin.log; exit 1; }
status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Accept: application/json' "$origin/api/whatsapp/v2/$instance/health")"
[ "$status" = 200 ] || { echo "health answered $status"; cat bin.log; exit 1; }
kill -TERM "$mock_pid"
code=0; wait "$mock_pid" || code=$?
mock_pid=""
[ "$code" = 0 ] || { echo "the bin exited $code on SIGTERM"; cat bin.log; exit 1; }
echo "  $origin answered 200 with the printed token; SIGTERM: exit 0"

step "a user's node:test file (ESM) and jest file (CommonJS)"
node --test login.node-test.mjs
npx jest --ci login.jest.test.js

step "hypersender-contract against the bin, with a JUnit report"
./node_modules/.bin/hypersender-mock --port 0 --clock manual > bin.log 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do grep -q 'listening on' bin.log && break; sleep 0.1; done
origin="$(sed -n 's/.*listening on \(http:\/\/[0-9.:]*\).*/\1/p' bin.log)"
npx hypersender-contract --mock "$origin" --junit reports/contract.xml
grep -q 'tests="17" failures="0" skipped="1"' reports/contract.xml || { cat reports/contract.xml; exit 1; }
kill -TERM "$mock_pid"; wait "$mock_pid"; mock_pid=""
echo "packages: client, mock and contract runner install and work outside the monorepo"
cd "$work"

step "the PHP and Python recipes' shell steps (docs/recipes), as their CI runs them"
recipe="$work/recipe" && mkdir -p "$recipe" && cd "$recipe"
# shellcheck source=../../docs/recipes/hypersender-mock.sh
source "$root/docs/recipes/hypersender-mock.sh"
hypersender_mock_install "$(ls "$work"/hypersender-mock-*.tgz)"
hypersender_mock_start
mock_pid="$HYPERSENDER_MOCK_PID"
python3 "$root/docs/recipes/python/test_qr_login.py"
# QrLoginTest.php's requests, with curl (no PHP here).
auth=(-H "Authorization: Bearer $HYPERSENDER_TOKEN" -H 'Accept: application/json')
curl -fsS -X POST "$HYPERSENDER_MOCK_URL/__mock/reset" >/dev/null
curl -fsS -X POST "${auth[@]}" "$HYPERSENDER_BASE_URL/$HYPERSENDER_INSTANCE_ID/request-new-qr-code" | grep -q '"status":"SCAN_QR_CODE"'
curl -fsS -X POST "$HYPERSENDER_MOCK_URL/__mock/instances/$HYPERSENDER_INSTANCE_ID/scan" >/dev/null
curl -fsS "${auth[@]}" "$HYPERSENDER_BASE_URL/$HYPERSENDER_INSTANCE_ID/health" | grep -q '"status":"WORKING"'
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "${auth[@]}" "$HYPERSENDER_BASE_URL/$HYPERSENDER_INSTANCE_ID/request-new-qr-code")" = 429 ]
hypersender_mock_stop
mock_pid=""
echo "recipes: the shell steps start, wait for and stop the mock; the Python test and the PHP test's requests pass"
