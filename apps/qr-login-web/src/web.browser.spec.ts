import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_CONFIG, DEFAULT_RATE_LIMITS, listenMock } from '@hypersender/mock-http';
import { decodeQrCode, startPrism, type RunningProcess } from '@hypersender/test-support';
import { createWebServer, type WebOptions } from './web-server';

const CHROMIUM = '/usr/bin/chromium';
/** Test artefacts, not committed: the screenshots named in the README. */
const SCREENSHOTS = resolve(__dirname, '../../../reports/screenshots');
const { id: ID, token: TOKEN } = DEFAULT_CONFIG.seed.instances[0];

const describeInBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
}

describeInBrowser(
  `the web app in headless Chromium (skipped when ${CHROMIUM} is missing; .ci/run installs it)`,
  () => {
    let browser: Browser;
    let mock: NestFastifyApplication;
    let mockOrigin: string;
    let prism: RunningProcess & { origin: string };
    const servers: Server[] = [];

    beforeAll(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      prism = await startPrism('mock');
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await prism?.stop();
    });
    beforeEach(async () => {
      ({ app: mock, origin: mockOrigin } = await listenMock({
        ...DEFAULT_CONFIG,
        port: 0,
        clock: 'manual',
        rateLimits: { ...DEFAULT_RATE_LIMITS, getInstanceHealth: 1000 },
      }));
    });
    afterEach(async () => {
      for (const server of servers.splice(0)) await close(server);
      await mock.close();
    });

    /** The web app's server on a free port, and a fresh page on it that records every response body. */
    async function openApp(
      options: Partial<WebOptions> = {},
    ): Promise<{ page: Page; bodies: string[] }> {
      const server = createWebServer({
        baseUrl: `${mockOrigin}/api/whatsapp/v2`,
        token: TOKEN,
        instance: ID,
        healthIntervalSeconds: 0.2,
        ...options,
      });
      servers.push(server);
      const origin = await listen(server);
      const page = await browser.newPage({ viewport: { width: 640, height: 760 } });
      const bodies: string[] = [];
      page.on('response', (response) => {
        if (!response.url().endsWith('/api/events'))
          void response.text().then(
            (body) => bodies.push(body),
            () => undefined,
          );
      });
      await page.goto(origin);
      return { page, bodies };
    }

    const control = (path: string, body: unknown = {}) =>
      fetch(`${mockOrigin}/__mock${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('shows the QR with a countdown, and WORKING once it is scanned (screenshots of both)', async () => {
      const { page, bodies } = await openApp();
      await page.getByRole('button', { name: 'New QR code' }).click();
      const image = page.getByRole('img', { name: 'QR code to scan with WhatsApp' });
      await image.waitFor({ state: 'visible' });
      const src = (await image.getAttribute('src')) as string;
      expect(src).toMatch(/^data:image\/png;base64,/);
      await page.locator('#new-qr:disabled').waitFor();
      await page.locator('#cooldown', { hasText: /may be requested in \d+ s/ }).waitFor();
      await page.locator('#expiry', { hasText: /expires in \d+ s/ }).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'qr-login-web-qr.png') });

      const text = decodeQrCode(src.replace('data:image/png;base64,', ''));
      expect((await control('/scan', { qr: text })).status).toBe(200);
      await page.locator('#status', { hasText: 'WORKING' }).waitFor();
      await page.getByRole('alert').filter({ hasText: 'Linked' }).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'qr-login-web-working.png') });

      expect(await page.content()).not.toContain(TOKEN);
      for (const body of bodies) expect(body).not.toContain(TOKEN);
      await page.close();
    });

    it('shows the countdown when the API answers 429', async () => {
      await fetch(`${mockOrigin}/api/whatsapp/v2/${ID}/request-new-qr-code`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      const { page } = await openApp();
      await page.getByRole('button', { name: 'New QR code' }).click();
      const button = page.getByRole('button', { name: /New QR code \(in \d+ s\)/ });
      await button.waitFor();
      expect(await button.isDisabled()).toBe(true);
      expect(await page.getByRole('alert').allTextContents()).toContainEqual(
        expect.stringContaining('Too many QR requests'),
      );
      await page.close();
    });

    it('says when the QR has expired', async () => {
      const { page } = await openApp({ qrLifetimeSeconds: 1 });
      await page.getByRole('button', { name: 'New QR code' }).click();
      const expiry = page.locator('#expiry', { hasText: 'This QR code has expired' });
      await expiry.waitFor();
      expect(await expiry.isVisible()).toBe(true);
      await page.close();
    });

    it('says when the instance ends FAILED', async () => {
      const { page } = await openApp();
      await page.getByRole('button', { name: 'New QR code' }).click();
      await page.getByRole('img').waitFor({ state: 'visible' });
      await control(`/instances/${ID}/fail`, { on: 'start' });
      await fetch(`${mockOrigin}/api/whatsapp/v2/${ID}/restart`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      await control('/clock/advance', { seconds: 5 });
      await page.locator('#status', { hasText: 'FAILED' }).waitFor();
      expect(await page.locator('#status').textContent()).toContain('FAILED');
      expect(await page.getByRole('alert').allTextContents()).toContainEqual(
        expect.stringContaining('Linking failed'),
      );
      await page.close();
    });

    it('says Hypersender is not answering while health fails, then carries on', async () => {
      await control('/faults', {
        match: { operation: 'getInstanceHealth' },
        status: 503,
        times: 3,
      });
      const { page } = await openApp();
      const message = page.locator('#message', {
        hasText: 'Hypersender is not answering, retrying in',
      });
      await message.waitFor();
      expect(await message.textContent()).toMatch(/retrying in \d+ s/);
      await page.locator('#status', { hasText: 'STOPPED' }).waitFor();
      expect(await page.locator('#message').textContent()).toBe('');
      await page.close();
    });

    it('explains a 401', async () => {
      const { page } = await openApp({ token: '9|wrong' });
      const alert = page.getByRole('alert').filter({ hasText: '401 Unauthenticated' });
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/401 Unauthenticated/);
      await page.close();
    });

    it("renders Prism's example QR and status from the spec", async () => {
      const { page } = await openApp({ baseUrl: prism.origin, token: 'prism|any' });
      await page.locator('#status', { hasText: 'WORKING' }).waitFor();
      expect(await page.locator('#status').textContent()).toContain('WORKING');
      const answer = await page.evaluate(async () =>
        (await fetch('/api/qr', { method: 'POST' })).json(),
      );
      expect(answer).toEqual({ ok: true, secondsUntilNewQr: 60 });
      await page.waitForFunction(() =>
        (document.getElementById('qr') as HTMLImageElement).src.startsWith('data:'),
      );
      const src = (await page.locator('#qr').getAttribute('src')) as string;
      expect(decodeQrCode(src.replace('data:image/png;base64,', ''))).toMatch(/^2@/);
      await page.close();
    });

    it('renders forced 429 (countdown) and 404 (message) from Prism', async () => {
      const limited = await openApp({
        baseUrl: prism.origin,
        token: 'prism|any',
        headers: { Prefer: 'code=429' },
      });
      await limited.page.getByRole('button', { name: 'New QR code' }).click();
      const countdown = limited.page.getByRole('button', { name: /New QR code \(in (60|59) s\)/ });
      await countdown.waitFor();
      expect(await countdown.isDisabled()).toBe(true);
      await limited.page.close();
      const missing = await openApp({
        baseUrl: prism.origin,
        token: 'prism|any',
        headers: { Prefer: 'code=404' },
      });
      const notFound = missing.page.getByRole('alert').filter({ hasText: 'does not exist (404)' });
      await notFound.waitFor();
      expect(await notFound.textContent()).toMatch(/does not exist \(404\)/);
      await missing.page.close();
    });
  },
);
