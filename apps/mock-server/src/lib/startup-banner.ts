import type { MockConfig } from '@hypersender/mock-http';
import { describeRedisUrl } from '@hypersender/mock-store-redis';

/** The store and workers, when they are not the defaults (the password never shown). */
function sharing(config: MockConfig): string {
  if (config.store === 'memory') return '';
  const workers = config.workers > 1 ? `, workers: ${config.workers}` : '';
  return `, store: ${describeRedisUrl(config.store)}${workers}`;
}

/** What the mock prints once it listens: where it is, the seeded instance and token, a curl to copy. */
export function startupBanner(config: MockConfig, origin: string): string {
  const api = `${origin}/api/whatsapp/v2`;
  const lines = [
    `Hypersender mock listening on ${origin} (clock: ${config.clock}, seed: ${config.seedSource}, rate limits: ${config.rateLimits ? 'on' : 'off'}${sharing(config)})`,
    `  public API   ${api}`,
    `  control API  ${origin}/__mock   (see openapi/mock-control.yaml)`,
    `  dashboard    ${origin}/__mock/ui/`,
  ];
  if (config.controlToken !== null)
    lines.push(
      `  control token ${config.controlToken}   (the control API and the dashboard require it: Authorization: Bearer <token>)`,
    );
  const first = config.seed.instances[0];
  if (first) {
    const auth = `-H 'Authorization: Bearer ${first.token}' -H 'Accept: application/json'`;
    lines.push(
      `  instance     ${first.id}  (${first.name}, ${first.status})`,
      `  token        ${first.token}`,
      '',
      'Request a QR code (1 per minute), save it as a PNG, scan it as a phone would, read the status:',
      `  curl -s -X POST ${auth} ${api}/${first.id}/request-new-qr-code | node -e "process.stdout.write(Buffer.from(JSON.parse(require('fs').readFileSync(0,'utf8')).qr_code,'base64'))" > qr.png`,
      `  curl -s -X POST ${origin}/__mock/instances/${first.id}/scan`,
      `  curl -s ${auth} ${api}/${first.id}/health`,
    );
  }
  return lines.join('\n');
}
