import { createHash } from 'node:crypto';
import { createClient } from '@redis/client';
import {
  StoreUnavailableError,
  type CappedLog,
  type ClockStore,
  type InsertOutcome,
  type InstanceRecord,
  type InstanceStore,
  type MockBackend,
  type RateLimitStore,
  type RateWindow,
  type SharedDocument,
  JOURNAL_CAPACITY,
  WEBHOOK_LOG_CAPACITY,
} from '@hypersender/mock-engine';
import { SCRIPTS, type ScriptName } from './scripts';

export interface RedisBackendOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`). */
  url: string;
  /** Put before every key, so that several mocks can share one Redis database. */
  prefix?: string;
  /** A command not answered within this time fails (the request answers 503). */
  commandTimeoutMs?: number;
  /** Hears the connection's news: lost, back. */
  log?: (message: string) => void;
}

/** A node-redis client that fails fast while Redis is away: no offline queue, a timeout on each command. */
function makeClient(url: string, commandTimeoutMs: number, connected: () => boolean) {
  return createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
    socket: {
      connectTimeout: 2_000,
      // Reconnects within a second while Redis is away; before the first connection, gives
      // up (with an Error of this realm: the client checks `instanceof Error`).
      reconnectStrategy: (retries: number, cause: Error) =>
        connected() ? Math.min(100 * (retries + 1), 1_000) : new Error(cause.message),
    },
  });
}

type Client = ReturnType<typeof makeClient>;

/** The URL without its password, for the banner and messages. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'redis (unreadable URL)';
  }
}

/** SHA-256 of a token: Redis holds tokens' hashes only, as the memory store does. */
function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * The connection: fails fast while Redis is away (no offline queue, a timeout on each
 * command), reconnects by itself, and turns every failure into StoreUnavailableError.
 * Lua scripts run by their SHA-1, loaded again when Redis lost them (a restart).
 */
class RedisConnection {
  private readonly shas = new Map<ScriptName, string>();

  constructor(
    readonly client: Client,
    readonly description: string,
  ) {
    for (const [name, source] of Object.entries(SCRIPTS) as Array<[ScriptName, string]>) {
      this.shas.set(name, createHash('sha1').update(source).digest('hex'));
    }
  }

  async call<T>(run: (client: Client) => Promise<T>): Promise<T> {
    if (!this.client.isReady) {
      throw new StoreUnavailableError(`Redis at ${this.description} is not connected.`);
    }
    try {
      return await run(this.client);
    } catch (error) {
      throw new StoreUnavailableError(
        `Redis at ${this.description} did not answer: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** Runs a script (every key it touches derives from `prefix`: one Redis, not a cluster). */
  script(name: ScriptName, args: Array<string | number>): Promise<unknown> {
    const argv = args.map(String);
    return this.call(async (client) => {
      try {
        return await client.sendCommand(['EVALSHA', this.shas.get(name) as string, '0', ...argv]);
      } catch (error) {
        if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
        return client.sendCommand(['EVAL', SCRIPTS[name], '0', ...argv]);
      }
    });
  }

  /** Deletes every key that starts with `pattern`'s prefix (SCAN, then UNLINK in batches). */
  async deleteMatching(pattern: string): Promise<void> {
    await this.call(async (client) => {
      let cursor = '0';
      do {
        const [next, keys] = (await client.sendCommand([
          'SCAN',
          cursor,
          'MATCH',
          pattern,
          'COUNT',
          '1000',
        ])) as [string, string[]];
        cursor = next;
        if (keys.length > 0) await client.sendCommand(['UNLINK', ...keys]);
      } while (cursor !== '0');
    });
  }
}

