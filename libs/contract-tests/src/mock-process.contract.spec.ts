import { describeContract } from './lib/run-contract';
import { mockAsProcess } from './targets/mock.targets';

describeContract(mockAsProcess);
