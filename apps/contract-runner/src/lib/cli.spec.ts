import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEFAULT_CONFIG, listenMock } from '@hypersender/mock-http';
import { freePort } from '@hypersender/test-support';
import { EXIT, runContractCli } from './cli';

const { id: ID, token: TOKEN } = DEFAULT_CONFIG.seed.instances[0];
/** The mock's origin is known only once it listens: tables hold this placeholder. */
const ORIGIN = '{origin}';

describe('hypersender-contract', () => {
  let app: NestFastifyApplication;
  let origin: string;
  beforeAll(async () => {
    ({ app, origin } = await listenMock({ ...DEFAULT_CONFIG, port: 0, clock: 'manual' }));
  });
  afterAll(() => app.close());

  async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
    const lines: string[] = [];
    const code = await runContractCli(argv, env, (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  }

  it('runs every case a mock can show with --mock alone, and writes JUnit', async () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'contract-')), 'reports/junit.xml');
    const { code, output } = await run(['--mock', origin, '--junit', junit]);
    expect(output).toMatch(/passed {2}the whole login/);
    expect(output).toMatch(/skipped forced 401.*the target lacks forced-responses/);
    expect(output).toMatch(/16 passed, 0 failed, 1 skipped/);
    expect(code).toBe(EXIT.passed);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(
      /<testsuites name="Hypersender contract" tests="17" failures="0" skipped="1"/,
    );
    expect(xml).toContain('<skipped message="the target lacks forced-responses"/>');
  });

  it('runs only the read-only cases without capabilities (as against the real API), from the environment', async () => {
    const { code, output } = await run([], {
      CONTRACT_BASE_URL: `${origin}/api/whatsapp/v2`,
      CONTRACT_TOKEN: TOKEN,
      CONTRACT_INSTANCE_ID: ID,
    });
    expect(code).toBe(EXIT.passed);
    expect(output).toMatch(/passed {2}health answers the instance status/);
    expect(output).toMatch(/skipped the whole login.*lacks state, phone, writes/);
  });

  it('exits 1 and reports the failure when the target breaks the contract', async () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'contract-')), 'junit.xml');
    const { code, output } = await run([
      '--base-url',
      `${origin}/api/whatsapp/v2`,
      '--token',
      TOKEN,
      '--instance',
      '00000000-0000-4000-8000-000000000001',
      '--junit',
      junit,
    ]);
    expect(code).toBe(EXIT.failed);
    expect(output).toMatch(/FAILED {2}health answers the instance status: /);
    expect(readFileSync(junit, 'utf8')).toMatch(/<failure message="[^"]+">/);
  });

  it.each([
    [['--token', 't'], /missing --base-url, --instance \(or --mock <origin>\)/],
    [['--mock', ORIGIN, '--capabilities', 'state,teleport'], /unknown capability teleport/],
    [['--bogus'], /Unknown option '--bogus'/],
    [
      [
        '--base-url',
        'http://127.0.0.1:1/api/whatsapp/v2',
        '--token',
        't',
        '--instance',
        'i',
        '--capabilities',
        'phone',
      ],
      /phone need a control URL/,
    ],
  ])('exits 2 on %j, saying why', async (argv, message) => {
    const { code, output } = await run(argv.map((arg) => arg.replace('{origin}', origin)));
    expect(code).toBe(EXIT.usage);
    expect(output).toMatch(message);
  });

  it('exits 2 when the mock given is not answering', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const { code, output } = await run(['--mock', closed]);
    expect(code).toBe(EXIT.usage);
    expect(output).toContain(`--mock ${closed}: not answering (connect ECONNREFUSED`);
  });
});
