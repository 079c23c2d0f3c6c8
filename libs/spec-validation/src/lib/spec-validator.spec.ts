import { SpecValidator } from './spec-validator';

const validator = SpecValidator.fromFile();
const ID = '9d8f6a52-3c1e-4b7a-9f2d-6e5c4b3a2f10';
const json = { 'content-type': 'application/json; charset=utf-8' };

describe('SpecValidator', () => {
  it('accepts a response that satisfies the spec, with or without the base path', () => {
    const body = JSON.stringify({ instance_id: ID, connected_at: null, status: 'WORKING' });
    expect(
      validator.validate({
        method: 'GET',
        path: `/api/whatsapp/v2/${ID}/health`,
        status: 200,
        headers: json,
        body,
      }),
    ).toEqual([]);
    expect(
      validator.validate({
        method: 'GET',
        path: `/${ID}/health?x=1`,
        status: 200,
        headers: json,
        body,
      }),
    ).toEqual([]);
  });

  it('rejects a wrong body, naming the field', () => {
    const body = JSON.stringify({
      instance_id: ID,
      connected_at: '2025-05-26 10:12',
      status: 'ONLINE',
    });
    const problems = validator.validate({
      method: 'GET',
      path: `/${ID}/health`,
      status: 200,
      headers: json,
      body,
    });
    expect(problems.join('\n')).toMatch(/body\/status must be equal to one of the allowed values/);
    expect(problems.join('\n')).toMatch(/body\/connected_at/);
  });

  it('rejects an undocumented status and an unknown operation', () => {
    expect(
      validator.validate({
        method: 'GET',
        path: `/${ID}/health`,
        status: 418,
        headers: json,
        body: '{}',
      })[0],
    ).toMatch(/not documented/);
    expect(
      validator.validate({
        method: 'DELETE',
        path: `/${ID}/health`,
        status: 200,
        headers: json,
        body: '{}',
      })[0],
    ).toMatch(/no operation/);
  });

  it('requires Retry-After on a 429 and checks the X-RateLimit-* types', () => {
    const body = JSON.stringify({ message: 'Too Many Attempts.' });
    const missing = validator.validate({
      method: 'POST',
      path: `/${ID}/request-new-qr-code`,
      status: 429,
      headers: { ...json, 'x-ratelimit-limit': 'one' },
      body,
    });
    expect(missing.join('\n')).toMatch(/required header Retry-After is missing/);
    expect(missing.join('\n')).toMatch(/X-RateLimit-Limit=one/);
    const ok = validator.validate({
      method: 'POST',
      path: `/${ID}/request-new-qr-code`,
      status: 429,
      headers: { ...json, 'retry-after': '60' },
      body,
    });
    expect(ok).toEqual([]);
  });

  it('rejects a body that is not JSON, or of another content type', () => {
    expect(
      validator.validate({
        method: 'GET',
        path: '/instances',
        status: 200,
        headers: json,
        body: '<html>',
      })[0],
    ).toMatch(/not JSON/);
    expect(
      validator.validate({
        method: 'GET',
        path: '/instances',
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: '[]',
      })[0],
    ).toMatch(/content type/);
  });

  it('every example in the spec satisfies its own schema', () => {
    const paths = validator.doc['paths'] as Record<
      string,
      Record<string, { responses: Record<string, unknown> }>
    >;
    const components = validator.doc['components'] as Record<
      string,
      Record<
        string,
        {
          value?: unknown;
          content?: Record<
            string,
            { examples?: Record<string, { value?: unknown; $ref?: string }> }
          >;
        }
      >
    >;
    let checked = 0;
    for (const [template, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters') continue;
        for (const [status, rawResponse] of Object.entries(operation.responses)) {
          const ref = (rawResponse as { $ref?: string }).$ref;
          const response = (
            ref ? components['responses'][ref.split('/').pop() as string] : rawResponse
          ) as {
            content?: Record<
              string,
              { examples?: Record<string, { value?: unknown; $ref?: string }> }
            >;
          };
          for (const example of Object.values(
            response.content?.['application/json']?.examples ?? {},
          )) {
            const value = example.$ref
              ? components['examples'][example.$ref.split('/').pop() as string].value
              : example.value;
            const path = template.replace('{instance}', ID);
            const headers = { ...json, 'retry-after': '60' };
            expect(
              validator.validate({
                method,
                path,
                status: Number(status),
                headers,
                body: JSON.stringify(value),
              }),
            ).toEqual([]);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(15);
  });
});
