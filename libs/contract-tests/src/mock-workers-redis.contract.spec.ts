import { describeContract } from './lib/run-contract';
import { mockWorkersOnRedis } from './targets/mock.targets';

describeContract(mockWorkersOnRedis);
