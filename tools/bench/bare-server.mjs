// The practical limit on this machine: node:http answering canned bodies, whatever the
// path: the health body for GET, the QR body for POST (each of the mock's size).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const [healthFile, qrFile, port] = process.argv.slice(2);
const bodies = { GET: readFileSync(healthFile), POST: readFileSync(qrFile) };
createServer((request, response) => {
  request.resume();
  const body = bodies[request.method] ?? bodies.GET;
  response.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
  });
  response.end(body);
}).listen(Number(port), '127.0.0.1', () =>
  console.log(`bare server listening on http://127.0.0.1:${port}`),
);
