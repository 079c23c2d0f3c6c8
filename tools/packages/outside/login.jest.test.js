// A user's test with jest, CommonJS: start the mock before all, reset after each, close after all.
const { startHypersenderMock } = require('@hypersender/mock');
const {
  createHypersenderClient,
  hypersenderError,
  RateLimitedError,
} = require('@hypersender/api-client');
const { decodeQr } = require('./decode-qr.cjs');

let mock;
let client;
beforeAll(async () => {
  mock = await startHypersenderMock();
  client = createHypersenderClient({ baseUrl: mock.apiBaseUrl, token: mock.token });
});
afterEach(() => mock.reset());
afterAll(() => mock.close());

const instance = () => ({ params: { path: { instance: mock.instanceId } } });

test('the whole login: a QR, the phone scans it, health until WORKING', async () => {
  const { data } = await client.POST('/{instance}/request-new-qr-code', instance());
  expect(data.status).toBe('SCAN_QR_CODE');
  await mock.scan(decodeQr(data.qr_code));
  const health = await client.GET('/{instance}/health', instance());
  expect(health.data).toMatchObject({ status: 'WORKING', connected_at: expect.any(String) });
});

test('a second QR in the minute is refused with 429, and advanceClock(60) lifts it', async () => {
  await client.POST('/{instance}/request-new-qr-code', instance());
  const refused = hypersenderError(
    await client.POST('/{instance}/request-new-qr-code', instance()),
  );
  expect(refused).toBeInstanceOf(RateLimitedError);
  await mock.advanceClock(60);
  expect((await client.POST('/{instance}/request-new-qr-code', instance())).response.status).toBe(
    200,
  );
});
