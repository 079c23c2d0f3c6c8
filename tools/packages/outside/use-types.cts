// A TypeScript user (CommonJS): the same types through require.
import mockPackage = require('@hypersender/mock');

export async function firstQr(): Promise<string> {
  const mock = await mockPackage.startHypersenderMock({ seed: { tokens: ['1|t'] } });
  const entries = await mock.requests({ status: 200 });
  await mock.close();
  return entries.map((entry) => entry.path).join();
}
