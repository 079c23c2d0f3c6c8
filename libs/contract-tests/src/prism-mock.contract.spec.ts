import { describeContract } from './lib/run-contract';
import { prismMock } from './targets/prism.targets';

describeContract(prismMock);
