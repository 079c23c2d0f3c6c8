import { expect } from 'expect';
import {
  hypersenderError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthenticatedError,
  ValidationFailedError,
} from '@hypersender/api-client';
import { contractCase, type ContractCase } from '../lib/contract-case';
import { contractClient } from '../lib/contract-client';

const UNKNOWN_INSTANCE = '00000000-0000-4000-8000-000000000000';
const path = (instance: string) => ({ params: { path: { instance } } });

export const ERROR_CASES: ContractCase[] = [
  contractCase({
    name: '401 without a token, on every operation',
    needs: [],
    async run(target) {
      const client = contractClient(target, { token: '', deliberatelyInvalid: true });
      const results: Array<{ response: Response; error?: unknown }> = [
        await client.GET('/{instance}/health', path(target.instanceId)),
        await client.GET('/instances'),
        await client.POST('/{instance}/request-new-qr-code', path(target.instanceId)),
        await client.POST('/create-instance', {
          body: { name: 'No token', phone: '+14155550188' },
        }),
        await client.POST('/{instance}/restart', path(target.instanceId)),
      ];
      for (const result of results) {
        const error = hypersenderError(result);
        expect(error).toBeInstanceOf(UnauthenticatedError);
        expect(error?.message).toBe('Unauthenticated.');
      }
    },
  }),
  contractCase({
    name: '401 with a wrong token',
    needs: ['tokens'],
    async run(target) {
      const client = contractClient(target, { token: '999|not-a-real-token' });
      expect(
        hypersenderError(await client.GET('/{instance}/health', path(target.instanceId))),
      ).toBeInstanceOf(UnauthenticatedError);
      expect(hypersenderError(await client.GET('/instances'))).toBeInstanceOf(UnauthenticatedError);
    },
  }),
  contractCase({
    name: '404 for an unknown instance',
    needs: ['tokens'],
    async run(target) {
      const error = hypersenderError(
        await contractClient(target).GET('/{instance}/health', path(UNKNOWN_INSTANCE)),
      );
      expect(error).toBeInstanceOf(NotFoundError);
    },
  }),
  contractCase({
    name: '422 with field errors for a bad create-instance body',
    needs: ['validation', 'writes'],
    async run(target) {
      // An invalid body on purpose: a validating proxy rightly reports the request.
      const client = contractClient(target, { deliberatelyInvalid: true });
      const result = await client.POST('/create-instance', {
        body: { name: 'x'.repeat(51), phone: '0044 20 7183 8750' },
      });
      const error = hypersenderError(result);
      expect(error).toBeInstanceOf(ValidationFailedError);
      expect(Object.keys((error as ValidationFailedError).fieldErrors).sort()).toEqual([
        'name',
        'phone',
      ]);
    },
  }),
  contractCase({
    name: '429 with Retry-After on the second QR request in a window',
    needs: ['state', 'writes'],
    async run(target) {
      const client = contractClient(target);
      expect(
        hypersenderError(
          await client.POST('/{instance}/request-new-qr-code', path(target.instanceId)),
        ),
      ).toBeUndefined();
      const error = hypersenderError(
        await client.POST('/{instance}/request-new-qr-code', path(target.instanceId)),
      );
      expect(error).toBeInstanceOf(RateLimitedError);
      const limited = error as RateLimitedError;
      expect(limited.retryAfterSeconds).toBeGreaterThan(0);
      expect(limited.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(limited).toMatchObject({ limit: 1, remaining: 0, message: 'Too Many Attempts.' });
    },
  }),
  contractCase({
    name: 'forced 401, 404, 422, 429 and 500 are read as typed errors',
    needs: ['forced-responses'],
    async run(target) {
      const forced = (code: number) =>
        contractClient(target, { headers: { Prefer: `code=${code}` } });
      const qr = (code: number) =>
        forced(code).POST('/{instance}/request-new-qr-code', path(target.instanceId));
      expect(hypersenderError(await forced(401).GET('/instances'))).toBeInstanceOf(
        UnauthenticatedError,
      );
      expect(hypersenderError(await qr(404))).toBeInstanceOf(NotFoundError);
      const invalid = hypersenderError(
        await forced(422).POST('/create-instance', {
          body: { name: 'Taken', phone: '+14155550188' },
        }),
      );
      expect((invalid as ValidationFailedError).fieldErrors).toHaveProperty('phone');
      const limited = hypersenderError(await qr(429)) as RateLimitedError;
      expect(limited).toBeInstanceOf(RateLimitedError);
      expect(limited.retryAfterSeconds).toBe(60);
      expect(
        hypersenderError(await forced(500).POST('/{instance}/restart', path(target.instanceId))),
      ).toBeInstanceOf(ServerError);
    },
  }),
];
