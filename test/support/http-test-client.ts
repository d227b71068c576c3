import http from 'node:http';
import net from 'node:net';

export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: any;
}

/**
 * Sends one request with node:http and reads the whole answer (JSON-decoded when there is one).
 * `from` is the client's own address: any of 127.0.0.0/8 reaches a server on 127.0.0.1 (Linux).
 */
export function send(
  port: number,
  request: { path: string; method?: string; headers?: Record<string, string>; body?: string | Buffer; from?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port, path: request.path, method: request.method ?? 'POST', headers: request.headers, agent: false, ...(request.from ? { localAddress: request.from } : {}) };
    const req = http.request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

/**
 * Uploads `totalBytes` in chunks, as a client that does not give up on its own would, and
 * reports the answer and how much it managed to write before the server hung up. With
 * `declareLength` the size is announced in Content-Length, otherwise it is sent chunked.
 */
export function streamUpload(
  port: number,
  request: { path: string; headers?: Record<string, string>; totalBytes: number; declareLength: boolean },
): Promise<{ status: number; body: any; bytesWritten: number }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', ...request.headers, ...(request.declareLength ? { 'content-length': String(request.totalBytes) } : {}) };
    const req = http.request({ host: '127.0.0.1', port, path: request.path, method: 'POST', headers, agent: false });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    let answer: { status: number; body: any } | undefined;
    const finish = () => answer && resolve({ ...answer, bytesWritten: written });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        answer = { status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
        req.destroy();
        finish();
      });
    });
    // EPIPE / ECONNRESET once the server closes on us are expected; without an answer they are not.
    req.on('error', (error) => (answer ? finish() : setTimeout(() => (answer ? finish() : reject(error)), 1000)));
    const pump = (): void => {
      while (written < request.totalBytes && !req.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, request.totalBytes - written));
        written += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

/**
 * Sends the request line, `headers` (with Content-Length: `declaredBytes`) and only `sentBytes`
 * of the body, then waits for the answer: it comes only if the server answers without the rest,
 * which the client never sends. A server that waits for the whole body makes the test time out.
 */
export function answerToPartialUpload(
  port: number,
  request: { path: string; headers: Record<string, string>; firstBytes: Buffer; declaredBytes: number },
): Promise<{ status: number; body: any; bytesSent: number }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const head = [`POST ${request.path} HTTP/1.1`, 'Host: 127.0.0.1', `Content-Length: ${request.declaredBytes}`, ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
    socket.write(head);
    socket.write(request.firstBytes);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [top = '', body = ''] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(top)?.[1] ?? 0);
      resolve({ status, body: body === '' ? undefined : JSON.parse(body), bytesSent: request.firstBytes.length });
    });
  });
}
