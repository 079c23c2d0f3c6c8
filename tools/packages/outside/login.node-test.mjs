// A user's test with node:test, ESM: start the mock before all, reset after each, close after all.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHypersenderMock } from '@hypersender/mock';
import {
  createHypersenderClient,
  hypersenderError,
  RateLimitedError,
} from '@hypersender/api-client';
import { decodeQr } from './decode-qr.cjs';

let mock;
let client;
before(async () => {
  mock = await startHypersenderMock();
  client = createHypersenderClient({ baseUrl: mock.apiBaseUrl, token: mock.token });
});
afterEach(() => mock.reset());
after(() => mock.close());

const instance = () => ({ params: { path: { instance: mock.instanceId } } });

test('the whole login: a QR, the phone scans it, health until WORKING', async () => {
  const { data } = await client.POST('/{instance}/request-new-qr-code', instance());
  assert.equal(data.status, 'SCAN_QR_CODE');
  await mock.scan(decodeQr(data.qr_code));
  let status;
  for (let attempt = 0; attempt < 5 && status !== 'WORKING'; attempt++) {
    status = (await client.GET('/{instance}/health', instance())).data.status;
  }
  assert.equal(status, 'WORKING');
});

test('a second QR in the minute is refused with 429, and advanceClock(60) lifts it', async () => {
  await client.POST('/{instance}/request-new-qr-code', instance());
  const refused = hypersenderError(
    await client.POST('/{instance}/request-new-qr-code', instance()),
  );
  assert.ok(refused instanceof RateLimitedError);
  assert.equal(refused.retryAfterSeconds, 60);
  await mock.advanceClock(60);
  assert.equal(
    (await client.POST('/{instance}/request-new-qr-code', instance())).response.status,
    200,
  );
});
