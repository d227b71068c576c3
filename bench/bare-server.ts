import http from 'node:http';
import type { AddressInfo } from 'node:net';

// The baseline: bare node:http that reads the same body and parses the same JSON, then answers 202.
// Tocsin's throughput is reported as a ratio of this one's, measured in the same run.
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { groupKey?: string };
    const text = JSON.stringify({ status: 'accepted', groupKey: body.groupKey });
    res.writeHead(202, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
process.on('message', (m) => {
  if (m === 'stop') server.close(() => process.exit(0));
  server.closeAllConnections();
});
