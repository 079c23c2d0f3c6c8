import type { ContractCase } from '../lib/contract-case';
import { ERROR_CASES } from './error.cases';
import { FAULT_CASES } from './fault.cases';
import { LOGIN_CASES } from './login.cases';
import { READ_CASES } from './read.cases';

/** Every case, in the order they run on each target. */
export const ALL_CASES: readonly ContractCase[] = [
  ...READ_CASES,
  ...ERROR_CASES,
  ...LOGIN_CASES,
  ...FAULT_CASES,
];
