import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createHypersenderClient, RateLimitedError, unwrap } from '@hypersender/api-client';
import { DEFAULT_CONFIG } from '@hypersender/mock-http';
import {
  seriousAccessibilityFindings,
  decodeQrCode,
  startProcess,
  WORKSPACE_ROOT,
} from '@hypersender/test-support';

/**
 * The mock's dashboard as its user meets it: the built bin as a process, the page in
 * Debian's Chromium, the public API called with the generated client.
 */
const CHROMIUM = '/usr/bin/chromium';
const MAIN = join(WORKSPACE_ROOT, 'dist/apps/mock-server/main.js');
const SCREENSHOTS = resolve(WORKSPACE_ROOT, 'reports/screenshots');
const { id: ID, token: TOKEN, name: NAME } = DEFAULT_CONFIG.seed.instances[0];
const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

type Mock = Awaited<ReturnType<typeof startProcess>> & { origin: string };

async function startMock(...extra: string[]): Promise<Mock> {
  const mock = await startProcess(
    process.execPath,
    [MAIN, '--port', '0', '--clock', 'manual', ...extra],
    LISTENING,
  );
  return { ...mock, origin: mock.match[1] };
}

const describeInBrowser = existsSync(CHROMIUM) ? describe : describe.skip;
// A browser, a process and screenshots at two widths: seconds, more on a busy machine.
jest.setTimeout(60_000);

