// The practical limit on this machine: node:http answering one canned body, whatever the path.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const [bodyFile, port] = process.argv.slice(2);
const body = readFileSync(bodyFile);
createServer((request, response) => {
  request.resume();
  response.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
  });
  response.end(body);
}).listen(Number(port), '127.0.0.1', () =>
  console.log(`bare server listening on http://127.0.0.1:${port}`),
);
