import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeQrCode } from '@hypersender/test-support';

/** The built server, as `npm start` runs it (the test target builds it first). */
const MAIN = resolve(__dirname, '../../../dist/apps/mock-server/main.js');

interface Running {
  child: ChildProcess;
  origin: string;
  output: () => string;
}

async function startBuilt(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [MAIN, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const origin = await new Promise<string>((resolveOrigin, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start-up line in 15 s:\n${output}`)),
      15_000,
    );
    const check = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveOrigin(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before listening:\n${output}`)),
    );
  });
  return { child, origin, output: () => output };
}

async function run(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const [code] = await once(child, 'exit');
  return { code, output };
}

describe('the built mock server, run as a user runs it', () => {
  let server: Running | undefined;
  afterEach(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await once(server.child, 'exit');
    }
    server = undefined;
  });

  it('prints the seeded instance, token and a curl line; a whole login works over HTTP; SIGTERM exits 0', async () => {
    server = await startBuilt(['--clock', 'manual']);
    const { origin } = server;
    const instance = /instance\s+([0-9a-f-]{36})/.exec(server.output())?.[1];
    const token = /token\s+(\S+)/.exec(server.output())?.[1];
    expect(instance).toBeDefined();
    expect(server.output()).toContain(`curl -s -X POST -H 'Authorization: Bearer ${token}'`);
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    const api = `${origin}/api/whatsapp/v2/${instance}`;

    const qr = await fetch(`${api}/request-new-qr-code`, { method: 'POST', headers });
    expect(qr.status).toBe(200);
    const text = decodeQrCode(((await qr.json()) as { qr_code: string }).qr_code);
    expect(text).toMatch(/^2@/);

    const second = await fetch(`${api}/request-new-qr-code`, { method: 'POST', headers });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('60');

    const scan = await fetch(`${origin}/__mock/scan`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ qr: text }),
    });
    expect(scan.status).toBe(200);
    const health = await fetch(`${api}/health`, { headers });
    expect(await health.json()).toMatchObject({
      status: 'WORKING',
      connected_at: expect.any(String),
    });

    server.child.kill('SIGTERM');
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(0);
    await expect(fetch(`${origin}/__mock/health`)).rejects.toThrow();
  });

  /** A raw connection that collects what the server writes, with a way to wait for a pattern. */
  async function rawConnection(origin: string) {
    const socket = connect(Number(new URL(origin).port), '127.0.0.1');
    await once(socket, 'connect');
    let received = '';
    const waiters: Array<() => void> = [];
    socket.on('data', (chunk) => {
      received += chunk;
      for (const wake of waiters.splice(0)) wake();
    });
    const closed = once(socket, 'close');
    return {
      socket,
      closed,
      received: () => received,
      /** Resolves once the server has written text matching `pattern`. */
      async waitFor(pattern: RegExp) {
        while (!pattern.test(received)) await new Promise<void>((wake) => waiters.push(wake));
      },
    };
  }

  /** Resolves once the server has printed a line matching `pattern`. */
  async function printed(running: Running, pattern: RegExp) {
    while (!pattern.test(running.output()))
      await once(running.child.stdout as NodeJS.ReadableStream, 'data');
  }

  it('finishes a request in flight when SIGTERM arrives, and says Connection: close', async () => {
    server = await startBuilt([]);
    const body = JSON.stringify({ qr: '2@not-a-current-qr' });
    const connection = await rawConnection(server.origin);
    // Expect: 100-continue makes the server say when it has the request: an event to wait on.
    connection.socket.write(
      `POST /__mock/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    await connection.waitFor(/^HTTP\/1\.1 100 Continue/);
    server.child.kill('SIGTERM');
    await printed(server, /SIGTERM: finishing requests in flight/);
    expect(server.child.exitCode).toBeNull();
    connection.socket.write(body);
    await connection.waitFor(/no longer valid/);
    expect(connection.received()).toMatch(/HTTP\/1\.1 409/);
    expect(connection.received()).toMatch(/connection: close/i);
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(0);
  });

  it('cuts a client that sends half its headers with a 408 in the API shape', async () => {
    server = await startBuilt(['--request-timeout', '0.3']);
    const connection = await rawConnection(server.origin);
    connection.socket.write('GET /__mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    await connection.closed;
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(connection.received()).toContain('{"message":"Request Timeout."}');
  });

  it('ends at once on a second signal, even with a slow client connected', async () => {
    server = await startBuilt([]);
    const connection = await rawConnection(server.origin);
    connection.socket.write(
      'POST /__mock/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n',
    );
    await connection.waitFor(/^HTTP\/1\.1 100 Continue/);
    connection.socket.write('{');
    server.child.kill('SIGTERM');
    await printed(server, /SIGTERM: finishing requests in flight/);
    server.child.kill('SIGINT');
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(130);
    expect(server.output()).toContain('SIGINT again: exiting now');
    connection.socket.destroy();
  });

  it('stops with one line and exit code 2 when the port is in use', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    try {
      const { code, output } = await run(['--port', String(port)]);
      expect(code).toBe(2);
      expect(output.trim()).toBe(
        `hypersender-mock: cannot listen on 127.0.0.1:${port}: the port is in use (EADDRINUSE)`,
      );
    } finally {
      blocker.close();
    }
  });

  it.each([
    ['203.0.113.7', /the address is not one of this machine's/],
    ['no-such-host.invalid', /the host name does not resolve/],
  ])('stops with one line and exit code 2 on --host %s', async (host, message) => {
    const { code, output } = await run(['--port', '0', '--host', host]);
    expect(code).toBe(2);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toMatch(message);
  });

  it('stops at start-up with a clear message on a bad flag', async () => {
    const { code, output } = await run(['--port', 'abc']);
    expect(code).toBe(2);
    expect(output).toContain(
      'hypersender-mock: --port must be an integer from 0 to 65535, got "abc"',
    );
  });

  it('stops at start-up with a clear message on a bad seed file', async () => {
    const seed = join(mkdtempSync(join(tmpdir(), 'seed-')), 'seed.json');
    writeFileSync(
      seed,
      JSON.stringify({ instances: [{ id: 'nope', token: 't', name: 'A', phone: '+14155550100' }] }),
    );
    const { code, output } = await run(['--seed', seed]);
    expect(code).toBe(2);
    expect(output).toContain('instances[0].id: must be a UUID');
  });

  it('documents every option in --help', async () => {
    const { code, output } = await run(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--host',
      '--port',
      '--seed',
      '--clock',
      '--qr-ttl',
      '--qr-limit',
      '--working-qr',
      '--no-rate-limits',
    ])
      expect(output).toContain(flag);
  });
});
