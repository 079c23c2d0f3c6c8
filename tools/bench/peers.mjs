// The peers a user would weigh against the mock, installed on demand into
// node_modules/.cache (pinned versions; not in the workspace's dependencies, so `npm ci`
// stays lean) and configured for the same work: health and request-new-qr-code for the
// same instances, with bodies of the mock's size.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PEER_VERSIONS = { wiremock: '3.13.2', '@mockoon/cli': '9.9.0' };

/** Installs the peers once; answers each one's bin, or why it cannot run here. */
export function installPeers(root) {
  const dir = join(root, 'node_modules/.cache/hypersender-bench-peers');
  const bin = (name) => join(dir, 'node_modules/.bin', name);
  const peers = {};
  if (!existsSync(bin('wiremock')) || !existsSync(bin('mockoon-cli'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    const specs = Object.entries(PEER_VERSIONS).map(([name, version]) => `${name}@${version}`);
    const install = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--save-exact', ...specs],
      { cwd: dir, encoding: 'utf8' },
    );
    if (install.status !== 0) {
      const reason = `npm install failed: ${(install.stderr || install.stdout).trim().split('\n').at(-1)}`;
      return { wiremock: { reason }, mockoon: { reason } };
    }
  }
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  peers.wiremock = java.error
    ? { reason: 'no Java (Debian: apt-get install openjdk-17-jre-headless)' }
    : { bin: bin('wiremock') };
  peers.mockoon = existsSync(bin('mockoon-cli'))
    ? { bin: bin('mockoon-cli') }
    : { reason: 'mockoon-cli missing after install' };
  return peers;
}

/**
 * WireMock as a user fakes the login: one scenario per instance. Health answers the
 * instance STOPPED until its QR is requested, then SCAN_QR_CODE; request-new-qr-code
 * answers the QR body and moves the scenario. 3 stubs per instance.
 */
export function wiremockRoot(dir, ids, bodies) {
  mkdirSync(join(dir, 'mappings'), { recursive: true });
  mkdirSync(join(dir, '__files'), { recursive: true });
  const stubs = ids.flatMap((id) => {
    const scenario = `login-${id}`;
    const path = `/api/whatsapp/v2/${id}`;
    const json = { 'Content-Type': 'application/json; charset=utf-8' };
    return [
      {
        scenarioName: scenario,
        requiredScenarioState: 'Started',
        request: { method: 'GET', url: `${path}/health` },
        response: {
          status: 200,
          headers: json,
          body: bodies.health.replace('SCAN_QR_CODE', 'STOPPED'),
        },
      },
      {
        scenarioName: scenario,
        request: { method: 'POST', url: `${path}/request-new-qr-code` },
        response: { status: 200, headers: json, body: bodies.qr },
        newScenarioState: 'SCAN_QR_CODE',
      },
      {
        scenarioName: scenario,
        requiredScenarioState: 'SCAN_QR_CODE',
        request: { method: 'GET', url: `${path}/health` },
        response: { status: 200, headers: json, body: bodies.health },
      },
    ];
  });
  writeFileSync(join(dir, 'mappings/login.json'), JSON.stringify({ mappings: stubs }));
  return dir;
}

/**
 * Mockoon from the spec (its own `import` of openapi/hypersender.yaml), kept to the two
 * routes, each answering the mock's body (static: templating off, its fastest setting).
 * Mockoon's rules could branch on a data bucket to fake status moves; not configured.
 */
export function mockoonEnvironment(mockoonBin, spec, file, bodies) {
  execFileSync(mockoonBin, ['import', '--input', spec, '--output', file], { encoding: 'utf8' });
  const environment = JSON.parse(readFileSync(file, 'utf8'));
  const keep = {
    ':instance/health': bodies.health,
    ':instance/request-new-qr-code': bodies.qr,
  };
  environment.routes = environment.routes
    .filter((route) => route.endpoint in keep)
    .map((route) => ({
      ...route,
      responses: [
        {
          ...route.responses.find((response) => response.default),
          body: keep[route.endpoint],
          headers: [{ key: 'Content-Type', value: 'application/json; charset=utf-8' }],
          disableTemplating: true,
        },
      ],
    }));
  const kept = new Set(environment.routes.map((route) => route.uuid));
  environment.rootChildren = environment.rootChildren.filter(
    (child) => child.type !== 'route' || kept.has(child.uuid),
  );
  writeFileSync(file, JSON.stringify(environment));
  return file;
}
