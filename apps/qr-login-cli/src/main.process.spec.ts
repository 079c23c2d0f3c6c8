import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DEFAULT_CONFIG,
  DEFAULT_RATE_LIMITS,
  listenMock,
  type MockConfig,
} from '@hypersender/mock-http';
import {
  decodeQrCode,
  decodeTerminalQr,
  startPrism,
  type RunningProcess,
} from '@hypersender/test-support';

const CLI = resolve(__dirname, '../../../dist/apps/qr-login-cli/main.js');
const { id: ID, token: TOKEN } = DEFAULT_CONFIG.seed.instances[0];

/** The CLI as a child process, its real output read as it comes. */
function runCli(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit').then(([code]) => code as number);
  const waitFor = async (pattern: RegExp, timeoutMs = 15_000) => {
    const started = Date.now();
    while (!pattern.test(stdout + stderr)) {
      if (Date.now() - started > timeoutMs)
        throw new Error(`no ${pattern} in:\n${stdout}\n${stderr}`);
      if (child.exitCode !== null)
        throw new Error(`exited ${child.exitCode} before ${pattern}:\n${stdout}\n${stderr}`);
      await new Promise((wait) => setTimeout(wait, 50));
    }
  };
  return { child, exited, waitFor, output: () => ({ stdout, stderr }) };
}

async function startMock(
  overrides: Partial<MockConfig> = {},
): Promise<{ app: NestFastifyApplication; origin: string }> {
  return listenMock({
    ...DEFAULT_CONFIG,
    port: 0,
    rateLimits: { ...DEFAULT_RATE_LIMITS, getInstanceHealth: 1000 },
    ...overrides,
  });
}

/** The options every run against a mock at `origin` takes, then the test's own. */
const mockArgs = (
  origin: string,
  healthInterval: string,
  timeout: string,
  extra: string[] = [],
) => [
  '--base-url',
  `${origin}/api/whatsapp/v2`,
  '--token',
  TOKEN,
  '--instance',
  ID,
  '--health-interval',
  healthInterval,
  '--timeout',
  timeout,
  ...extra,
];

