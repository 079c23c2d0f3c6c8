// Benchmarks, run on demand (`npx nx run bench:bench`), never by `npm test`: the mock
// beside every peer a user would pick for this flow (Prism, WireMock, Mockoon) and a bare
// node:http server, on the same work, side by side in one run. Writes docs/benchmarks.md
// (formatted as prettier would, so a run changes only figures). Needs wrk (Debian: wrk);
// WireMock needs Java (Debian: openjdk-17-jre-headless); peers install on demand.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import jsQR from 'jsqr';
import pngjs from 'pngjs';
import {
  CONNECTIONS,
  DURATION,
  firstOk,
  freePort,
  median,
  runWrkOnce,
  seedFile,
  sleep,
  start,
  startMock,
  TOKEN,
  uuid,
  work,
  wrkScript,
} from './bench-lib.mjs';
import { fixedRate } from './fixed-rate.mjs';
import { installPeers, mockoonEnvironment, PEER_VERSIONS, wiremockRoot } from './peers.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PRISM = join(root, 'node_modules/.bin/prism');
const SPEC = join(root, 'openapi/hypersender.yaml');
const BARE = join(root, 'tools/bench/bare-server.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 5);
const SECONDS = Number.parseInt(DURATION, 10);
const INSTANCES = 1_000;
/** The fixed loads: what a busy consumer really sends, well below every server's ceiling. */
const HEALTH_RATE = 1_000;
const QR_RATE = 200;
const FIXED_SCALE = Number(process.env.BENCH_FIXED_SCALE ?? 1);
const FIXED_SECONDS = { health: 5 * FIXED_SCALE, qr: 10 * FIXED_SCALE };

if (spawnSync('wrk', ['--version']).error) {
  console.error('bench: wrk is not installed (Debian: apt-get install wrk).');
  process.exit(1);
}

// --- progress ---------------------------------------------------------------------
const began = performance.now();
let plannedSeconds = 0;
let spentPlanned = 0;
function progress(step, seconds) {
  const elapsed = (performance.now() - began) / 1000;
  const left = Math.max(0, plannedSeconds - spentPlanned);
  console.log(`[bench ${Math.round(elapsed)} s, ~${Math.ceil(left / 60)} min left] ${step}`);
  spentPlanned += seconds;
}

// --- the work and the servers -------------------------------------------------------
const ids = Array.from({ length: INSTANCES }, (_, i) => uuid(i));
const seed = seedFile(INSTANCES);
const auth = { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' };

/** The mock's own bodies: every server answers bodies of exactly these sizes. */
async function sampleBodies() {
  const port = await freePort();
  const mock = startMock(port, seed);
  await firstOk(`http://127.0.0.1:${port}/__mock/health`, performance.now());
  const base = `http://127.0.0.1:${port}/api/whatsapp/v2/${ids[0]}`;
  const qr = await (
    await fetch(`${base}/request-new-qr-code`, { method: 'POST', headers: auth })
  ).text();
  const health = await (await fetch(`${base}/health`, { headers: auth })).text();
  await mock.stop();
  writeFileSync(join(work, 'health.json'), health);
  writeFileSync(join(work, 'qr.json'), qr);
  return { health, qr };
}

console.log('[bench] installing the peers (once; pinned:', JSON.stringify(PEER_VERSIONS), ')');
const peers = installPeers(root);
const bodies = await sampleBodies();

const servers = [
  {
    name: 'mock',
    prefix: '/api/whatsapp/v2/',
    launch: (port) => startMock(port, seed),
    ready: (port) => `http://127.0.0.1:${port}/api/whatsapp/v2/${ids[0]}/health`,
  },
  {
    name: 'bare node:http',
    prefix: '/',
    launch: (port) =>
      start(process.execPath, [
        BARE,
        join(work, 'health.json'),
        join(work, 'qr.json'),
        String(port),
      ]),
    ready: (port) => `http://127.0.0.1:${port}/`,
  },
  {
    name: 'Prism',
    prefix: '/',
    launch: (port) =>
      start(PRISM, ['mock', SPEC, '--host', '127.0.0.1', '--port', String(port), '-v', 'error']),
    ready: (port) => `http://127.0.0.1:${port}/${ids[0]}/health`,
  },
];
const unavailable = {};
if (peers.wiremock.bin) {
  const jar = join(
    dirname(peers.wiremock.bin),
    '../wiremock/build',
    `wiremock-standalone-${PEER_VERSIONS.wiremock}.jar`,
  );
  const wiremockDir = wiremockRoot(join(work, 'wiremock'), ids, bodies);
  servers.push({
    name: 'WireMock',
    prefix: '/api/whatsapp/v2/',
    // The jar directly (the npm bin's wrapper would leave Java running when stopped);
    // the request journal and its logging off, WireMock's own advice under load.
    launch: (port) =>
      start('java', [
        '-jar',
        jar,
        '--port',
        String(port),
        '--bind-address',
        '127.0.0.1',
        '--root-dir',
        wiremockDir,
        '--disable-banner',
        '--no-request-journal',
        '--disable-request-logging',
      ]),
    ready: (port) => `http://127.0.0.1:${port}/api/whatsapp/v2/${ids[0]}/health`,
  });
} else unavailable.WireMock = peers.wiremock.reason;
if (peers.mockoon.bin) {
  try {
    const file = mockoonEnvironment(peers.mockoon.bin, SPEC, join(work, 'mockoon.json'), bodies);
    servers.push({
      name: 'Mockoon',
      prefix: '/api/whatsapp/v2/',
      launch: (port) =>
        start(peers.mockoon.bin, [
          'start',
          '--data',
          file,
          '--port',
          String(port),
          '--hostname',
          '127.0.0.1',
          '--disable-log-to-file',
          '--disable-admin-api',
        ]),
      ready: (port) => `http://127.0.0.1:${port}/api/whatsapp/v2/${ids[0]}/health`,
    });
  } catch (error) {
    unavailable.Mockoon = `its import of the spec failed: ${error.message.split('\n')[0]}`;
  }
} else unavailable.Mockoon = peers.mockoon.reason;
for (const [name, reason] of Object.entries(unavailable))
  console.log(`[bench] ${name} is not in this run: ${reason}`);

// --- measuring ----------------------------------------------------------------------
const perRunSeconds = WARM_UP_SECONDS + 2 * SECONDS + FIXED_SECONDS.health + FIXED_SECONDS.qr + 3;
plannedSeconds = servers.length * (STARTUP_RUNS * 2 + RUNS * perRunSeconds) + 2 * 20;

async function startupTimes(server) {
  const times = [];
  for (let run = 0; run < STARTUP_RUNS; run++) {
    const port = await freePort();
    const since = performance.now();
    const process_ = server.launch(port);
    times.push(await firstOk(server.ready(port), since, { headers: auth }));
    await process_.stop();
  }
  return times;
}

/** One run of one server: saturation (wrk) then the fixed loads (open-loop). */
async function measure(server) {
  const port = await freePort();
  const running = server.launch(port);
  await firstOk(server.ready(port), performance.now(), { headers: auth });
  const origin = `http://127.0.0.1:${port}`;
  const healthScript = wrkScript('GET', server.prefix, '/health', ids);
  const qrScript = wrkScript('POST', server.prefix, '/request-new-qr-code', ids);
  spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${WARM_UP_SECONDS}s`, '-s', qrScript, origin]);
  const result = {
    health: runWrkOnce(origin, healthScript),
    qr: runWrkOnce(origin, qrScript),
  };
  const path = (suffix) => (i) => `${server.prefix}${ids[i % ids.length]}${suffix}`;
  result.healthFixed = await fixedRate({
    origin,
    headers: auth,
    path: path('/health'),
    rate: HEALTH_RATE,
    seconds: FIXED_SECONDS.health,
  });
  result.qrFixed = await fixedRate({
    origin,
    method: 'POST',
    headers: auth,
    path: path('/request-new-qr-code'),
    rate: QR_RATE,
    seconds: FIXED_SECONDS.qr,
  });
  if (server.name === 'mock') result.qrCheck = await checkQrs(`${origin}/api/whatsapp/v2/`);
  await running.stop();
  return result;
}

/** The QRs the mock gave under load are real: 50 more, each decoded, all different. */
async function checkQrs(base) {
  const texts = new Set();
  let decoded = 0;
  for (let i = 0; i < 50; i++) {
    const response = await fetch(`${base}${ids[i]}/request-new-qr-code`, {
      method: 'POST',
      headers: auth,
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

async function memory(count) {
  const port = await freePort();
  const mock = startMock(port, seedFile(count), [], { limits: true });
  await firstOk(`http://127.0.0.1:${port}/__mock/health`, performance.now());
  await sleep(1000);
  const rss = rssMb(mock.child.pid);
  await mock.stop();
  return rss;
}

const startup = {};
for (const server of servers) {
  progress(`start-up: ${server.name}, ${STARTUP_RUNS} starts`, STARTUP_RUNS * 2);
  startup[server.name] = await startupTimes(server);
  console.log(`  ${startup[server.name].map((t) => t.toFixed(0)).join(', ')} ms`);
}

/** runs[r][server] = that server's figures in run r (every server once per run). */
const runs = [];
for (let r = 0; r < RUNS; r++) {
  const run = {};
  for (const server of servers) {
    progress(
      `run ${r + 1}/${RUNS}: ${server.name}: warm-up, saturation (health, QR), then ${HEALTH_RATE} and ${QR_RATE} req/s`,
      perRunSeconds,
    );
    run[server.name] = await measure(server);
    const m = run[server.name];
    console.log(
      `  health ${m.health.rps.toFixed(0)} req/s (p99 at ${HEALTH_RATE}/s: ${m.healthFixed.p99.toFixed(2)} ms); QR ${m.qr.rps.toFixed(0)} req/s (p99 at ${QR_RATE}/s: ${m.qrFixed.p99.toFixed(2)} ms)`,
    );
  }
  runs.push(run);
}
progress('memory: the mock with 10,000 and 100,000 instances', 40);
const memory10k = await memory(10_000);
const memory100k = await memory(100_000);

// --- the report ---------------------------------------------------------------------
const stats = (values) => {
  const finite = values.filter(Number.isFinite);
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite) };
};
const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const spread = (values, digits = 0) => {
  const s = stats(values);
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
};
const per = (name, pick) => runs.map((run) => pick(run[name]));
const ratio = (a, b, pick) => runs.map((run) => pick(run[a]) / pick(run[b]));
const names = servers.map((server) => server.name);
const peerNames = names.filter((name) => name !== 'mock' && name !== 'bare node:http');

