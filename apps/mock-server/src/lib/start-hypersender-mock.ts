import { PUBLIC_BASE_PATH } from '@hypersender/mock-http';
import { listenConfigured, withControlToken } from './listen';
import { mockConfigFromOptions } from './mock-options';
import type {
  CreateMockInstance,
  HypersenderMock,
  HypersenderMockOptions,
  JournalEntry,
  JournalFilter,
  MockFaultRule,
  MockInstance,
} from './public-types';

/** A control call the mock refused (the control API's status and message). */
export class MockControlError extends Error {
  override readonly name = 'MockControlError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    const message = (body as { message?: unknown })?.message;
    super(`${what} answered ${status}${typeof message === 'string' ? `: ${message}` : ''}`);
  }
}

/**
 * Starts a mock Hypersender in this process, on a free loopback port with a manual
 * clock unless told otherwise. Each call is a separate mock: separate instances,
 * limits, clock and journal. Resolves once it answers.
 *
 * ```ts
 * const mock = await startHypersenderMock();
 * // point your client at mock.apiBaseUrl with mock.token, then:
 * await mock.scan(mock.instanceId);
 * await mock.close();
 * ```
 */
export async function startHypersenderMock(
  options: HypersenderMockOptions = {},
): Promise<HypersenderMock> {
  const config = withControlToken(mockConfigFromOptions(options as Record<string, unknown>));
  if (config.workers > 1)
    throw new Error(
      'option workers runs several processes: start the hypersender-mock command with --workers instead',
    );
  const started = await listenConfigured(config);
  const { origin } = started;
  const seeded = config.seed.instances[0];

  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${origin}/__mock${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(config.controlToken ? { Authorization: `Bearer ${config.controlToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok)
      throw new MockControlError(response.status, parsed, `${method} /__mock${path}`);
    return parsed as T;
  };
  const instancePath = (id: string) => `/instances/${encodeURIComponent(id)}`;

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= started.close());

  return {
    url: origin,
    apiBaseUrl: `${origin}/${PUBLIC_BASE_PATH}`,
    token: seeded?.token ?? config.seed.tokens[0] ?? '',
    instanceId: seeded?.id ?? '',
    controlToken: config.controlToken,
    createInstance: (instance: CreateMockInstance) =>
      control<MockInstance>('POST', '/instances', { token: seeded?.token, ...instance }),
    // A decoded QR text starts with WhatsApp's "2@"; anything else names an instance.
    scan: (idOrQrText) =>
      idOrQrText.startsWith('2@')
        ? control<MockInstance>('POST', '/scan', { qr: idOrQrText })
        : control<MockInstance>('POST', `${instancePath(idOrQrText)}/scan`, {}),
    unlink: (id) => control<MockInstance>('POST', `${instancePath(id)}/unlink`, {}),
    failNext: (id, on) => control<MockInstance>('POST', `${instancePath(id)}/fail`, { on }),
    advanceClock: async (seconds) => {
      await control('POST', '/clock/advance', { seconds });
    },
    requests: (filter: JournalFilter = {}) => {
      const query = new URLSearchParams(
        Object.entries(filter)
          .filter(([, value]) => value !== undefined)
          .map(([name, value]) => [name, String(value)]),
      );
      const suffix = query.size > 0 ? `?${query}` : '';
      return control<JournalEntry[]>('GET', `/requests${suffix}`);
    },
    addFault: async (rule: MockFaultRule) =>
      (await control<{ id: string }>('POST', '/faults', rule)).id,
    clearFaults: async () => {
      await control('DELETE', '/faults');
    },
    reset: async () => {
      await control('POST', '/reset', {});
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
