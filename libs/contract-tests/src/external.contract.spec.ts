import { describeContract } from './lib/run-contract';
import { externalTarget } from './targets/external.targets';

describeContract(externalTarget);
