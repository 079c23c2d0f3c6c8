import cluster, { type Worker } from 'node:cluster';
import type { MockConfig } from '@hypersender/mock-http';
import { openBackend } from './listen';
import { startupBanner } from './startup-banner';

/** What a worker tells the primary. */
export type WorkerNews =
  { type: 'listening'; origin: string } | { type: 'failed'; message: string };

/** In a worker: tells the primary (which prints the one banner). */
export function tellPrimary(news: WorkerNews): void {
  process.send?.(news);
}

export const isWorker = () => cluster.isWorker;

/**
 * `--workers N`: N processes answering on one port (node's cluster module: the primary
 * holds the socket, the workers take turns), all on the one Redis store. The primary
 * checks Redis first (a clear message and exit 2 when it is away), prints one banner
 * once every worker listens, starts a new worker when one dies, and on SIGTERM/SIGINT
 * stops them all gracefully (a second signal kills them).
 */
export async function runWorkers(
  config: MockConfig,
  exit: (code: number) => never,
  codes: { ok: number; usage: number },
): Promise<void> {
  try {
    await (await openBackend(config, () => undefined)).close();
  } catch (error) {
    console.error(`hypersender-mock: ${(error as Error).message}`);
    exit(codes.usage);
  }

  let closing = false;
  let origin: string | undefined;
  const fork = () => {
    const worker = cluster.fork({
      HYPERSENDER_MOCK_WORKER: '1',
      ...(config.controlToken ? { HYPERSENDER_MOCK_CONTROL_TOKEN: config.controlToken } : {}),
    });
    worker.on('message', (news: WorkerNews) => onNews(worker, news));
    return worker;
  };
  const everyWorker = () => Object.values(cluster.workers ?? {}) as Worker[];

  let started: (value: string) => void = () => undefined;
  let failed: (message: string) => void = () => undefined;
  const ready = new Promise<string>((resolve, reject) => {
    started = resolve;
    failed = (message) => reject(new Error(message));
  });
  let listening = 0;
  const onNews = (_worker: Worker, news: WorkerNews) => {
    if (news.type === 'failed') return failed(news.message);
    origin = news.origin;
    listening += 1;
    if (listening === config.workers) started(news.origin);
  };

  cluster.on('exit', (worker, code, signal) => {
    if (closing) {
      if (everyWorker().length === 0) exit(codes.ok);
      return;
    }
    if (origin === undefined || listening < config.workers) {
      failed(`a worker stopped before it listened (${signal ?? `exit ${code}`})`);
      return;
    }
    console.warn(
      `hypersender-mock: worker ${worker.process.pid} stopped (${signal ?? `exit ${code}`}): starting another`,
    );
    fork();
  });

  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      console.log(`${signal} again: exiting now`);
      for (const worker of everyWorker()) worker.process.kill('SIGKILL');
      exit(128 + (signal === 'SIGINT' ? 2 : 15));
    }
    closing = true;
    console.log(`${signal}: the workers finish their requests in flight, then exit`);
    if (everyWorker().length === 0) exit(codes.ok);
    for (const worker of everyWorker()) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  for (let i = 0; i < config.workers; i++) fork();
  try {
    const at = await ready;
    console.log(startupBanner(config, at));
  } catch (error) {
    closing = true;
    for (const worker of everyWorker()) worker.process.kill('SIGKILL');
    console.error(`hypersender-mock: ${(error as Error).message}`);
    exit(codes.usage);
  }
}