const throughputTable = (key) =>
  [
    '| server | req/s | p50 ms | p99 ms | non-2xx |',
    '| --- | --- | --- | --- | --- |',
    ...names.map(
      (name) =>
        `| ${name} | ${spread(per(name, (m) => m[key].rps))} | ${spread(
          per(name, (m) => m[key].p50),
          2,
        )} | ${spread(
          per(name, (m) => m[key].p99),
          2,
        )} | ${per(name, (m) => m[key].non2xx).reduce((a, b) => a + b, 0)} |`,
    ),
  ].join('\n');
const fixedTable = (key) =>
  [
    '| server | p50 ms | p99 ms | p99.9 ms | max ms | failed |',
    '| --- | --- | --- | --- | --- | --- |',
    ...names.map(
      (name) =>
        `| ${name} | ${spread(
          per(name, (m) => m[key].p50),
          2,
        )} | ${spread(
          per(name, (m) => m[key].p99),
          2,
        )} | ${spread(
          per(name, (m) => m[key].p999),
          2,
        )} | ${spread(
          per(name, (m) => m[key].max),
          1,
        )} | ${per(name, (m) => m[key].failures).reduce((a, b) => a + b, 0)} |`,
    ),
  ].join('\n');

const healthOfBare = stats(ratio('mock', 'bare node:http', (m) => m.health.rps));
const healthOverPeers = Object.fromEntries(
  peerNames.map((peer) => [peer, stats(ratio('mock', peer, (m) => m.health.rps))]),
);
const qrOverPrism = stats(ratio('mock', 'Prism', (m) => m.qr.rps));
const p99Gap = stats(
  runs.map((run) => run.mock.healthFixed.p99 - run['bare node:http'].healthFixed.p99),
);
const qrP99 = stats(per('mock', (m) => m.qrFixed.p99));
const mockStartup = stats(startup.mock);
const met = (ok) => (ok ? '**met**' : '**not met**');
const lastQrCheck = runs.at(-1).mock.qrCheck;
const cpu = cpus();