class RedisInstanceStore implements InstanceStore {
  private readonly p: string;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.p = `${prefix}s:`;
  }

  async get(id: string): Promise<InstanceRecord | undefined> {
    const json = await this.redis.call((client) => client.hGet(`${this.p}i:${id}`, 'json'));
    return json ? (JSON.parse(json) as InstanceRecord) : undefined;
  }

  async insert(record: InstanceRecord): Promise<InsertOutcome> {
    return (await this.redis.script('insert', [
      this.p,
      record.id,
      tokenKey(record.ownerToken),
      record.name,
      JSON.stringify(record),
      record.state.qr?.text ?? '',
      record.webhookUrl ? '1' : '0',
      record.version,
    ])) as InsertOutcome;
  }

  async replace(previous: InstanceRecord, next: InstanceRecord): Promise<boolean> {
    if (next.version !== previous.version + 1) return false;
    const saved = await this.redis.script('replace', [
      this.p,
      next.id,
      previous.version,
      next.version,
      JSON.stringify(next),
      previous.state.qr?.text ?? '',
      next.state.qr?.text ?? '',
    ]);
    return saved === 1;
  }

  all(): Promise<InstanceRecord[]> {
    return this.records(`${this.p}ids`);
  }

  ownedBy(token: string): Promise<InstanceRecord[]> {
    return this.records(`${this.p}t:${tokenKey(token)}`);
  }

  size(): Promise<number> {
    return this.redis.call((client) => client.zCard(`${this.p}ids`));
  }

  async nameTaken(token: string, name: string): Promise<boolean> {
    const member = await this.redis.call((client) =>
      client.sIsMember(`${this.p}names:${tokenKey(token)}`, name),
    );
    return Number(member) === 1;
  }

  async qrOwner(text: string): Promise<string | undefined> {
    return (await this.redis.call((client) => client.get(`${this.p}qr:${text}`))) ?? undefined;
  }

  webhookInstanceIds(): Promise<string[]> {
    return this.redis.call((client) => client.sMembers(`${this.p}hooks`));
  }

  async addToken(token: string): Promise<void> {
    await this.redis.call((client) => client.sAdd(`${this.p}tokens`, tokenKey(token)));
  }

  async hasToken(token: string): Promise<boolean> {
    const member = await this.redis.call((client) =>
      client.sIsMember(`${this.p}tokens`, tokenKey(token)),
    );
    return Number(member) === 1;
  }

  async nextAccessTokenId(): Promise<number> {
    // Outside the state's namespace: ids keep counting across resets, as a database's do.
    return 999 + (await this.redis.call((client) => client.incr(`${this.p.slice(0, -2)}atid`)));
  }

  async claimSeeding(): Promise<boolean> {
    const set = await this.redis.call((client) =>
      client.set(`${this.p}seeded`, '1', { condition: 'NX' }),
    );
    return set === 'OK';
  }

  clear(): Promise<void> {
    return this.redis.deleteMatching(`${this.p}*`);
  }

  private async records(index: string): Promise<InstanceRecord[]> {
    const ids = await this.redis.call((client) => client.zRange(index, 0, -1));
    const jsons = await this.redis.call((client) =>
      Promise.all(ids.map((id) => client.hGet(`${this.p}i:${id}`, 'json'))),
    );
    return jsons.flatMap((json) => (json ? [JSON.parse(json) as InstanceRecord] : []));
  }
}

/** Windows expire in Redis by real time too: a day past their end, for a manual clock that waits. */
const WINDOW_REAL_EXPIRY_MS = 86_400_000;

class RedisRateLimits implements RateLimitStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  async hit(key: string, now: number, windowMs: number): Promise<RateWindow> {
    const [hits, endsAt] = (await this.redis.script('hit', [
      `${this.prefix}rl:${key}`,
      now,
      windowMs,
      windowMs + WINDOW_REAL_EXPIRY_MS,
    ])) as [number, number];
    return { hits: Number(hits), endsAt: Number(endsAt) };
  }

  async peek(key: string, now: number): Promise<RateWindow | undefined> {
    const [hits, endsAt] = await this.redis.call((client) =>
      client.hmGet(`${this.prefix}rl:${key}`, ['h', 'e']),
    );
    if (hits === null || endsAt === null || Number(endsAt) <= now) return undefined;
    return { hits: Number(hits), endsAt: Number(endsAt) };
  }

  /** Redis expires ended windows itself. */
  sweep(): void {
    return undefined;
  }

  clear(): Promise<void> {
    return this.redis.deleteMatching(`${this.prefix}rl:*`);
  }
}

class RedisClockStore implements ClockStore {
  private readonly key: string;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.key = `${prefix}clock`;
  }

  async offset(): Promise<number> {
    return Number((await this.redis.call((client) => client.get(this.key))) ?? 0);
  }

  advance(ms: number): Promise<number> {
    return this.redis.call((client) => client.incrBy(this.key, ms));
  }

  async clear(): Promise<void> {
    await this.redis.call((client) => client.del(this.key));
  }
}

