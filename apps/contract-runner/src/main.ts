#!/usr/bin/env node
// The `hypersender-contract` bin.
import { runContractCli } from './index';

runContractCli().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`hypersender-contract: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
