// `npm start`, `npm run qr-login`, `npm run qr-login-web`: build the app quietly (Nx's
// output only when the build fails), then run it in this terminal with the arguments
// given after `--`, its exit code and signals passed through.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [project, main, ...args] = process.argv.slice(2);
const build = spawnSync('npx', ['nx', 'run', `${project}:build`, '--output-style=static'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, NX_TUI: 'false' },
});
if (build.status !== 0) {
  process.stderr.write(`${build.stdout}${build.stderr}\n${project}: the build failed (above).\n`);
  process.exit(build.status ?? 1);
}
const app = spawn(process.execPath, [resolve(root, main), ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 143)));
