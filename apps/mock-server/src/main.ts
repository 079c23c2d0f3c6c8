#!/usr/bin/env node
// The `hypersender-mock` bin. V8's compiled code is cached on disk between runs: the
// bundle is 3 MB, and compiling it is the largest part of start-up (docs/benchmarks.md).
import 'v8-compile-cache';
import { runHypersenderMockCli } from './index';

runHypersenderMockCli().catch((error: unknown) => {
  console.error(`hypersender-mock: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
