import { createHypersenderClient } from '@hypersender/api-client';
import type { Timer } from '../lib/timer';

export const ID = '9d8f6a52-3c1e-4b7a-9f2d-6e5c4b3a2f10';
export const PNG = 'iVBORw0KGgoAAAANSUhEUg==';

/** Time that moves only when the flow sleeps. */
export function fakeTimer(start = 1_000_000): Timer & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      slept.push(ms);
      now += ms;
    },
  };
}

export type Reply = { status: number; body: unknown; headers?: Record<string, string> };

/** A fetch that answers QR requests and health reads from scripts, recording when each came. */
export function scriptedApi(timer: Timer, script: { qr?: Reply[]; health?: Reply[] }) {
  const calls: Array<{ path: string; at: number }> = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    calls.push({ path, at: timer.now() });
    const queue = path.endsWith('/health') ? script.health : script.qr;
    const reply = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    if (!reply) throw new Error(`no scripted reply for ${path}`);
    return new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
    });
  };
  const client = createHypersenderClient({
    baseUrl: 'http://api.test',
    token: '1|t',
    fetch: fetch as typeof globalThis.fetch,
  });
  return { client, calls };
}

export const instance = {
  id: ID,
  name: 'n',
  phone: '+14155550123',
  service_type: 'whatsapp',
  status: 'SCAN_QR_CODE',
  qr_code: PNG,
  access_token: null,
  created_at: '2025-05-26T10:12:45',
};
export const health = (status: string, connected_at: string | null = null): Reply => ({
  status: 200,
  body: { instance_id: ID, status, connected_at },
});
