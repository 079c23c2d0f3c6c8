import { expect } from 'expect';
import { hypersenderError, RateLimitedError, unwrap } from '@hypersender/api-client';
import { contractCase, type ContractCase } from '../lib/contract-case';
import { contractClient } from '../lib/contract-client';
import { decodeQrCode } from '@hypersender/test-support';

const path = (instance: string) => ({ params: { path: { instance } } });

export const LOGIN_CASES: ContractCase[] = [
  contractCase({
    name: 'the whole login: request a QR, decode it, scan it, health until WORKING',
    needs: ['state', 'phone', 'writes'],
    async run(target) {
      const client = contractClient(target);
      const instance = unwrap(
        await client.POST('/{instance}/request-new-qr-code', path(target.instanceId)),
      );
      const text = decodeQrCode(instance.qr_code);
      expect(text).toBeDefined();
      expect(await target.control.scan(text as string)).toBe(200);
      let status = '';
      for (let attempt = 0; attempt < 5 && status !== 'WORKING'; attempt++) {
        const health = unwrap(await client.GET('/{instance}/health', path(target.instanceId)));
        status = health.status;
        if (status === 'WORKING') expect(health.connected_at).not.toBeNull();
      }
      expect(status).toBe('WORKING');
      const listed = unwrap(
        await client.GET('/instances', {
          params: { query: { 'filter[uuid]': target.instanceId } },
        }),
      );
      expect(listed[0].access_token).not.toBeNull();
    },
  }),
  contractCase({
    name: 'an expired QR is replaced (still SCAN_QR_CODE) and a phone refuses it',
    needs: ['state', 'phone', 'clock', 'writes'],
    async run(target) {
      const client = contractClient(target);
      const instance = unwrap(
        await client.POST('/{instance}/request-new-qr-code', path(target.instanceId)),
      );
      await target.control.advanceClock(61);
      expect(await target.control.scan(decodeQrCode(instance.qr_code) as string)).toBe(409);
      expect(unwrap(await client.GET('/{instance}/health', path(target.instanceId))).status).toBe(
        'SCAN_QR_CODE',
      );
    },
  }),
  contractCase({
    name: 'moving the clock past the window lifts the 429',
    needs: ['state', 'clock', 'writes'],
    async run(target) {
      const client = contractClient(target);
      unwrap(await client.POST('/{instance}/request-new-qr-code', path(target.instanceId)));
      const limited = hypersenderError(
        await client.POST('/{instance}/request-new-qr-code', path(target.instanceId)),
      );
      expect(limited).toBeInstanceOf(RateLimitedError);
      await target.control.advanceClock((limited as RateLimitedError).retryAfterSeconds);
      expect(
        hypersenderError(
          await client.POST('/{instance}/request-new-qr-code', path(target.instanceId)),
        ),
      ).toBeUndefined();
    },
  }),
];
