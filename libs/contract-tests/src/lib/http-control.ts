import type { ControlApi } from './target';

/** The mock's control API (`openapi/mock-control.yaml`) over HTTP. */
export function httpControl(origin: string, controlToken?: string): ControlApi {
  // Beyond loopback a mock wants its control token (`--control-token`, or its banner's).
  const headers = {
    'Content-Type': 'application/json',
    ...(controlToken ? { Authorization: `Bearer ${controlToken}` } : {}),
  };
  const post = async (path: string, body?: unknown) => {
    const response = await fetch(`${origin}/__mock${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body ?? {}),
    });
    await response.arrayBuffer();
    return response.status;
  };
  return {
    scan: (qr) => post('/scan', { qr }),
    advanceClock: async (seconds) => {
      const status = await post('/clock/advance', { seconds });
      if (status !== 200) throw new Error(`advancing the clock answered ${status}`);
    },
    addFault: async (rule) => {
      const response = await fetch(`${origin}/__mock/faults`, {
        method: 'POST',
        headers,
        body: JSON.stringify(rule),
      });
      const body = (await response.json()) as { id?: string };
      if (response.status !== 201 || !body.id)
        throw new Error(`adding a fault rule answered ${response.status}`);
      return body.id;
    },
    reset: async () => {
      const status = await post('/reset');
      if (status !== 200) throw new Error(`reset answered ${status}`);
    },
  };
}
