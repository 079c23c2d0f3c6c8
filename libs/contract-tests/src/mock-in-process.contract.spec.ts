import { describeContract } from './lib/run-contract';
import { mockInProcess } from './targets/mock.targets';

describeContract(mockInProcess);