describeInBrowser(
  `the dashboard in headless Chromium (skipped when ${CHROMIUM} is missing)`,
  () => {
    let browser: Browser;
    let mock: Mock | undefined;

    beforeAll(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
    }, 60_000);
    afterAll(async () => browser?.close());
    afterEach(async () => {
      await mock?.stop();
      mock = undefined;
    });

    const open = async (origin: string, width = 1280) => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(origin, { waitUntil: 'domcontentloaded' });
      return page;
    };
    const shoot = async (page: Page, section: string, name: string) => {
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page
          .locator(section)
          .screenshot({ path: join(SCREENSHOTS, `dashboard-${name}-${width}.png`) });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    };
    const row = (page: Page, text: string) => page.locator('#instance-rows tr', { hasText: text });

    it('lists the seed, shows a QR the public API issued, scans it, shows the 429 and lifts it with the clock', async () => {
      mock = await startMock();
      const client = createHypersenderClient({
        baseUrl: `${mock.origin}/api/whatsapp/v2`,
        token: TOKEN,
      });
      const page = await open(mock.origin);
      expect(new URL(page.url()).pathname).toBe('/__mock/ui/');
      await row(page, NAME).waitFor();
      expect(await row(page, NAME).locator('.badge').textContent()).toBe('STOPPED');
      expect(await page.content()).not.toContain(TOKEN);

      await page.getByRole('button', { name: `Open ${NAME}` }).click();
      await page.locator('#detail-no-qr').waitFor();
      unwrap(
        await client.POST('/{instance}/request-new-qr-code', {
          params: { path: { instance: ID } },
        }),
      );
      // The page hears the change (server-sent events) and shows the QR without a reload.
      const image = page.getByRole('img', { name: "The instance's current QR code" });
      await image.waitFor({ state: 'visible' });
      await page.waitForFunction(
        () => (document.getElementById('detail-qr') as HTMLImageElement).complete,
      );
      const shown = decodeQrCode((await image.screenshot()).toString('base64'));
      const current = (await (await fetch(`${mock.origin}/__mock/instances/${ID}`)).json()) as {
        qr: { text: string };
      };
      expect(shown).toBe(current.qr.text);
      await shoot(page, '#instances', 'instances');
      await shoot(page, '#detail', 'instance');
      expect(await seriousAccessibilityFindings(page)).toEqual([]);

      await page.getByRole('button', { name: 'Scan', exact: true }).click();
      await row(page, NAME).locator('.badge', { hasText: 'WORKING' }).waitFor();
      const health = unwrap(
        await client.GET('/{instance}/health', { params: { path: { instance: ID } } }),
      );
      expect(health.status).toBe('WORKING');

      const again = await client.POST('/{instance}/request-new-qr-code', {
        params: { path: { instance: ID } },
      });
      expect(() => unwrap(again)).toThrow(RateLimitedError);
      const qrLimit = page.locator('#limit-rows tr', { hasText: 'requestNewQrCode' });
      await qrLimit.filter({ hasText: '429 until it resets' }).waitFor();
      expect(await qrLimit.textContent()).toMatch(/60 s/);
      await page.getByRole('button', { name: '+60 s' }).click();
      await qrLimit.filter({ hasNotText: '429' }).waitFor();
      unwrap(
        await client.POST('/{instance}/request-new-qr-code', {
          params: { path: { instance: ID } },
        }),
      );

      const journal = page.locator('#request-rows tr');
      await journal.filter({ hasText: '429' }).first().waitFor();
      expect(await journal.count()).toBeGreaterThanOrEqual(4);
      await page.getByLabel('Status', { exact: true }).last().fill('429');
      await journal.filter({ hasText: '200' }).first().waitFor({ state: 'detached' });
      expect(await journal.count()).toBe(1);
      await journal.getByRole('button', { name: 'Details' }).click();
      await page.getByText('Authorization: Bearer [redacted]').waitFor();
      await shoot(page, '#requests', 'journal');
      await page.close();
    });

    it('creating with a bad phone shows the API message beside the field; all by keyboard, accessible', async () => {
      mock = await startMock();
      const page = await open(`${mock.origin}/__mock/ui/`);
      await row(page, NAME).waitFor();
      expect(await seriousAccessibilityFindings(page)).toEqual([]);
      // Keyboard only: Tab to the form, fill it, submit with Enter.
      await page.locator('#create summary').focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Front desk');
      await page.keyboard.press('Tab');
      await page.keyboard.type('not a phone');
      await page.keyboard.press('Enter');
      const error = page.locator('#error-phone');
      await error.filter({ hasText: /phone/i }).waitFor();
      expect(await page.locator('input[name="phone"]').getAttribute('aria-invalid')).toBe('true');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(
        'phone',
      );
      // Then open the seeded instance and scan it, still by keyboard.
      await page.getByRole('button', { name: `Open ${NAME}` }).focus();
      await page.keyboard.press('Enter');
      await page.locator('#detail-title:focus').waitFor();
      expect(await seriousAccessibilityFindings(page)).toEqual([]);
      await page.close();
    });

    it('beyond loopback: the control API wants the token (401 without), and the page asks for it', async () => {
      mock = await startMock('--host', '0.0.0.0');
      const tokenLine = await mock.waitFor(/control token (\S+)/);
      const controlToken = tokenLine[1];
      expect((await fetch(`${mock.origin}/__mock/instances`)).status).toBe(401);
      expect(
        (
          await fetch(`${mock.origin}/__mock/instances`, {
            headers: { Authorization: `Bearer ${controlToken}` },
          })
        ).status,
      ).toBe(200);
      // The public API is unaffected.
      expect(
        (
          await fetch(`${mock.origin}/api/whatsapp/v2/${ID}/health`, {
            headers: { Authorization: `Bearer ${TOKEN}` },
          })
        ).status,
      ).toBe(200);
      const page = await open(`${mock.origin}/__mock/ui/`);
      const field = page.getByLabel('Control token');
      await field.waitFor();
      expect(await seriousAccessibilityFindings(page)).toEqual([]);
      await field.fill('wrong-token');
      await page.keyboard.press('Enter');
      await page.getByText('That token was refused.').waitFor();
      await field.fill(controlToken);
      await page.keyboard.press('Enter');
      await row(page, NAME).waitFor();
      // Its QR image is fetched with the token: the token never sits in the page.
      await fetch(`${mock.origin}/api/whatsapp/v2/${ID}/request-new-qr-code`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      await page.getByRole('button', { name: `Open ${NAME}` }).click();
      const image = page.getByRole('img', { name: "The instance's current QR code" });
      await image.waitFor({ state: 'visible' });
      await page.waitForFunction(() => {
        const shown = document.getElementById('detail-qr') as HTMLImageElement;
        return shown.complete && shown.naturalWidth > 0;
      });
      expect(decodeQrCode((await image.screenshot()).toString('base64'))).toMatch(/^2@/);
      expect(await page.content()).not.toContain(controlToken);
      await page.close();
    });
  },
);
