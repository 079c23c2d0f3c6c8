export { ALL_CASES } from './cases';
export type { ContractCase } from './lib/contract-case';
export { httpControl } from './lib/http-control';
export { junitXml } from './lib/junit';
export { runCases, type CaseResult } from './lib/run-cases';
export {
  CAPABILITIES,
  MOCK_CAPABILITIES,
  parseCapabilities,
  type Capability,
  type ContractTarget,
  type ControlApi,
} from './lib/target';