const targets = [
  `| health: at least 70% of bare node:http's req/s | ${fmt(100 * healthOfBare.median)}% (${fmt(100 * healthOfBare.min)}–${fmt(100 * healthOfBare.max)}%) | ${met(healthOfBare.median >= 0.7)} |`,
  ...peerNames.map(
    (peer) =>
      `| health: at least 2x ${peer} | ${fmt(healthOverPeers[peer].median, 1)}x (${fmt(healthOverPeers[peer].min, 1)}–${fmt(healthOverPeers[peer].max, 1)}x) | ${met(healthOverPeers[peer].median >= 2)} |`,
  ),
  `| health: p99 at ${HEALTH_RATE} req/s within 2 ms of bare's | ${fmt(p99Gap.median, 2)} ms more (${fmt(p99Gap.min, 2)}–${fmt(p99Gap.max, 2)}) | ${met(p99Gap.median <= 2)} |`,
  `| request-new-qr-code (a new, decodable PNG each): at least Prism's req/s | ${fmt(qrOverPrism.median, 2)}x (${fmt(qrOverPrism.min, 2)}–${fmt(qrOverPrism.max, 2)}x) | ${met(qrOverPrism.median >= 1)} |`,
  `| request-new-qr-code: p99 at ${QR_RATE} req/s under 10 ms | ${fmt(qrP99.median, 2)} ms (${fmt(qrP99.min, 2)}–${fmt(qrP99.max, 2)}) | ${met(qrP99.median < 10)} |`,
  `| memory: 100,000 instances under 150 MB resident | ${fmt(memory100k)} MB | ${met(memory100k < 150)} |`,
  `| start-up: under 300 ms to the first 200 | ${fmt(mockStartup.median)} ms (${fmt(mockStartup.min)}–${fmt(mockStartup.max)}) | ${met(mockStartup.median < 300)} |`,
];