class RedisCappedLog implements CappedLog<object> {
  constructor(
    private readonly redis: RedisConnection,
    private readonly key: string,
    private readonly capacity: number,
  ) {}

  append(entry: object): void {
    // Written after the answer left: a lost entry must not fail the request it records.
    void this.redis
      .script('append', [this.key, JSON.stringify(entry), this.capacity])
      .catch(() => undefined);
  }

  async list(): Promise<object[]> {
    const entries = await this.redis.call((client) => client.lRange(this.key, 0, -1));
    return entries.map((entry) => JSON.parse(entry) as object);
  }

  async clear(): Promise<void> {
    await this.redis.call((client) => client.del(this.key));
  }
}

class RedisDocument implements SharedDocument<object> {
  constructor(
    private readonly redis: RedisConnection,
    private readonly key: string,
  ) {}

  async read(): Promise<{ value: object | null; version: number }> {
    const [version, json] = await this.redis.call((client) =>
      client.hmGet(this.key, ['v', 'json']),
    );
    return { value: json ? (JSON.parse(json) as object) : null, version: Number(version ?? 0) };
  }

  async write(value: object, version: number): Promise<boolean> {
    return (await this.redis.script('write', [this.key, version, JSON.stringify(value)])) === 1;
  }

  async clear(): Promise<void> {
    await this.redis.call((client) => client.del(this.key));
  }
}

/**
 * The mock's state in Redis, for processes sharing one mock (`--workers N`) and a mock
 * that keeps its instances across restarts. Rejects when Redis cannot be reached now.
 */
export interface RedisBackend extends MockBackend {
  /** Resolves when the connection is up: now, or when Redis is next back. */
  whenConnected(): Promise<void>;
}

export async function connectRedisBackend(options: RedisBackendOptions): Promise<RedisBackend> {
  const description = describeRedisUrl(options.url);
  const prefix = options.prefix ?? 'hsmock:';
  const log = options.log ?? (() => undefined);
  let everReady = false;
  let lost = false;
  const client = makeClient(options.url, options.commandTimeoutMs ?? 2_000, () => everReady);
  client.on('error', (error: Error) => {
    if (everReady && !lost) {
      lost = true;
      log(`Redis at ${description} lost (${error.message}): answering 503 until it is back.`);
    }
  });
  const reconnected: Array<() => void> = [];
  client.on('ready', () => {
    if (lost) {
      log(`Redis at ${description} is back.`);
      for (const listener of reconnected) listener();
    }
    everReady = true;
    lost = false;
  });
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    const reason = (error as Error).message || (error as { code?: string }).code || 'no answer';
    throw new Error(`cannot reach Redis at ${description}: ${reason}`, { cause: error });
  }
  const redis = new RedisConnection(client, description);
  const channel = `${prefix}changes`;
  // Each process tells its own news once: a message carries who sent it.
  const self = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  let subscriber: Client | undefined;
  return {
    shared: true,
    description,
    instances: new RedisInstanceStore(redis, prefix),
    rateLimits: new RedisRateLimits(redis, prefix),
    clock: new RedisClockStore(redis, prefix),
    journal: new RedisCappedLog(redis, `${prefix}journal`, JOURNAL_CAPACITY),
    webhookLog: new RedisCappedLog(redis, `${prefix}webhooks`, WEBHOOK_LOG_CAPACITY),
    faults: new RedisDocument(redis, `${prefix}faults`),
    onReconnect: (listener) => reconnected.push(listener),
    changes: {
      publish: (kind) => {
        if (!client.isReady) return;
        void client.publish(channel, `${self} ${kind}`).catch(() => undefined);
      },
      subscribe: async (listener) => {
        subscriber ??= client.duplicate();
        subscriber.on('error', () => undefined);
        if (!subscriber.isOpen) await subscriber.connect();
        await subscriber.subscribe(channel, (message: string) => {
          const [sender, kind] = message.split(' ');
          if (sender !== self) listener(kind);
        });
      },
    },
    whenConnected: () =>
      client.isReady ? Promise.resolve() : new Promise((resolve) => client.once('ready', resolve)),
    close: async () => {
      if (subscriber?.isOpen) await subscriber.close().catch(() => subscriber?.destroy());
      if (client.isOpen) await client.close().catch(() => client.destroy());
      else client.destroy();
    },
  };
}
