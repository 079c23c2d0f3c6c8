import { decodeQrCode as decodeQr } from '@hypersender/test-support';
import { BASE, expectSpec, ID, OTHER, OWNER, startMock } from '../test/mock-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const auth = (token: string) => ({ Authorization: `Bearer ${token}`, Accept: 'application/json' });

describe('the public API', () => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  beforeEach(async () => (mock = await startMock()));
  afterEach(async () => mock.close());

  it('answers request-new-qr-code with the instance in SCAN_QR_CODE and a decodable QR PNG', async () => {
    const response = expectSpec(
      await mock.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth(OWNER)),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: ID,
      status: 'SCAN_QR_CODE',
      service_type: 'whatsapp',
      access_token: null,
    });
    expect(response.body.qr_code).not.toMatch(/^data:/);
    expect(decodeQr(response.body.qr_code)).toMatch(/^2@[^,]+,[^,]{44},[^,]{44},[^,]{44}$/);
  });

  it('drives a whole login: QR, scan through the control API, health WORKING with connected_at', async () => {
    const qr = await mock.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth(OWNER));
    const text = decodeQr(qr.body.qr_code);
    const scan = await mock.http().post('/__mock/scan').send({ qr: text });
    expect(scan.status).toBe(200);
    const health = expectSpec(await mock.http().get(`${BASE}/${ID}/health`).set(auth(OWNER)));
    expect(health.body).toEqual({
      instance_id: ID,
      status: 'WORKING',
      connected_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
    });
  });

  it('refuses to scan an expired QR, and replaces it while staying SCAN_QR_CODE', async () => {
    const qr = await mock.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth(OWNER));
    const text = decodeQr(qr.body.qr_code);
    await mock.http().post('/__mock/clock/advance').send({ seconds: 61 }).expect(200);
    const scan = await mock.http().post('/__mock/scan').send({ qr: text });
    expect(scan.status).toBe(409);
    expect(scan.body.message).toMatch(/no longer valid/);
    const state = await mock.http().get(`/__mock/instances/${ID}`);
    expect(state.body.status).toBe('SCAN_QR_CODE');
    expect(state.body.qr.text).not.toBe(text);
    expect(
      expectSpec(await mock.http().get(`${BASE}/${ID}/health`).set(auth(OWNER))).body.status,
    ).toBe('SCAN_QR_CODE');
  });

  it('limits request-new-qr-code to 1 per minute: 429 with Retry-After, lifted by moving the clock 60 s', async () => {
    expect(
      expectSpec(await mock.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth(OWNER)))
        .status,
    ).toBe(200);
    await mock.http().post('/__mock/clock/advance').send({ seconds: 20 });
    const limited = expectSpec(
      await mock.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth(OWNER)),
    );
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ message: 'Too Many Attempts.' });
    expect(limited.headers['retry-after']).toBe('40');
    expect(limited.headers['x-ratelimit-limit']).toBe('1');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    const clock = await mock.http().get('/__mock/clock');
    expect(Number(limited.headers['x-ratelimit-reset'])).toBe(
      Math.ceil(clock.body.now / 1000) + 40,
    );
    await mock.http().post('/__mock/clock/advance').send({ seconds: 40 });
    expect(
      expectSpec(await mock.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth(OWNER)))
        .status,
    ).toBe(200);
  });

  it('gives exactly one 200 and 49 429s with Retry-After to 50 concurrent QR requests', async () => {
    await mock.app.listen(0, '127.0.0.1');
    const url = await mock.app.getUrl();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(`${url}${BASE}/${ID}/request-new-qr-code`, { method: 'POST', headers: auth(OWNER) }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 429)).toHaveLength(49);
    for (const response of responses.filter((r) => r.status === 429))
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts limits per instance and token: another instance has its own window', async () => {
    const created = await mock
      .http()
      .post('/__mock/instances')
      .send({ token: OWNER, name: 'Second', phone: '+14155550999' });
    await mock.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth(OWNER)).expect(200);
    await mock
      .http()
      .post(`${BASE}/${created.body.id}/request-new-qr-code`)
      .set(auth(OWNER))
      .expect(200);
  });

  it.each([
    ['no Authorization header', {}],
    ['an unknown token', { Authorization: 'Bearer 9|unknown' }],
    ['a malformed header', { Authorization: 'Token abc' }],
  ])('answers 401 to %s on every operation', async (_label, headers) => {
    const calls = [
      mock.http().post(`${BASE}/${ID}/request-new-qr-code`),
      mock.http().get(`${BASE}/${ID}/health`),
      mock.http().post(`${BASE}/create-instance`).send({ name: 'x', phone: '+14155550100' }),
      mock.http().get(`${BASE}/instances`),
      mock.http().post(`${BASE}/${ID}/restart`),
    ];
    for (const call of calls) {
      const response = expectSpec(await call.set(headers));
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ message: 'Unauthenticated.' });
    }
  });

  it.each([
    ['an unknown instance', OWNER, UNKNOWN],
    ['a malformed id', OWNER, 'not-a-uuid'],
    ["another token's instance (no hint that it exists)", OTHER, ID],
  ])('answers 404 for %s', async (_label, token, id) => {
    for (const call of [
      mock.http().post(`${BASE}/${id}/request-new-qr-code`),
      mock.http().get(`${BASE}/${id}/health`),
      mock.http().post(`${BASE}/${id}/restart`),
    ]) {
      const response = await call.set(auth(token));
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ message: 'Instance not found.' });
      expectSpec(response);
    }
  });

  it('answers an unknown route with 404 in the same error shape', async () => {
    const response = await mock.http().get(`${BASE}/nothing/here/at/all`).set(auth(OWNER));
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      message: 'The route api/whatsapp/v2/nothing/here/at/all could not be found.',
    });
  });

  it('creates an instance PENDING, which then starts on its own', async () => {
    const created = expectSpec(
      await mock
        .http()
        .post(`${BASE}/create-instance`)
        .set(auth(OWNER))
        .send({ name: 'Sales', phone: '+14155550188', webhook_url: 'https://example.org/h' }),
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Sales', status: 'PENDING', qr_code: null });
    await mock.http().post('/__mock/clock/advance').send({ seconds: 5 });
    const health = expectSpec(
      await mock.http().get(`${BASE}/${created.body.id}/health`).set(auth(OWNER)),
    );
    expect(health.body.status).toBe('SCAN_QR_CODE');
  });

  it.each([
    ['missing phone', { name: 'A' }, ['phone']],
    ['non-E.164 phone', { name: 'A', phone: '0044 20 7183 8750' }, ['phone']],
    ['name too long', { name: 'n'.repeat(51), phone: '+14155550188' }, ['name']],
    ['name taken', { name: 'Support line', phone: '+14155550188' }, ['name']],
    [
      'http webhook',
      { name: 'A', phone: '+14155550188', webhook_url: 'http://example.org' },
      ['webhook_url'],
    ],
  ])(
    'answers 422 with field errors for a create-instance body with %s',
    async (_label, body, fields) => {
      const response = expectSpec(
        await mock.http().post(`${BASE}/create-instance`).set(auth(OWNER)).send(body),
      );
      expect(response.status).toBe(422);
      expect(response.body.message).toBe('The given data was invalid.');
      expect(Object.keys(response.body.errors)).toEqual(fields);
    },
  );

  it('answers 422, not a crash, to a body that is not JSON', async () => {
    const response = expectSpec(
      await mock
        .http()
        .post(`${BASE}/create-instance`)
        .set(auth(OWNER))
        .set('Content-Type', 'application/json')
        .send('{"name":'),
    );
    expect(response.status).toBe(422);
    expect(response.body.errors.body[0]).toMatch(
      /The request body (must be valid JSON|could not be read: .*JSON)/,
    );
    const wrongType = expectSpec(
      await mock
        .http()
        .post(`${BASE}/create-instance`)
        .set(auth(OWNER))
        .set('Content-Type', 'text/plain')
        .send('hello'),
    );
    expect(wrongType.status).toBe(422);
  });

  it('takes Content-Type: application/json with an empty body as no body, as Laravel does', async () => {
    for (const operation of ['request-new-qr-code', 'restart']) {
      const response = expectSpec(
        await mock
          .http()
          .post(`${BASE}/${ID}/${operation}`)
          .set(auth(OWNER))
          .set('Content-Type', 'application/json')
          .send(''),
      );
      expect(response.status).toBe(200);
    }
    const create = expectSpec(
      await mock
        .http()
        .post(`${BASE}/create-instance`)
        .set(auth(OWNER))
        .set('Content-Type', 'application/json')
        .send(''),
    );
    expect(create.status).toBe(422);
    expect(Object.keys(create.body.errors)).toEqual(['name', 'phone']);
  });

  it('lists instances with filters, without qr_code; a bad status filter is 422', async () => {
    const all = expectSpec(await mock.http().get(`${BASE}/instances`).set(auth(OWNER)));
    expect(all.body).toHaveLength(1);
    expect(all.body[0]).not.toHaveProperty('qr_code');
    const filtered = expectSpec(
      await mock
        .http()
        .get(`${BASE}/instances`)
        .query({ 'filter[name]': 'nomatch' })
        .set(auth(OWNER)),
    );
    expect(filtered.body).toEqual([]);
    const bad = expectSpec(
      await mock
        .http()
        .get(`${BASE}/instances`)
        .query({ 'filter[status]': 'ONLINE' })
        .set(auth(OWNER)),
    );
    expect(bad.status).toBe(422);
  });

  it('restarts: 200 then STARTING; 500 when told to fail, state unchanged', async () => {
    await mock.http().post(`/__mock/instances/${ID}/fail`).send({ on: 'restart' }).expect(200);
    const failed = expectSpec(await mock.http().post(`${BASE}/${ID}/restart`).set(auth(OWNER)));
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ message: 'Failed to restart WhatsApp instance.' });
    const ok = expectSpec(await mock.http().post(`${BASE}/${ID}/restart`).set(auth(OWNER)));
    expect(ok.body).toEqual({ message: 'WhatsApp instance restarted successfully.' });
    expect((await mock.http().get(`${BASE}/${ID}/health`).set(auth(OWNER))).body.status).toBe(
      'STARTING',
    );
  });

  it('refuses a new QR on a WORKING instance with 422 under --working-qr refuse', async () => {
    const refusing = await startMock({ workingQrPolicy: 'refuse' });
    try {
      await refusing.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth(OWNER)).expect(200);
      await refusing.http().post(`/__mock/instances/${ID}/scan`).expect(200);
      await refusing.http().post('/__mock/clock/advance').send({ seconds: 60 });
      const refused = expectSpec(
        await refusing.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth(OWNER)),
      );
      expect(refused.status).toBe(422);
    } finally {
      await refusing.close();
    }
  });

  it('limits health to 10 per minute', async () => {
    for (let i = 0; i < 10; i++)
      await mock.http().get(`${BASE}/${ID}/health`).set(auth(OWNER)).expect(200);
    expect(expectSpec(await mock.http().get(`${BASE}/${ID}/health`).set(auth(OWNER))).status).toBe(
      429,
    );
  });
});
