import { BASE, ID, OWNER, startMock } from '../test/mock-app';

const auth = { Authorization: `Bearer ${OWNER}` };

describe('the control API', () => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  beforeEach(async () => (mock = await startMock()));
  afterEach(async () => mock.close());

  it('answers liveness without a token', async () => {
    expect((await mock.http().get('/__mock/health')).body).toEqual({ status: 'ok' });
  });

  it('journals public requests with the token redacted, filterable', async () => {
    await mock.http().get(`${BASE}/${ID}/health`).set(auth).expect(200);
    await mock.http().get(`${BASE}/instances`).expect(401);
    const all = await mock.http().get('/__mock/requests');
    expect(all.body).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: `${BASE}/${ID}/health`,
        status: 200,
        authorization: 'Bearer [redacted]',
      }),
      expect.objectContaining({
        method: 'GET',
        path: `${BASE}/instances`,
        status: 401,
        authorization: 'none',
      }),
    ]);
    expect(JSON.stringify(all.body)).not.toContain(OWNER);
    expect((await mock.http().get('/__mock/requests').query({ status: 401 })).body).toHaveLength(1);
    expect(
      (await mock.http().get('/__mock/requests').query({ path: 'health', method: 'get' })).body,
    ).toHaveLength(1);
    expect((await mock.http().get('/__mock/requests').query({ status: 'abc' })).status).toBe(422);
    await mock.http().delete('/__mock/requests').expect(200);
    expect((await mock.http().get('/__mock/requests')).body).toEqual([]);
  });

  it('reads and advances the manual clock; refuses bad amounts', async () => {
    const before = (await mock.http().get('/__mock/clock')).body;
    expect(before.mode).toBe('manual');
    const after = (await mock.http().post('/__mock/clock/advance').send({ ms: 1500 })).body;
    expect(after.now - before.now).toBe(1500);
    for (const body of [{}, { ms: -1 }, { seconds: 'x' }, { ms: 1, seconds: 1 }, { ms: 1.5 }]) {
      expect((await mock.http().post('/__mock/clock/advance').send(body)).status).toBe(422);
    }
  });

  it('refuses to move a real clock', async () => {
    const real = await startMock({ clock: 'real' });
    try {
      const response = await real.http().post('/__mock/clock/advance').send({ seconds: 60 });
      expect(response.status).toBe(409);
      expect(response.body.message).toMatch(/--clock manual/);
    } finally {
      await real.close();
    }
  });

  it('creates instances for a new token, which then authenticates; refuses bad input', async () => {
    const created = await mock
      .http()
      .post('/__mock/instances')
      .send({ token: '5|new', name: 'Lab', phone: '+14155550111', status: 'WORKING' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ token: '5|new', status: 'WORKING' });
    expect(
      (
        await mock
          .http()
          .get(`${BASE}/${created.body.id}/health`)
          .set({ Authorization: 'Bearer 5|new' })
      ).body.status,
    ).toBe('WORKING');
    const bad = await mock
      .http()
      .post('/__mock/instances')
      .send({ name: '', phone: 'x', status: 'ONLINE' });
    expect(bad.status).toBe(422);
    expect(
      Object.keys(
        (await mock.http().post('/__mock/instances').send({ phone: 'x', token: 'a b' })).body
          .errors,
      ).sort(),
    ).toEqual(['name', 'phone', 'token']);
  });

  it('makes a Sanctum-format token for an instance created without one', async () => {
    const created = await mock
      .http()
      .post('/__mock/instances')
      .send({ name: 'Own token', phone: '+14155550112' })
      .expect(201);
    expect(created.body.token).toMatch(/^\d+\|[A-Za-z0-9]{40}[0-9a-f]{8}$/);
    await mock
      .http()
      .get(`${BASE}/instances`)
      .set({ Authorization: `Bearer ${created.body.token}` })
      .expect(200);
  });

  it('scans the current QR by instance, unlinks to FAILED, and refuses what a phone cannot do', async () => {
    expect((await mock.http().post(`/__mock/instances/${ID}/scan`)).status).toBe(409);
    await mock.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth).expect(200);
    expect((await mock.http().post(`/__mock/instances/${ID}/scan`)).body.status).toBe('WORKING');
    expect((await mock.http().post(`/__mock/instances/${ID}/unlink`)).body.status).toBe('FAILED');
    expect((await mock.http().post(`/__mock/instances/${ID}/unlink`)).status).toBe(409);
    expect((await mock.http().post('/__mock/scan').send({ qr: '2@nothing' })).status).toBe(409);
    expect((await mock.http().post('/__mock/scan').send({})).status).toBe(422);
    expect((await mock.http().post('/__mock/instances/nope/unlink')).status).toBe(404);
  });

  it('makes the next start fail', async () => {
    await mock.http().post(`/__mock/instances/${ID}/fail`).send({ on: 'start' }).expect(200);
    await mock.http().post(`${BASE}/${ID}/restart`).set(auth).expect(200);
    await mock.http().post('/__mock/clock/advance').send({ seconds: 5 });
    expect((await mock.http().get(`${BASE}/${ID}/health`).set(auth)).body.status).toBe('FAILED');
    expect(
      (await mock.http().post(`/__mock/instances/${ID}/fail`).send({ on: 'later' })).status,
    ).toBe(422);
  });

  it('resets one instance, and everything (limits included)', async () => {
    await mock.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth).expect(200);
    await mock.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth).expect(429);
    expect((await mock.http().post(`/__mock/instances/${ID}/reset`)).body.status).toBe('STOPPED');
    await mock
      .http()
      .post('/__mock/instances')
      .send({ token: OWNER, name: 'Extra', phone: '+14155550111' });
    await mock.http().post('/__mock/reset').expect(200);
    expect((await mock.http().get('/__mock/instances')).body).toHaveLength(1);
    await mock.http().post(`${BASE}/${ID}/request-new-qr-code`).set(auth).expect(200);
  });
});