const post = (url: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe("qr-login CLI on a bad day (the mock's fault rules)", () => {
  let mock: { app: NestFastifyApplication; origin: string };
  afterEach(async () => mock.app.close());
  const faults = (rule: unknown) => post(`${mock.origin}/__mock/faults`, rule);
  const cli = (extra: string[] = []) => runCli(mockArgs(mock.origin, '0.6', '30', extra));

  it('ends WORKING through a 502 on every third health call and a 2 s QR request, within the health limit', async () => {
    // Health's real limit, 10 per window, on a window scaled with the 0.6 s interval (6 s).
    mock = await startMock({
      clock: 'real',
      rateLimits: { ...DEFAULT_RATE_LIMITS },
      rateLimitWindowMs: 6_000,
    });
    await faults({
      match: { operation: 'getInstanceHealth' },
      status: 502,
      body: 'html',
      every: 3,
    });
    await faults({ match: { operation: 'requestNewQrCode' }, delay_ms: 2000 });
    const run = cli();
    await run.waitFor(
      /Hypersender is not answering at http:\/\/127\.0\.0\.1:\d+\/api\/whatsapp\/v2 \((HTTP 502|bad gateway)\), retrying in \d+ s/,
    );
    await run.waitFor(/Status: SCAN_QR_CODE/);
    expect((await post(`${mock.origin}/__mock/instances/${ID}/scan`)).status).toBe(200);
    expect(await run.exited).toBe(0);
    const journal = (await (
      await fetch(`${mock.origin}/__mock/requests?path=/health`)
    ).json()) as Array<{
      status: number;
      fault?: string;
    }>;
    expect(journal.some((entry) => entry.status === 502 && entry.fault === 'fault-1')).toBe(true);
    expect(journal.filter((entry) => entry.status === 429)).toEqual([]);
  });

  it('gives up on a permanent 503 with exit code 8, saying what and where', async () => {
    mock = await startMock({ clock: 'manual' });
    await faults({ match: { operation: 'getInstanceHealth' }, status: 503 });
    const run = cli(['--health-interval', '0.2', '--give-up-after', '1']);
    expect(await run.exited).toBe(8);
    expect(run.output().stderr).toMatch(
      new RegExp(
        `Hypersender is not answering \\(HTTP 503\\); gave up after \\d+ s\\. \\(${mock.origin.replace(/[.:/]/g, '\\$&')}`,
      ),
    );
  });
});

describe('qr-login CLI against the mock', () => {
  let mock: { app: NestFastifyApplication; origin: string };
  let args: (extra?: string[]) => string[];
  beforeEach(async () => {
    mock = await startMock({ clock: 'manual' });
    args = (extra = []) => mockArgs(mock.origin, '0.2', '20', extra);
  });
  afterEach(async () => mock.app.close());

  it('draws a QR a phone can read; scanning it ends WORKING with exit code 0', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cli-')), 'qr.png');
    const cli = runCli(args(['--out', out]));
    await cli.waitFor(/Status: SCAN_QR_CODE/);
    const shown = decodeTerminalQr(cli.output().stdout);
    expect(shown).toMatch(/^2@/);
    expect(decodeQrCode(readFileSync(out).toString('base64'))).toBe(shown);
    expect((await post(`${mock.origin}/__mock/scan`, { qr: shown })).status).toBe(200);
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toMatch(
      /Linked: the instance is WORKING \(connected at \d{4}-\d\d-\d\dT/,
    );
  });

  it('asks before a new QR when the shown one expires, and exits 7 when told no', async () => {
    const cli = runCli(args(['--qr-lifetime', '1']));
    await cli.waitFor(/Request a new one\? \[Y\/n\]/);
    cli.child.stdin.end('n\n');
    expect(await cli.exited).toBe(7);
    expect(cli.output().stderr).toContain('No new QR code requested.');
  });

  it('exits 5 with a clear message when the instance ends FAILED', async () => {
    const cli = runCli(args());
    await cli.waitFor(/Status: SCAN_QR_CODE/);
    await post(`${mock.origin}/__mock/instances/${ID}/fail`, { on: 'start' });
    await post(
      `${mock.origin}/api/whatsapp/v2/${ID}/restart`,
      {},
      { Authorization: `Bearer ${TOKEN}` },
    );
    await post(`${mock.origin}/__mock/clock/advance`, { seconds: 5 });
    expect(await cli.exited).toBe(5);
    expect(cli.output().stderr).toMatch(/Login failed: The instance is FAILED/);
  });

  it('exits 3 on a 401 and 4 on a 404, saying which', async () => {
    const unauthorized = runCli(args(['--token', '9|wrong']));
    expect(await unauthorized.exited).toBe(3);
    expect(unauthorized.output().stderr).toMatch(/Unauthenticated \(401\): check the token/);
    const unknown = runCli(args(['--instance', '00000000-0000-4000-8000-000000000000']));
    expect(await unknown.exited).toBe(4);
    expect(unknown.output().stderr).toMatch(/Unknown instance \(404\)/);
  });

  it('exits 2 with the usage on a missing option', async () => {
    const cli = runCli(['--base-url', 'http://127.0.0.1:1']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toMatch(
      /--token \(or HYPERSENDER_TOKEN\) is required[\s\S]*Exit codes/,
    );
  });
});

describe('qr-login CLI when nothing answers', () => {
  it('says what failed and where, exit 8', async () => {
    const gone = await startMock();
    await gone.app.close();
    const url = `${gone.origin}/api/whatsapp/v2`;
    const cli = runCli(['--base-url', url, '--token', TOKEN, '--instance', ID, '--timeout', '30']);
    expect(await cli.exited).toBe(8);
    expect(cli.output().stderr).toContain(`qr-login: cannot reach ${url}: ECONNREFUSED`);
  });
});

describe('qr-login CLI on a 429', () => {
  it('shows the countdown from Retry-After, then gets its QR', async () => {
    const mock = await startMock({ clock: 'real', rateLimitWindowMs: 3_000 });
    try {
      await post(
        `${mock.origin}/api/whatsapp/v2/${ID}/request-new-qr-code`,
        {},
        { Authorization: `Bearer ${TOKEN}` },
      );
      const cli = runCli([
        '--base-url',
        `${mock.origin}/api/whatsapp/v2`,
        '--token',
        TOKEN,
        '--instance',
        ID,
        '--timeout',
        '20',
      ]);
      await cli.waitFor(/Rate limited: a new QR code may be requested in [1-3] s/);
      await cli.waitFor(/Scan with WhatsApp on your phone/);
      cli.child.kill('SIGTERM');
      await cli.exited;
    } finally {
      await mock.app.close();
    }
  });
});

describe('qr-login CLI against Prism mocking the spec', () => {
  let prism: RunningProcess & { origin: string };
  beforeAll(async () => (prism = await startPrism('mock')));
  afterAll(async () => prism.stop());
  const prismArgs = (extra: string[] = []) => [
    '--base-url',
    prism.origin,
    '--token',
    'prism|any',
    '--instance',
    ID,
    '--health-interval',
    '0.2',
    ...extra,
  ];

  it("renders the spec's example QR and follows the example status to WORKING", async () => {
    const cli = runCli(prismArgs());
    expect(await cli.exited).toBe(0);
    expect(decodeTerminalQr(cli.output().stdout)).toMatch(/^2@/);
    expect(cli.output().stdout).toContain('Linked: the instance is WORKING');
  });

  it('reads a forced 404 as an unknown instance', async () => {
    const cli = runCli(prismArgs(['--header', 'Prefer: code=404']));
    expect(await cli.exited).toBe(4);
  });

  it('shows the countdown of a forced 429 (Retry-After: 60), and times out', async () => {
    const cli = runCli(prismArgs(['--header', 'Prefer: code=429', '--timeout', '2']));
    expect(await cli.exited).toBe(6);
    expect(cli.output().stdout).toMatch(/a new QR code may be requested in (60|59) s/);
    expect(cli.output().stderr).toContain('Timed out after 2 s');
    // In a log (not a terminal) the countdown is not a line a second.
    const countdownLines = cli
      .output()
      .stdout.split('\n')
      .filter((line) => /in \d+ s/.test(line));
    expect(countdownLines.length).toBeLessThanOrEqual(2);
  });
});
