import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEFAULT_CONFIG, listenMock } from '@hypersender/mock-http';
import { decodeTerminalQr } from '@hypersender/test-support';

/**
 * The terminal app as a person meets it: in a real terminal (tmux) of 80x24, its
 * screen read back as tmux shows it. Needs tmux (Debian: apt-get install tmux).
 */
const CLI = resolve(__dirname, '../../../dist/apps/qr-login-cli/main.js');
const { id: ID, token: TOKEN } = DEFAULT_CONFIG.seed.instances[0];
const hasTmux = !spawnSync('tmux', ['-V']).error;
const SOCKET = `qr-login-test-${process.pid}`;
const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });

/** The screen now, one string per row (24 of them). */
const screen = () => tmux('capture-pane', '-p', '-t', 'app');

/** Reads the screen until `test` holds (the app draws as it goes; tmux has no event for it). */
async function screenWhere(test: (text: string) => boolean, what: string): Promise<string> {
  for (let tries = 0; tries < 400; tries++) {
    const text = screen();
    if (test(text)) return text;
    await new Promise((next) => setTimeout(next, 50));
  }
  throw new Error(`the screen never showed ${what}:\n${screen()}`);
}

const suite = hasTmux
  ? describe
  : (name: string, body: () => void) => describe.skip(`${name} (skipped: no tmux here)`, body);

suite('qr-login in an 80x24 terminal', () => {
  let mock: { app: NestFastifyApplication; origin: string };

  beforeEach(async () => {
    mock = await listenMock({ ...DEFAULT_CONFIG, port: 0, clock: 'manual' });
  });
  afterEach(async () => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    await mock.app.close();
  });

  it('holds the whole QR on screen (quiet zone included), decodable; linked, the QR goes away', async () => {
    const command = [
      process.execPath,
      CLI,
      '--base-url',
      `${mock.origin}/api/whatsapp/v2`,
      '--token',
      `'${TOKEN}'`,
      '--instance',
      ID,
      '--health-interval',
      '0.2',
      '--timeout',
      '20',
    ].join(' ');
    tmux('new-session', '-d', '-s', 'app', '-x', '80', '-y', '24', `${command}; sleep 30`);
    const shown = await screenWhere(
      (text) => decodeTerminalQr(text) !== undefined && /Status: SCAN_QR_CODE/.test(text),
      'a readable QR and its status',
    );
    const rows = shown.trimEnd().split('\n');
    expect(rows.length).toBeLessThanOrEqual(24);
    expect(rows[0]).toContain('Settings > Linked Devices > Link a device');
    const qr = decodeTerminalQr(shown) as string;
    expect(qr).toMatch(/^2@/);

    const scanned = await fetch(`${mock.origin}/__mock/scan`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ qr }),
    });
    expect(scanned.status).toBe(200);
    const linked = await screenWhere(
      (text) => /Linked: the instance is WORKING/.test(text),
      'Linked',
    );
    expect(decodeTerminalQr(linked)).toBeUndefined();
    expect(linked).not.toMatch(/[\u{1FB00}-\u{1FB3B}▀▄]/u);
  });

  it('says how big the window must be when the QR cannot fit', async () => {
    const command = `${process.execPath} ${CLI} --base-url ${mock.origin}/api/whatsapp/v2 --token '${TOKEN}' --instance ${ID} --timeout 20`;
    tmux('new-session', '-d', '-s', 'app', '-x', '40', '-y', '12', `${command}; sleep 30`);
    const text = await screenWhere(
      (now) => /too small/.test(now.replace(/\n/g, ' ')),
      'the size it needs',
    );
    expect(text.replace(/\n/g, ' ').replace(/\s+/g, ' ')).toMatch(
      /This window \(40x12\) is too small for the QR code: make it at least \d+x\d+, or run again with --out qr\.png/,
    );
  });
});
