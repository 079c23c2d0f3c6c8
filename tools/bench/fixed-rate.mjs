// Latency at a fixed load, measured open-loop: request i is due at start + i / rate and
// its latency counts from that moment, not from when a connection was free to send it.
// A server that stalls therefore pays for every request queued behind the stall, as
// its users would (no "coordinated omission"). Debian's wrk has no rate option (that is
// wrk2), and autocannon's rate throttles closed-loop connections and times each request
// from its actual send, which hides those waits: hence these few lines of our own.
import { Agent, request } from 'node:http';

/**
 * Sends `rate` requests a second for `seconds` to `origin` (paths chosen by `path(i)`),
 * on up to `connections` keep-alive connections; answers p50, p99, p99.9 and max in ms,
 * the rate really achieved, and how many answers were not 2xx (or failed).
 */
export async function fixedRate({
  origin,
  method = 'GET',
  headers = {},
  path,
  rate,
  seconds,
  connections = 64,
}) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  const url = new URL(origin);
  let failures = 0;
  let done = 0;
  const start = performance.now() + 50;
  await new Promise((resolve) => {
    const send = (i) => {
      const due = start + (i * 1000) / rate;
      const req = request(
        { host: url.hostname, port: url.port, method, path: path(i), headers, agent },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies[i] = performance.now() - due;
            if (res.statusCode < 200 || res.statusCode >= 300) failures++;
            if (++done === total) resolve();
          });
        },
      );
      req.on('error', () => {
        latencies[i] = performance.now() - due;
        failures++;
        if (++done === total) resolve();
      });
      req.end();
    };
    let next = 0;
    // A timer every millisecond sends whatever has fallen due since the last one.
    const timer = setInterval(() => {
      const now = performance.now();
      while (next < total && start + (next * 1000) / rate <= now) send(next++);
      if (next >= total) clearInterval(timer);
    }, 1);
  });
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return {
    p50: at(50),
    p99: at(99),
    p999: at(99.9),
    max: sorted.at(-1),
    achievedRate: total / elapsed,
    failures,
  };
}
