import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

/** A free loopback port, for tools that cannot listen on port 0 themselves (Prism). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the output (from its start) matches `pattern`: now, or when it next prints. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
}

/**
 * Spawns `command` directly (never through npx: killing npx left Prism listening) and
 * resolves once a line of its output matches `ready`.
 */
export async function startProcess(
  command: string,
  args: string[],
  ready: RegExp,
  timeoutMs = 30_000,
): Promise<RunningProcess & { match: RegExpExecArray }> {
  const child = spawn(command, args, {
    cwd: WORKSPACE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  let output = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const match = await new Promise<RegExpExecArray>((resolveMatch, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} gave no ready line in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolveMatch(found);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before it was ready:\n${output}`));
    });
  });
  const waitFor = (pattern: RegExp, waitMs = 30_000) =>
    new Promise<RegExpExecArray>((resolveMatch, reject) => {
      const check = () => {
        const found = pattern.exec(output);
        if (!found) return false;
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolveMatch(found);
        return true;
      };
      const onData = () => void check();
      const timer = setTimeout(() => {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        reject(new Error(`${command} never printed ${pattern} in ${waitMs} ms:\n${output}`));
      }, waitMs);
      if (check()) return;
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
    });
  return { child, match, output: () => output, stop, waitFor };
}
