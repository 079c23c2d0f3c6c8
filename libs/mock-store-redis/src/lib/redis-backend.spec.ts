import {
  DEFAULT_SEED,
  DomainError,
  ManualClock,
  MockEngine,
  StoreUnavailableError,
  type MockBackend,
} from '@hypersender/mock-engine';
import { freePort, startRedis } from '@hypersender/test-support';
import { connectRedisBackend, describeRedisUrl } from './redis-backend';

const OWNER = DEFAULT_SEED.instances[0].token;
const ID = DEFAULT_SEED.instances[0].id;

describe('the Redis backend, on a real redis-server', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  const opened: MockBackend[] = [];
  const connect = async (prefix = 'test:', commandTimeoutMs = 1_000) => {
    const backend = await connectRedisBackend({ url: redis.url, prefix, commandTimeoutMs });
    opened.push(backend);
    return backend;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((backend) => backend.close()));
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('two engines on two connections: the seed is loaded once, and one of two scans wins', async () => {
    const [first, second] = [await connect('race:'), await connect('race:')];
    const clock = new ManualClock();
    const a = new MockEngine({ clock, store: first.instances });
    const b = new MockEngine({ clock, store: second.instances });
    await Promise.all([a.initialize(), b.initialize()]);
    expect(await a.instanceCount()).toBe(1);
    expect(await b.authenticate(OWNER)).toBe(true);
    const heard: string[] = [];
    a.onStatusChange((event) => heard.push(`a:${event.status}`));
    b.onStatusChange((event) => heard.push(`b:${event.status}`));
    const issued = await a.requestNewQrCode(OWNER, ID);
    if (issued instanceof DomainError) throw new Error(issued.message);
    const qrText = issued.state.qr?.text as string;
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).scan(qrText)),
    );
    expect(outcomes.filter((outcome) => !(outcome instanceof DomainError))).toHaveLength(1);
    expect(heard.filter((entry) => entry.endsWith(':WORKING'))).toHaveLength(1);
    const health = await b.health(OWNER, ID);
    expect(health).toMatchObject({ state: { status: 'WORKING', qr: null } });
    expect(await a.scan(qrText)).toMatchObject({ code: 'QR_STALE' });
  });

  it('counts 200 concurrent hits from two connections one by one', async () => {
    const [first, second] = [await connect('hits:'), await connect('hits:')];
    const windows = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? first : second).rateLimits.hit('one', 1_000, 60_000),
      ),
    );
    expect(windows.map((window) => window.hits).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    expect(new Set(windows.map((window) => window.endsAt))).toEqual(new Set([61_000]));
    expect(await first.rateLimits.hit('one', 61_000, 60_000)).toEqual({ hits: 1, endsAt: 121_000 });
  });

  it('keeps instances, the clock, counters and logs for the next connection (a restarted mock)', async () => {
    const before = await connect('keep:');
    const engine = new MockEngine({ clock: new ManualClock(), store: before.instances });
    await engine.initialize();
    await engine.requestNewQrCode(OWNER, ID);
    await before.clock.advance(5_000);
    await before.rateLimits.hit('qr', 0, 60_000);
    before.journal.append({ path: '/a' });
    expect(await before.faults.write({ rules: [] }, 0)).toBe(true);
    await before.close();

    const after = await connect('keep:');
    const clock = new ManualClock();
    clock.follow(await after.clock.offset());
    const again = new MockEngine({ clock, store: after.instances });
    await again.initialize();
    expect(await again.instanceCount()).toBe(1);
    const record = await again.health(OWNER, ID);
    expect(record).toMatchObject({ state: { status: 'SCAN_QR_CODE' } });
    expect(clock.offset()).toBe(5_000);
    expect(await after.rateLimits.hit('qr', 0, 60_000)).toMatchObject({ hits: 2 });
    expect(await after.journal.list()).toEqual([{ path: '/a' }]);
    expect(await after.faults.read()).toEqual({ value: { rules: [] }, version: 1 });
    expect(await after.faults.write({ rules: [1] }, 0)).toBe(false);
  });

  it('caps a log at its capacity, oldest out', async () => {
    // 10,005 scripts queue at once: a loaded machine may take more than a second for them.
    const backend = await connect('log:', 30_000);
    for (let i = 0; i < 10_005; i++) backend.journal.append({ i });
    // Appends are not awaited (a log never holds a request up): read once they landed.
    await backend.clock.offset();
    const entries = (await backend.journal.list()) as Array<{ i: number }>;
    expect(entries).toHaveLength(10_000);
    expect(entries[0]).toEqual({ i: 5 });
  });

  it('tells the other processes of a change, not the one that made it', async () => {
    const [first, second] = [await connect('news:'), await connect('news:')];
    const heardByFirst: string[] = [];
    await first.changes?.subscribe((kind) => heardByFirst.push(kind));
    let tell: (kind: string) => void = () => undefined;
    const heard = new Promise<string>((resolve) => (tell = resolve));
    // Subscribed once this resolves (Redis acknowledged it): then the news is delivered.
    await second.changes?.subscribe((kind) => tell(kind));
    first.changes?.publish('status');
    expect(await heard).toBe('status');
    expect(heardByFirst).toEqual([]);
  });

  it('says where Redis is not, without its password', async () => {
    expect(describeRedisUrl('redis://user:s3cret@127.0.0.1:6379/2')).toBe(
      'redis://user:***@127.0.0.1:6379/2',
    );
    const port = await freePort();
    await expect(connectRedisBackend({ url: `redis://:s3cret@127.0.0.1:${port}` })).rejects.toThrow(
      `cannot reach Redis at redis://:***@127.0.0.1:${port}`,
    );
  });
});

describe('the Redis backend when Redis goes away', () => {
  it('fails each call fast with StoreUnavailableError, and works again once Redis is back', async () => {
    const redis = await startRedis();
    const logged: string[] = [];
    const backend = await connectRedisBackend({
      url: redis.url,
      commandTimeoutMs: 1_000,
      log: (message) => {
        logged.push(message);
      },
    });
    try {
      expect(await backend.clock.advance(1)).toBe(1);
      await redis.stop();
      await expect(backend.clock.offset()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(backend.instances.get(ID)).rejects.toThrow(
        /Redis at .* (not connected|did not answer)/,
      );
      const restarted = await startRedis(redis.port);
      try {
        // Reconnecting is the client's: wait for its news rather than for a time (it may
        // reconnect more than once while the old server shuts down: the last one counts).
        let advanced: number | undefined;
        while (advanced === undefined) {
          await backend.whenConnected();
          advanced = await backend.clock.advance(2).catch(() => undefined);
        }
        expect(advanced).toBe(2);
        expect(logged[0]).toMatch(/lost .*503/);
        expect(logged.at(-1)).toMatch(/is back/);
      } finally {
        await restarted.stop();
      }
    } finally {
      await backend.close();
    }
  });
});
