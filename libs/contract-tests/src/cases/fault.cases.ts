import { expect } from 'expect';
import { hypersenderError, ServerError } from '@hypersender/api-client';
import { contractCase, type ContractCase } from '../lib/contract-case';
import { contractClient } from '../lib/contract-client';

const path = (instance: string) => ({ params: { path: { instance } } });

/** The mock's own bad days: what its fault rules do, held to the contract like every answer. */
export const FAULT_CASES: ContractCase[] = [
  contractCase({
    name: 'a fault rule answers only what it matches, only the times it says (a 503 in the contract)',
    needs: ['faults', 'state'],
    async run(target) {
      await target.control.addFault({
        match: { operation: 'getInstanceHealth', instance: target.instanceId },
        status: 503,
        headers: { 'Retry-After': '30' },
        times: 1,
      });
      const client = contractClient(target);
      expect((await client.GET('/instances')).response.status).toBe(200);
      const refused = await client.GET('/{instance}/health', path(target.instanceId));
      expect(hypersenderError(refused)).toBeInstanceOf(ServerError);
      expect(refused.response.headers.get('retry-after')).toBe('30');
      expect(
        (await client.GET('/{instance}/health', path(target.instanceId))).response.status,
      ).toBe(200);
    },
  }),
  contractCase({
    name: 'a request a fault answered does not count against the rate limit',
    needs: ['faults', 'state', 'writes'],
    async run(target) {
      await target.control.addFault({
        match: { operation: 'requestNewQrCode' },
        status: 502,
        body: 'html',
        times: 1,
      });
      const client = contractClient(target);
      const path502 = await client.POST('/{instance}/request-new-qr-code', path(target.instanceId));
      expect(path502.response.status).toBe(502);
      const qr = await client.POST('/{instance}/request-new-qr-code', path(target.instanceId));
      expect(qr.response.status).toBe(200);
    },
  }),
  contractCase({
    name: 'a reset removes every fault rule',
    needs: ['faults', 'state'],
    async run(target) {
      await target.control.addFault({ status: 500 });
      await target.control.reset();
      const health = await contractClient(target).GET(
        '/{instance}/health',
        path(target.instanceId),
      );
      expect(health.response.status).toBe(200);
    },
  }),
];
