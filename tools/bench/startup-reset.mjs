// Start-up and reset, run on demand (`npx nx run bench:startup`), never by `npm test`:
// - time from spawning a server to its first 200, median of 5 (min-max beside it), for
//   the mock's bin (with V8's code cache cold, then warm), Prism and a bare node:http
//   server (the floor), all in one run;
// - startHypersenderMock()'s reset() with 10 and 1,000 instances, median of 50.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './bench-lib.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'bench-startup-'));
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
const V8_CACHE = join(tmpdir(), `v8-compile-cache-${process.getuid?.() ?? 'user'}`);

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) };
};
const ms = ({ median, min, max }) =>
  `${median.toFixed(0)} ms (${min.toFixed(0)}-${max.toFixed(0)})`;

/** One GET with node:http (not fetch: undici's first call costs the measuring side ~50 ms). */
function get(url) {
  return new Promise((resolve) => {
    const request = http.get(
      url,
      {
        headers: { Accept: 'application/json', Authorization: 'Bearer 1|bench-token' },
        agent: false,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
      },
    );
    request.on('error', () => resolve(0));
  });
}

/** Spawns the server and polls `url` until it answers 200: the time from spawn to that answer. */
async function timeToFirst200(command, args, url) {
  const started = performance.now();
  const child = spawn(command, args, { cwd: root, stdio: 'ignore' });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} exited (${child.exitCode})`);
      if ((await get(url)) === 200) return performance.now() - started;
      await new Promise((wait) => setTimeout(wait, 2));
    }
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

async function startup(name, make, before = () => undefined) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    before();
    const port = await freePort();
    const { command, args, url } = make(port);
    times.push(await timeToFirst200(command, args, url));
  }
  const result = stats(times);
  console.log(`  ${name.padEnd(44)} ${ms(result)}`);
  return result;
}

console.log(`Start-up to first 200, median of ${RUNS} (min-max), ${new Date().toISOString()}`);
const bodyFile = join(work, 'body.json');
writeFileSync(bodyFile, '{"status":"ok"}');
const bare = await startup('bare node:http (the floor)', (port) => ({
  command: process.execPath,
  args: [join(root, 'tools/bench/bare-server.mjs'), bodyFile, String(port)],
  url: `http://127.0.0.1:${port}/`,
}));
const mockArgs = (port) => ({
  command: process.execPath,
  args: [join(root, 'dist/apps/mock-server/main.js'), '--port', String(port)],
  url: `http://127.0.0.1:${port}/__mock/health`,
});
const cold = await startup('hypersender-mock, V8 code cache cold', mockArgs, () =>
  rmSync(V8_CACHE, { recursive: true, force: true }),
);
const warm = await startup('hypersender-mock, V8 code cache warm', mockArgs);
const prism = await startup('Prism 5 (prism mock)', (port) => ({
  command: join(root, 'node_modules/.bin/prism'),
  args: ['mock', join(root, 'openapi/hypersender.yaml'), '-p', String(port), '-h', '127.0.0.1'],
  url: `http://127.0.0.1:${port}/9d8f6a52-3c1e-4b7a-9f2d-6e5c4b3a2f10/health`,
}));
console.log(
  `  mock warm / bare: ${(warm.median / bare.median).toFixed(2)}x; mock cold / bare: ${(cold.median / bare.median).toFixed(2)}x; Prism / mock warm: ${(prism.median / warm.median).toFixed(2)}x`,
);

// reset() from a test's point of view: one call of the helper, over HTTP to the mock.
const { startHypersenderMock } = require(join(root, 'dist/apps/mock-server/index.js'));
console.log('\nreset() of startHypersenderMock, median of 50 (min-max)');
for (const count of [10, 1000]) {
  const token = '1|bench-reset';
  const instances = Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    token,
    name: `Reset ${i}`,
    phone: '+14155550123',
  }));
  const mock = await startHypersenderMock({ seed: { tokens: [], instances } });
  const times = [];
  for (let run = 0; run < 50; run++) {
    await mock.scan(instances[0].id).catch(() => undefined);
    const started = performance.now();
    await mock.reset();
    times.push(performance.now() - started);
  }
  await mock.close();
  const result = stats(times);
  console.log(
    `  ${`${count} instances`.padEnd(44)} ${result.median.toFixed(2)} ms (${result.min.toFixed(2)}-${result.max.toFixed(2)})`,
  );
}
rmSync(work, { recursive: true, force: true });
