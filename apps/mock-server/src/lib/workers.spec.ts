import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_SEED } from '@hypersender/mock-engine';
import { startProcess, startRedis, WORKSPACE_ROOT } from '@hypersender/test-support';

/**
 * `hypersender-mock --workers 2 --store redis://…` as a team runs it: the built bin,
 * a real redis-server per test, loopback and free ports only, everything stopped after.
 */
const MAIN = join(WORKSPACE_ROOT, 'dist/apps/mock-server/main.js');
const { token: TOKEN, id: ID } = DEFAULT_SEED.instances[0];
const auth = { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' };
const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

type Redis = Awaited<ReturnType<typeof startRedis>>;
type Mock = Awaited<ReturnType<typeof startProcess>> & { origin: string };

async function startMock(redis: Redis, ...extra: string[]): Promise<Mock> {
  const args = [MAIN, '--port', '0', '--workers', '2', '--store', redis.url, ...extra];
  const mock = await startProcess(process.execPath, args, LISTENING);
  return { ...mock, origin: mock.match[1] };
}

const api = (mock: Mock, path: string, init: RequestInit = {}) =>
  fetch(`${mock.origin}/api/whatsapp/v2${path}`, {
    ...init,
    headers: { ...auth, ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
  });
const control = (mock: Mock, path: string, body?: unknown) =>
  fetch(`${mock.origin}/__mock${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** How many of `count` concurrent requests got each status. */
async function statuses(count: number, send: (i: number) => Promise<Response>) {
  const responses = await Promise.all(Array.from({ length: count }, (_, i) => send(i)));
  const tally: Record<number, number> = {};
  for (const response of responses) {
    tally[response.status] = (tally[response.status] ?? 0) + 1;
    await response.arrayBuffer();
  }
  return tally;
}

describe('hypersender-mock --workers 2 on one Redis', () => {
  let redis: Redis | undefined;
  let mock: Mock | undefined;

  afterEach(async () => {
    await mock?.stop();
    await redis?.stop();
    mock = undefined;
    redis = undefined;
  });

  it('refuses to start, exit 2 and one clear line, when Redis is not there', async () => {
    redis = await startRedis();
    await redis.stop();
    const run = spawnSync(
      process.execPath,
      [MAIN, '--port', '0', '--workers', '2', '--store', redis.url],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      `hypersender-mock: cannot reach Redis at ${redis.url}: connect ECONNREFUSED 127.0.0.1:${redis.port}`,
    );
    redis = undefined;
  });

  it('200 concurrent QR requests for one instance: exactly one 200; health lets 10 through, create 5', async () => {
    redis = await startRedis();
    mock = await startMock(redis);
    expect(
      await statuses(200, () =>
        api(mock as Mock, `/${ID}/request-new-qr-code`, { method: 'POST' }),
      ),
    ).toEqual({ 200: 1, 429: 199 });
    expect(await statuses(200, () => api(mock as Mock, `/${ID}/health`))).toEqual({
      200: 10,
      429: 190,
    });
    expect(
      await statuses(200, (i) =>
        api(mock as Mock, '/create-instance', {
          method: 'POST',
          body: JSON.stringify({ name: `Line ${i}`, phone: '+14155550123' }),
        }),
      ),
    ).toEqual({ 200: 5, 429: 195 });
    const instances = (await (await control(mock, '/instances')).json()) as unknown[];
    expect(instances).toHaveLength(6);
  });

  it('a worker killed under load: the other answers, a new one starts, nothing is lost', async () => {
    redis = await startRedis();
    mock = await startMock(redis, '--health-limit', '1000000');
    await api(mock, `/${ID}/request-new-qr-code`, { method: 'POST' });
    const workers = spawnSync('pgrep', ['-P', String(mock.child.pid)], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .map(Number);
    expect(workers).toHaveLength(2);
    // One client sends health after health; after the kill has been seen and a new
    // worker started, it stops at 50 more answers.
    let killSeen = false;
    let answersAfterKill = 0;
    const seen: Record<string, number> = {};
    const load = (async () => {
      while (answersAfterKill < 50) {
        // A connection handed to the worker as it died is never answered: give up on it.
        const status = await api(mock as Mock, `/${ID}/health`, {
          signal: AbortSignal.timeout(2_000),
        }).then(
          async (response) => {
            await response.arrayBuffer();
            return String(response.status);
          },
          () => 'connection lost',
        );
        seen[status] = (seen[status] ?? 0) + 1;
        if (killSeen && status === '200') answersAfterKill += 1;
      }
    })();
    process.kill(workers[0], 'SIGKILL');
    await mock.waitFor(/worker \d+ stopped \(SIGKILL\): starting another/);
    killSeen = true;
    await load;
    expect(
      Object.keys(seen).filter((status) => status !== '200' && status !== 'connection lost'),
    ).toEqual([]);
    expect(seen['200']).toBeGreaterThanOrEqual(50);
    const health = (await (await api(mock, `/${ID}/health`)).json()) as { status: string };
    expect(health.status).toBe('SCAN_QR_CODE');
  });

  it('restarted on the same Redis: instances, statuses, a still-valid QR, the clock and the counters are as they were', async () => {
    redis = await startRedis();
    mock = await startMock(redis, '--clock', 'manual');
    const created = (await (
      await api(mock, '/create-instance', {
        method: 'POST',
        body: JSON.stringify({ name: 'Kept', phone: '+14155550124' }),
      })
    ).json()) as { uuid: string };
    const issued = (await (
      await api(mock, `/${ID}/request-new-qr-code`, { method: 'POST' })
    ).json()) as { qr_code: string };
    await control(mock, '/clock/advance', { seconds: 10 });
    const qrText = (
      (await (await control(mock, `/instances/${ID}`)).json()) as { qr: { text: string } }
    ).qr.text;
    await mock.stop();

    mock = await startMock(redis, '--clock', 'manual');
    const clock = (await (await control(mock, '/clock')).json()) as { iso: string };
    expect(clock.iso).toBe('2025-05-26T10:12:55.000Z');
    expect((await api(mock, `/${ID}/request-new-qr-code`, { method: 'POST' })).status).toBe(429);
    const again = (await (await api(mock, `/${ID}/health`)).json()) as { status: string };
    expect(again.status).toBe('SCAN_QR_CODE');
    const list = (await (await api(mock, '/instances')).json()) as Array<{ uuid: string }>;
    expect(list.map((instance) => instance.uuid)).toContain(created.uuid);
    expect(issued.qr_code).toMatch(/^iVBOR/);
    const scanned = await control(mock, '/scan', { qr: qrText });
    expect(scanned.status).toBe(200);
    expect(((await (await api(mock, `/${ID}/health`)).json()) as { status: string }).status).toBe(
      'WORKING',
    );
  });

  it('Redis stopped under load: 503s in the API shape, no crash; Redis back: 200s again', async () => {
    redis = await startRedis();
    mock = await startMock(redis, '--health-limit', '1000000');
    expect((await api(mock, `/${ID}/health`)).status).toBe(200);
    const port = redis.port;
    await redis.stop();
    const down = await api(mock, `/${ID}/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ message: 'Service Unavailable.' });
    expect(await statuses(50, () => api(mock as Mock, `/${ID}/health`))).toEqual({ 503: 50 });
    expect(mock.child.exitCode).toBeNull();
    redis = await startRedis(port);
    // Each worker says when Redis is back (and loads the seed into the empty Redis).
    await mock.waitFor(/is back[\s\S]*is back/);
    // The seed is loaded just after the news: a few requests may still come before it.
    let status = 0;
    for (let attempt = 0; attempt < 1_000 && status !== 200; attempt++) {
      const response = await api(mock, `/${ID}/health`);
      status = response.status;
      await response.arrayBuffer();
    }
    expect(status).toBe(200);
  });
});
