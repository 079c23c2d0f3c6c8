// Helpers of the benchmarks: servers started and stopped, free ports, wrk runs and
// their figures (medians over runs).
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const work = mkdtempSync(join(tmpdir(), 'bench-'));
export const TOKEN = '1|bench-token';
export const DURATION = process.env.BENCH_DURATION ?? '5s';
/** Measured runs per server and workload; each figure reported is the median over them. */
export const RUNS = Number(process.env.BENCH_RUNS ?? 3);
export const WARM_UP = process.env.BENCH_WARM_UP ?? '10s';
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Ids like UUIDs v4, from a counter: the same on every run. */
export const uuid = (i) => {
  const hex = i.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
};

export function seedFile(count) {
  const path = join(work, `seed-${count}.json`);
  const instances = Array.from({ length: count }, (_, i) => ({
    id: uuid(i),
    token: TOKEN,
    name: `Bench ${i}`,
    phone: '+14155550123',
  }));
  writeFileSync(path, JSON.stringify({ tokens: [], instances }));
  return path;
}

/** The built mock on `port` with a seed file; its limits lifted unless `limits` is true. */
export function startMock(port, seed, extra = [], { limits = false } = {}) {
  const args = [
    join(root, 'dist/apps/mock-server/main.js'),
    '--port',
    String(port),
    '--seed',
    seed,
  ];
  return start(process.execPath, [...args, ...(limits ? [] : ['--no-rate-limits']), ...extra]);
}

export function start(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  // The last 20 KB only: a peer that logs every request must not fill this process.
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await once(child, 'exit');
      clearTimeout(timer);
    },
  };
}

/** Polls until `url` answers 200; returns the milliseconds since `since`. */
export async function firstOk(url, since, init = {}) {
  for (;;) {
    try {
      const response = await fetch(url, init);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
}

export function wrkScript(method, prefix, suffix, ids) {
  const path = join(work, `wrk-${method}-${ids.length}-${prefix.length}.lua`);
  writeFileSync(
    path,
    `local ids = {${ids.map((id) => `"${id}"`).join(',')}}
wrk.method = "${method}"
wrk.headers["Authorization"] = "Bearer ${TOKEN}"
wrk.headers["Accept"] = "application/json"
request = function()
  return wrk.format(nil, "${prefix}" .. ids[math.random(#ids)] .. "${suffix}")
end
`,
  );
  return path;
}

export function toMs(value, unit) {
  return Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? NaN);
}

export function runWrk(url, script) {
  // An unmeasured run first: JIT warm-up, connection set-up and the first touch of each
  // instance are not the steady state (the mock's QR p99 falls from ~900 ms to ~50 ms
  // over its first 10 s under load).
  execFileSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${WARM_UP}`, '-s', script, url], {
    encoding: 'utf8',
  });
  // The machine is shared: one run's p99 can be ten times another's. Report medians.
  const runs = Array.from({ length: RUNS }, () => runWrkOnce(url, script));
  return {
    rps: median(runs.map((run) => run.rps)),
    p50: median(runs.map((run) => run.p50)),
    p90: median(runs.map((run) => run.p90)),
    p99: median(runs.map((run) => run.p99)),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
  };
}

export function runWrkOnce(url, script) {
  const output = execFileSync(
    'wrk',
    ['-t1', `-c${CONNECTIONS}`, `-d${DURATION}`, '--latency', '-s', script, url],
    { encoding: 'utf8' },
  );
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)[1]);
  const pct = (p) => {
    const match = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(output);
    return match ? toMs(match[1], match[2]) : NaN;
  };
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  return { rps, p50: pct(50), p90: pct(90), p99: pct(99), non2xx };
}
