// Soak: resident memory of the mock over a long mixed run with rate limits on, and
// after idling. Not a test (run on demand: `npx nx run bench:soak`); flat is the goal.
// Load: wrk (Debian: apt-get install wrk) with a Lua script mixing health and QR
// requests for the seeded instance (mostly 429s once limits bite), health for random,
// non-existent ids (404s: no rate-limit window may be kept for them), and the list.
//   SOAK_SECONDS (default 60) of load, then SOAK_IDLE_SECONDS (default 70) idle.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LOAD_SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const IDLE_SECONDS = Number(process.env.SOAK_IDLE_SECONDS ?? 70);
// SOAK_MAIN and SOAK_TOKEN point the soak at another build (an older commit's, to compare).
const MAIN = process.env.SOAK_MAIN ?? join(root, 'dist/apps/mock-server/main.js');
const TOKEN = process.env.SOAK_TOKEN ?? '1|hsMock3uB2pBSTq9Yw8c7Xr6Lk5Jh4Gf3Ds2AaQ115bf96bb';
const ID = '9d8f6a52-3c1e-4b7a-9f2d-6e5c4b3a2f10';

if (spawnSync('wrk', ['--version']).error) {
  console.error('soak: wrk is not installed (Debian: apt-get install wrk).');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'soak-'));
const script = join(work, 'mixed.lua');
writeFileSync(
  script,
  `
math.randomseed(42)
local auth = { ["Authorization"] = "Bearer ${TOKEN}", ["Accept"] = "application/json" }
local function uuid()
  return string.format("%08x-%04x-4%03x-8%03x-%012x", math.random(0, 0x7fffffff), math.random(0, 0xffff),
    math.random(0, 0xfff), math.random(0, 0xfff), math.random(0, 0x7fffffff))
end
request = function()
  local pick = math.random(1, 10)
  if pick <= 5 then return wrk.format("GET", "/api/whatsapp/v2/" .. uuid() .. "/health", auth) end
  if pick <= 7 then return wrk.format("GET", "/api/whatsapp/v2/${ID}/health", auth) end
  if pick <= 8 then return wrk.format("POST", "/api/whatsapp/v2/${ID}/request-new-qr-code", auth) end
  if pick <= 9 then return wrk.format("GET", "/api/whatsapp/v2/instances", auth) end
  return wrk.format("GET", "/__mock/health")
end
`,
);

const rssMb = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
};

const mock = spawn(process.execPath, [MAIN, '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let banner = '';
const origin = await new Promise((done) =>
  mock.stdout.on('data', (chunk) => {
    banner += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(banner);
    if (match) done(match[1].replace(/\s.*/, ''));
  }),
);
const samples = [{ at: 0, rss: rssMb(mock.pid), phase: 'start' }];
const started = Date.now();
const sampler = setInterval(() => {
  const at = Math.round((Date.now() - started) / 1000);
  const phase = at <= LOAD_SECONDS ? 'load' : 'idle';
  samples.push({ at, rss: rssMb(mock.pid), phase });
  console.log(
    `  ${String(at).padStart(4)} s  ${phase.padEnd(5)} RSS ${rssMb(mock.pid).toFixed(0)} MB`,
  );
}, 5_000);
console.log(`soak: ${LOAD_SECONDS} s of mixed load on ${origin}, then ${IDLE_SECONDS} s idle`);
const wrk = spawn('wrk', ['-t1', '-c32', `-d${LOAD_SECONDS}s`, '-s', script, origin], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let wrkOut = '';
wrk.stdout.on('data', (chunk) => (wrkOut += chunk));
await once(wrk, 'exit');
console.log(
  wrkOut
    .split('\n')
    .filter((line) => /Requests\/sec|requests in|Non-2xx/.test(line))
    .map((l) => `  wrk: ${l.trim()}`)
    .join('\n'),
);
await new Promise((done) => setTimeout(done, IDLE_SECONDS * 1000));
clearInterval(sampler);
const load = samples.filter((sample) => sample.phase === 'load');
const idle = samples.filter((sample) => sample.phase === 'idle');
console.log(
  `\nRSS: start ${samples[0].rss.toFixed(0)} MB, peak under load ${Math.max(...load.map((s) => s.rss)).toFixed(0)} MB, end of load ${load.at(-1)?.rss.toFixed(0)} MB, after ${IDLE_SECONDS} s idle ${idle.at(-1)?.rss.toFixed(0)} MB`,
);
mock.kill('SIGTERM');
await once(mock, 'exit');
