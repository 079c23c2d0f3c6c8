import fc from 'fast-check';
import { resolve } from 'node:path';
import { SpecValidator } from '@hypersender/spec-validation';
import { BASE, ID, OWNER, startMock } from '../../test/mock-app';

/**
 * Generated requests (methods, paths, ids, headers, bodies, content types) straight at
 * the mock in-process: every answer must be inside its contract (no 5xx, a status the
 * spec documents for the operation, a body in its schema), and an unknown route a 404
 * in the API's shape. A fixed seed and a bounded count in `npm test`; a longer run is
 * `PROPERTY_RUNS=20000 npx jest -c libs/mock-http/jest.config.cjs hostile-input`, and
 * `PROPERTY_SEED` replays a reported failure.
 */
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 300);
const SEED = Number(process.env['PROPERTY_SEED'] ?? 20261130);

const publicSpec = SpecValidator.fromFile();
const controlSpec = SpecValidator.fromFile(
  resolve(__dirname, '../../../../../openapi/mock-control.yaml'),
);

const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('%', '%E0%A4%A', '%2F', '..', '%00', ' ', '%20', 'a'.repeat(300), '😀'),
);
const id = fc.oneof(
  fc.constant(ID),
  fc.uuid(),
  oddText.map((text) => encodeURIComponent(text) || 'x'),
  oddText.filter((text) => text !== '' && !text.includes('/') && !text.includes('?')),
);
const path = fc.oneof(
  id.map((instance) => `${BASE}/${instance}/health`),
  id.map((instance) => `${BASE}/${instance}/request-new-qr-code`),
  id.map((instance) => `${BASE}/${instance}/restart`),
  fc.constant(`${BASE}/create-instance`),
  fc
    .record({ key: fc.constantFrom('uuid', 'name', 'phone', 'status', 'x'), value: oddText })
    .map(({ key, value }) => `${BASE}/instances?filter[${key}]=${encodeURIComponent(value)}`),
  id.map((instance) => `/__mock/instances/${instance}`),
  id.map((instance) => `/__mock/instances/${instance}/scan`),
  id.map((instance) => `/__mock/instances/${instance}/fail`),
  fc.constantFrom(
    '/__mock/clock',
    '/__mock/clock/advance',
    '/__mock/scan',
    '/__mock/requests?status=x',
    '/__mock/requests?method=GET',
    '/__mock/webhooks',
    '/__mock/instances',
    '/',
    '/api',
  ),
  oddText.map((text) => `/${encodeURIComponent(text)}`),
);
const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.record(
    {
      name: fc.oneof(oddText, fc.integer()),
      phone: fc.oneof(fc.constant('+14155550123'), oddText),
      webhook_url: fc.oneof(fc.webUrl(), oddText),
      token: oddText,
      status: fc.constantFrom('STOPPED', 'WORKING', 'ONLINE'),
      seconds: fc.oneof(fc.double(), fc.integer()),
      ms: fc.oneof(fc.double(), fc.integer()),
      qr: oddText,
      on: fc.constantFrom('start', 'restart', 'never'),
    },
    { requiredKeys: [] },
  ),
);
const body = fc.oneof(
  fc.constant(undefined),
  jsonValue.map((value) => ({ type: 'application/json', payload: JSON.stringify(value) })),
  oddText.map((text) => ({ type: 'application/json', payload: text })),
  fc.record({
    type: fc.constantFrom(
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'weird/type',
    ),
    payload: oddText,
  }),
);
const authorization = fc.oneof(
  fc.constant(`Bearer ${OWNER}`),
  fc.constant(undefined),
  fc.constantFrom('Bearer', 'Bearer  ', `bearer ${OWNER}`, 'Basic abc', `Bearer ${OWNER} x`),
  oddText.map((text) => `Bearer ${text.replace(/[\r\n]/g, '')}`),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
  url: path,
  authorization,
  accept: fc.constantFrom(undefined, 'application/json', 'text/html', '*/*'),
  body,
});

describe('hostile input, generated (fast-check)', () => {
  it(`answers ${RUNS} generated requests inside the contract: no 5xx, no undocumented status, no body off its schema`, async () => {
    const mock = await startMock();
    const fastify = mock.app.getHttpAdapter().getInstance();
    try {
      await fc.assert(
        fc.asyncProperty(request, async (generated) => {
          const headers: Record<string, string> = {};
          if (generated.authorization !== undefined)
            headers['authorization'] = generated.authorization;
          if (generated.accept !== undefined) headers['accept'] = generated.accept;
          if (generated.body) headers['content-type'] = generated.body.type;
          const response = await fastify.inject({
            method: generated.method as 'GET',
            url: generated.url,
            headers,
            payload: generated.body?.payload,
          });
          const path = generated.url.split('?')[0];
          // The one 5xx the mock gives: a restart told to fail (POST /__mock/instances/{id}/fail).
          if (!(response.statusCode === 500 && path.endsWith('/restart')))
            expect(response.statusCode).toBeLessThan(500);
          const validator = path.startsWith('/__mock/') ? controlSpec : publicSpec;
          const problems = validator.validate({
            method: generated.method,
            path,
            status: response.statusCode,
            headers: response.headers as Record<string, string>,
            body: response.body,
          });
          const unknownRoute = problems.some((problem) =>
            problem.endsWith('no operation of the spec matches'),
          );
          if (unknownRoute) {
            expect(response.statusCode).toBe(404);
            expect(Object.keys(response.json())).toEqual(['message']);
          } else {
            expect(problems).toEqual([]);
          }
          expect(response.body).not.toMatch(/FST_ERR|at .*\.(js|ts):\d+/);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    } finally {
      await mock.close();
    }
  }, 120_000);
});
