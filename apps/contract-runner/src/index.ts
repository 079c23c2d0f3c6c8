/**
 * `@hypersender/contract`: the Hypersender contract cases, run against any deployment
 * (`hypersender-contract`, which is `runContractCli`, or `runHypersenderContract`).
 */
export { runHypersenderContract } from './lib/run-hypersender-contract';
export { runContractCli } from './lib/cli';
export type * from './lib/public-types';
