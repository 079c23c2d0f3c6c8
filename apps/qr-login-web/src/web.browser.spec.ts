import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  DEFAULT_CONFIG,
  DEFAULT_RATE_LIMITS,
  listenMock,
  type MockConfig,
} from '@hypersender/mock-http';
import {
  seriousAccessibilityFindings,
  decodeQrCode,
  startPrism,
  type RunningProcess,
} from '@hypersender/test-support';
import { createWebServer, type WebOptions } from './web-server';

const CHROMIUM = '/usr/bin/chromium';
/** Test artefacts, not committed: a screenshot of every state at 375 and 1280 px wide. */
const SCREENSHOTS = resolve(__dirname, '../../../reports/screenshots');
const WEB_MAIN = resolve(__dirname, '../../../dist/apps/qr-login-web/main.js');
const { id: ID, token: TOKEN } = DEFAULT_CONFIG.seed.instances[0];

const describeInBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

async function listen(server: Server, port = 0): Promise<string> {
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
}

/** Serious and critical findings of axe-core, run in the page as it is now. */

describeInBrowser(
  `the login page in headless Chromium (skipped when ${CHROMIUM} is missing; .ci/run installs it)`,
  () => {
    let browser: Browser;
    let mock: NestFastifyApplication | undefined;
    let mockOrigin: string;
    let mockPort: number;
    let prism: RunningProcess & { origin: string };
    const servers: Server[] = [];

    const startTheMock = async (overrides: Partial<MockConfig> = {}, port = 0) => {
      ({ app: mock, origin: mockOrigin } = await listenMock({
        ...DEFAULT_CONFIG,
        port,
        clock: 'manual',
        rateLimits: { ...DEFAULT_RATE_LIMITS, getInstanceHealth: 100_000 },
        ...overrides,
      }));
      mockPort = Number(new URL(mockOrigin).port);
    };

    beforeAll(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
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
    afterEach(async () => {
      for (const server of servers.splice(0)) await close(server);
      await mock?.close();
      mock = undefined;
    });

    /** The web app's server on a free port (or `port`), and a fresh page on it. */
    async function openApp(
      options: Partial<WebOptions> = {},
      width = 1280,
      port = 0,
    ): Promise<{ page: Page; origin: string; server: Server }> {
      const server = createWebServer({
        baseUrl: `${mockOrigin}/api/whatsapp/v2`,
        token: TOKEN,
        instance: ID,
        healthIntervalSeconds: 0.2,
        linkedCheckSeconds: 0.2,
        rewatchAfterSeconds: 0.3,
        ...options,
      });
      servers.push(server);
      const origin = await listen(server, port);
      const page = await browser.newPage({ viewport: { width, height: width < 600 ? 740 : 800 } });
      await page.goto(origin);
      return { page, origin, server };
    }

    /** The state as a person sees it, at both widths, with no serious accessibility finding. */
    async function lookAt(page: Page, name: string): Promise<void> {
      expect(await seriousAccessibilityFindings(page)).toEqual([]);
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
        await page.screenshot({
          path: join(SCREENSHOTS, `qr-login-web-${name}-${width}.png`),
          fullPage: true,
        });
      }
    }

    const control = (path: string, body: unknown = {}) =>
      fetch(`${mockOrigin}/__mock${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const qrImage = (page: Page) =>
      page.getByRole('img', { name: 'QR code to scan with WhatsApp' });
    const shownQrText = async (page: Page) =>
      decodeQrCode(
        ((await qrImage(page).getAttribute('src')) as string).replace('data:image/png;base64,', ''),
      );
    const status = (page: Page) => page.locator('#status');
    const newCodeButton = (page: Page) => page.getByRole('button', { name: 'Get a new code' });

    it('shows a code at once, at its own pixel size, with steps, plain words and one countdown; linked, only the success', async () => {
      await startTheMock();
      const { page } = await openApp();
      await qrImage(page).waitFor({ state: 'visible' });
      await status(page).filter({ hasText: 'Waiting for you to scan' }).waitFor();
      const size = await qrImage(page).evaluate((image: HTMLImageElement) => [
        image.clientWidth,
        image.naturalWidth,
      ]);
      expect(size[0]).toBe(size[1]);
      expect(await page.getByRole('listitem').count()).toBe(4);
      const countdowns = await page.getByText(/\d+ s\b/).count();
      expect(countdowns).toBe(1);
      expect(await page.locator('[aria-live]').count()).toBe(1);
      await lookAt(page, 'qr');

      expect((await control('/scan', { qr: await shownQrText(page) })).status).toBe(200);
      await page.getByRole('status').filter({ hasText: 'Linked' }).waitFor();
      await status(page).filter({ hasText: 'Linked' }).waitFor();
      expect(await page.getByRole('list').isVisible()).toBe(false);
      expect(await newCodeButton(page).count()).toBe(0);
      expect(await page.getByText(/\d+ s\b/).count()).toBe(0);
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await page.content()).not.toContain(TOKEN);
      await lookAt(page, 'linked');
      await page.close();
    });

    it('after the phone unlinks, says so (also after a reload) and offers a new code', async () => {
      // The API's 1/min limit and the page's own spacing shortened together, to press the button.
      await startTheMock({ rateLimits: null });
      const { page } = await openApp({ qrIntervalSeconds: 1 });
      await qrImage(page).waitFor({ state: 'visible' });
      await control('/scan', { qr: await shownQrText(page) });
      await status(page).filter({ hasText: 'Linked' }).waitFor();
      await control(`/instances/${ID}/unlink`);
      await page.getByText('Your phone unlinked this device').first().waitFor();
      await page.reload();
      await page.getByText('Your phone unlinked this device').first().waitFor();
      expect(await status(page).textContent()).toBe('Not linked');
      await page.locator('#new-qr[aria-disabled="false"]').waitFor();
      await lookAt(page, 'unlinked');
      // Its name never changed; pressed, it goes, and the focus moves to the code it brought.
      expect(await newCodeButton(page).textContent()).toBe('Get a new code');
      await newCodeButton(page).focus();
      await page.keyboard.press('Enter');
      await qrImage(page).waitFor({ state: 'visible' });
      await page.locator('#frame:focus').waitFor();
      await status(page).filter({ hasText: 'Waiting for you to scan' }).waitFor();
      await page.close();
    });

    it('dims an expired code under a "Get a new code" action, enabled when the limit allows', async () => {
      await startTheMock();
      const { page } = await openApp({ qrLifetimeSeconds: 1 });
      await qrImage(page).waitFor({ state: 'visible' });
      await page.getByText('This code expired').waitFor();
      // The dimming is a short transition: wait for it to end, then read what shows.
      await qrImage(page).evaluate((image) =>
        Promise.race([
          new Promise((done) => image.addEventListener('transitionend', done, { once: true })),
          Promise.all(image.getAnimations().map((animation) => animation.finished)),
        ]),
      );
      const opacity = await qrImage(page).evaluate((image) =>
        Number(getComputedStyle(image).opacity),
      );
      expect(opacity).toBeLessThan(0.5);
      expect(await newCodeButton(page).isVisible()).toBe(true);
      expect(await newCodeButton(page).getAttribute('aria-disabled')).toBe('true');
      await page.getByText(/A new code is available in \d+ s/).waitFor();
      await lookAt(page, 'expired');
      await page.close();
    });

    it('clears the limit message when its countdown ends, and then shows a code by itself', async () => {
      await startTheMock({ rateLimitWindowMs: 1_500, clock: 'real' });
      await fetch(`${mockOrigin}/api/whatsapp/v2/${ID}/request-new-qr-code`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      const { page } = await openApp();
      await qrImage(page).waitFor({ state: 'visible', timeout: 10_000 });
      expect(await page.getByText(/Too many/).count()).toBe(0);
      await page.close();
    });

    it('says Hypersender is not answering while the mock is down, and recovers by itself', async () => {
      await startTheMock();
      const { page } = await openApp({ giveUpAfterSeconds: 1 });
      await qrImage(page).waitFor({ state: 'visible' });
      await mock?.close();
      mock = undefined;
      await page.getByText(/Hypersender is not answering, retrying in \d+ s/).waitFor();
      await status(page).filter({ hasText: 'Hypersender is not answering' }).waitFor();
      await lookAt(page, 'api-down');
      await startTheMock({}, mockPort);
      // A new mock on the same port: its instance starts STOPPED, which the page now reads.
      await status(page).filter({ hasText: 'Not connected' }).waitFor({ timeout: 15_000 });
      expect(await page.locator('#problem').isVisible()).toBe(false);
      await page.close();
    });

    it('says when its own server is gone, and carries on when it is back', async () => {
      await startTheMock();
      const { page, origin, server } = await openApp();
      await qrImage(page).waitFor({ state: 'visible' });
      await close(server);
      servers.splice(servers.indexOf(server), 1);
      await page
        .locator('#problem', { hasText: 'This page lost its connection to its server' })
        .waitFor();
      await lookAt(page, 'server-down');
      await openApp({}, 1280, Number(new URL(origin).port));
      await page.locator('#problem').waitFor({ state: 'hidden', timeout: 15_000 });
      await qrImage(page).waitFor({ state: 'visible' });
      await page.close();
    });

    it('explains a 401 in words', async () => {
      await startTheMock();
      const { page } = await openApp({ token: '9|wrong' });
      await page
        .getByText(/token was refused \(401\)/)
        .first()
        .waitFor();
      await lookAt(page, 'unauthorized');
      await page.close();
    });

    it("follows Prism's example status from the spec to Linked, and words its forced 404", async () => {
      const { page } = await openApp({ baseUrl: prism.origin, token: 'prism|any' });
      await status(page).filter({ hasText: 'Linked' }).waitFor();
      expect(await page.locator('#done').isVisible()).toBe(true);
      await page.close();
      const missing = await openApp({
        baseUrl: prism.origin,
        token: 'prism|any',
        headers: { Prefer: 'code=404' },
      });
      await missing.page.locator('#problem', { hasText: /does not exist \(404\)/ }).waitFor();
      await missing.page.close();
    });

    it('answers HEAD / and the favicon', async () => {
      await startTheMock();
      const { origin, page } = await openApp();
      expect((await fetch(origin, { method: 'HEAD' })).status).toBe(200);
      const icon = await fetch(`${origin}/favicon.ico`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toBe('image/svg+xml');
      await page.close();
    });
  },
);

describe('the web app command', () => {
  it('refuses a busy port in one line, exit code 2', async () => {
    const busy = createServer();
    const origin = await listen(busy);
    try {
      const run = spawnSync(
        process.execPath,
        [
          WEB_MAIN,
          '--token',
          TOKEN,
          '--instance',
          ID,
          '--base-url',
          'http://127.0.0.1:9/api',
          '--port',
          new URL(origin).port,
        ],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect(run.status).toBe(2);
      expect(run.stderr.trim()).toBe(
        `qr-login-web: cannot listen on 127.0.0.1:${new URL(origin).port}: the port is in use (EADDRINUSE); choose another with --port or QR_LOGIN_WEB_PORT`,
      );
    } finally {
      await close(busy);
    }
  });
});
