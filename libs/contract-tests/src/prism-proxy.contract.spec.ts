import { describeContract } from './lib/run-contract';
import { prismProxyToMock } from './targets/prism.targets';

describeContract(prismProxyToMock);
