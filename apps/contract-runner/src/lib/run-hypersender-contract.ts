import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ALL_CASES,
  CAPABILITIES,
  httpControl,
  junitXml,
  runCases,
  type Capability,
  type ContractTarget,
} from '@hypersender/contract-tests';
import type { ContractCaseResult, ContractRunOptions } from './public-types';

/**
 * Runs the contract cases (the same ones the monorepo's jest targets run) against one
 * deployment, and writes a JUnit report when asked. Resolves with each case's result;
 * it never throws for a failing case, only for options it cannot use.
 */
export async function runHypersenderContract(
  options: ContractRunOptions,
): Promise<ContractCaseResult[]> {
  for (const name of ['baseUrl', 'token', 'instanceId'] as const) {
    if (typeof options[name] !== 'string' || options[name] === '')
      throw new TypeError(`${name} is required`);
  }
  try {
    new URL(options.baseUrl);
  } catch {
    throw new TypeError(`baseUrl is not a URL: ${options.baseUrl}`);
  }
  const unknown = (options.capabilities ?? []).filter(
    (name) => !(CAPABILITIES as readonly string[]).includes(name),
  );
  if (unknown.length > 0)
    throw new TypeError(
      `unknown capability ${unknown.join(', ')}; known: ${CAPABILITIES.join(', ')}`,
    );
  const capabilities = new Set<Capability>(options.capabilities ?? []);
  const needsControl = ['phone', 'clock', 'faults'].filter((name) =>
    capabilities.has(name as Capability),
  );
  if (needsControl.length > 0 && !options.controlUrl)
    throw new TypeError(`${needsControl.join(' and ')} need a control URL (a mock's origin)`);

  const target: ContractTarget = {
    name: options.baseUrl,
    baseUrl: options.baseUrl,
    token: options.token,
    instanceId: options.instanceId,
    capabilities,
    control: options.controlUrl ? httpControl(options.controlUrl, options.controlToken) : undefined,
    stop: async () => undefined,
  };
  const results = await runCases(target, ALL_CASES, options.onResult);
  if (options.junit) {
    mkdirSync(dirname(options.junit), { recursive: true });
    writeFileSync(options.junit, junitXml(`contract: ${options.baseUrl}`, results));
  }
  return results;
}
