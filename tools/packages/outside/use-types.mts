// A TypeScript user (ESM, nodenext): the package's types, checked with skipLibCheck off.
import { startHypersenderMock, type HypersenderMock } from '@hypersender/mock';
import { runHypersenderContract, type ContractCaseResult } from '@hypersender/contract';

export async function withMock(): Promise<ContractCaseResult[]> {
  await using mock: HypersenderMock = await startHypersenderMock({
    qrTtl: 30,
    workingQr: 'refuse',
  });
  await mock.advanceClock(1);
  return runHypersenderContract({
    baseUrl: mock.apiBaseUrl,
    token: mock.token,
    instanceId: mock.instanceId,
    capabilities: ['state', 'phone'],
    controlUrl: mock.url,
  });
}
