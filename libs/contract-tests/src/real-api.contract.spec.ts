import { describeContract } from './lib/run-contract';
import { realApi } from './targets/external.targets';

describeContract(realApi);