const report = `# Benchmarks

Produced by \`npx nx run bench:bench\` (tools/bench/bench.mjs) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${cpu.length} cores (${cpu[0]?.model ?? 'unknown'}), ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}.
Each figure is the median of ${RUNS} runs with the lowest and highest in brackets; every
ratio is worked out within one run (the servers take turns in each run), then the
median of those. Everything runs on the same ${cpu.length} cores as the load generator: compare
within a table, not with another machine.

The work, the same for every server: ${fmt(INSTANCES)} instances, a random one per request;
\`GET /{instance}/health\` and \`POST /{instance}/request-new-qr-code\` with bodies of the
mock's size (${fmt(bodies.health.length)} and ${fmt(bodies.qr.length)} bytes; Prism answers
the spec's examples). The mock runs with its limits lifted (\`--no-rate-limits\`) and
draws a new, real QR PNG for every request. Peers (pinned: WireMock ${PEER_VERSIONS.wiremock}, Mockoon
CLI ${PEER_VERSIONS['@mockoon/cli']}) are installed by the bench into \`node_modules/.cache\` and
set up as a user would: WireMock with one scenario per instance (health answers STOPPED
until the QR is requested, then SCAN_QR_CODE; 3 stubs per instance; its request
journal off), Mockoon from its own import of the spec, kept to the two routes with the
mock's bodies (templating off).${
  Object.keys(unavailable).length
    ? `\n\nNot in this run: ${Object.entries(unavailable)
        .map(([name, reason]) => `${name} (${reason})`)
        .join('; ')}.`
    : ''
}

## Targets

| target | figure | |
| --- | --- | --- |
${targets.join('\n')}

## Start-up: process start to the first 200 (median of ${STARTUP_RUNS}, lowest–highest)

| server | ms |
| --- | --- |
${names.map((name) => `| ${name} | ${spread(startup[name])} |`).join('\n')}

## Throughput at saturation (\`wrk -t1 -c${CONNECTIONS} -d${DURATION}\`, after a ${WARM_UP_SECONDS} s warm-up)

### GET /{instance}/health

${throughputTable('health')}

### POST /{instance}/request-new-qr-code

${throughputTable('qr')}

QR check after the last run: ${lastQrCheck.decoded}/${lastQrCheck.sampled} decoded by jsQR, ${lastQrCheck.unique} unique.

## Latency at a fixed load

Open-loop (tools/bench/fixed-rate.mjs): each request is due at a fixed time and its
latency counts from then, so a stall is paid by every request queued behind it. Debian's
wrk has no rate option, and autocannon's rate times each request from its actual send
(which hides those waits), hence our own.

### GET /{instance}/health at ${fmt(HEALTH_RATE)} req/s for ${FIXED_SECONDS.health} s

${fixedTable('healthFixed')}

### POST /{instance}/request-new-qr-code at ${QR_RATE} req/s for ${FIXED_SECONDS.qr} s

${fixedTable('qrFixed')}

## Memory (the mock, resident after start-up with a seed of N instances)

| instances | RSS MB |
| --- | --- |
| 10,000 | ${fmt(memory10k)} |
| 100,000 | ${fmt(memory100k)} |

${readFileSync(join(root, 'tools/bench/findings.md'), 'utf8')}`;

mkdirSync(join(root, 'docs'), { recursive: true });
const formatted = await prettier.format(report, { parser: 'markdown', proseWrap: 'preserve' });
writeFileSync(join(root, 'docs/benchmarks.md'), formatted);
console.log(
  `\n[bench] done in ${Math.round((performance.now() - began) / 1000)} s; written to docs/benchmarks.md\n\n${formatted}`,
);
