#!/usr/bin/env bash
# Builds libs/api-client, packs it with `npm pack`, installs the tarball into an empty
# project outside the monorepo and uses it from JavaScript and from TypeScript.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

npx nx run api-client:build --output-style=static --skip-nx-cache
(cd "$root/libs/api-client" && npm pack --pack-destination "$work" --silent >/dev/null)
tarball="$(ls "$work"/*.tgz)"

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$tarball" "typescript@$(node -p "require('$root/node_modules/typescript/package.json').version")"
node -e "
const { createHypersenderClient, qrCodeDataUri, RateLimitedError } = require('@hypersender/api-client');
const client = createHypersenderClient({ token: '1|t' });
if (typeof client.POST !== 'function' || typeof RateLimitedError !== 'function') process.exit(1);
if (qrCodeDataUri('iVBORw0KGgo=') !== 'data:image/png;base64,iVBORw0KGgo=') process.exit(1);
"
cat > use.ts <<'TS'
import { createHypersenderClient, type InstanceStatus } from '@hypersender/api-client';
const client = createHypersenderClient({ token: '1|t' });
export async function status(instance: string): Promise<InstanceStatus | undefined> {
  const { data } = await client.GET('/{instance}/health', { params: { path: { instance } } });
  return data?.status;
}
TS
npx tsc --strict --noEmit --skipLibCheck false --module commonjs --moduleResolution node10 --target es2022 --lib es2022,dom use.ts
echo "api-client package: packs, installs, loads from JS, type-checks from TS"
