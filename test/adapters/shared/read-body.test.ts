import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkContentType, decodeJson, readJsonBody, readJsonHead } from '../../../src/adapters/shared/read-body';
import { sendJson } from '../../../src/adapters/shared/send-json';
import { send, streamUpload } from '../../support/http-test-client';

const LIMIT = 64 * 1024;

describe('checkContentType', () => {
  it.each([undefined, '', 'application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"', 'application/vnd.api+json', 'text/plain'])(
    'takes %s',
    (type) => expect(checkContentType(type)).toBeUndefined(),
  );

  it.each([
    ['application/x-www-form-urlencoded', 'content type application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x', 'content type multipart/form-data'],
    ['application/json; charset=iso-8859-1', 'charset iso-8859-1'],
  ])('refuses %s with 415', (type, words) => {
    const problem = checkContentType(type);
    expect(problem?.status).toBe(415);
    expect(problem?.body).toEqual({ error: 'unsupported_media_type', message: expect.stringContaining(words) });
  });
});

describe('decodeJson', () => {
  it('parses UTF-8 JSON, with or without a byte order mark', () => {
    expect(decodeJson(Buffer.from('{"a":"ü"}'))).toEqual({ ok: true, value: { a: 'ü' } });
    expect(decodeJson(Buffer.from('\uFEFF[1]'))).toEqual({ ok: true, value: [1] });
  });

  it('refuses bytes that are not UTF-8 with 400', () => {
    const result = decodeJson(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(result).toEqual({ ok: false, bodyUnread: false, problem: { status: 400, body: { error: 'invalid_encoding', message: 'the body is not valid UTF-8' } } });
  });

  it('names where the JSON breaks without quoting the body back', () => {
    const result = decodeJson(Buffer.from('{"routing_key":"s3cr3t" x}'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toEqual({ status: 400, body: { error: 'invalid_json', message: 'the body is not valid JSON (near character 24)' } });
      expect(JSON.stringify(result)).not.toContain('s3cr3t');
    }
    const quoted = decodeJson(Buffer.from('s3cr3t'));
    expect(JSON.stringify(quoted)).not.toContain('s3cr3t');
  });

  it('refuses an empty body', () => {
    for (const blank of ['', '  \n', '\uFEFF', '\u00a0\t']) {
      expect(decodeJson(Buffer.from(blank))).toEqual({ ok: false, bodyUnread: false, problem: { status: 400, body: { error: 'invalid_json', message: 'the body is empty; send a JSON document' } } });
    }
    expect(decodeJson(Buffer.from('\u00a01'))).toMatchObject({ ok: false, problem: { body: { message: 'the body is not valid JSON' } } });
  });
});

describe('readJsonBody over a real connection', () => {
  let server: http.Server;
  let port = 0;
  const socketBytes: number[] = [];

  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      const body = await readJsonBody(req, { maxBytes: LIMIT });
      if (body.ok) sendJson(res, 200, { got: body.value });
      else sendJson(res, body.problem.status, body.problem.body, { closeConnection: body.bodyUnread });
    });
    server.on('connection', (socket) => socket.on('close', () => socketBytes.push(socket.bytesRead)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const closedSocket = async (): Promise<number> => {
    for (let i = 0; i < 200 && socketBytes.length === 0; i++) await new Promise((r) => setImmediate(r));
    return socketBytes.shift() ?? Number.NaN;
  };

  it('reads a body up to the limit', async () => {
    const json = JSON.stringify({ pad: 'x'.repeat(LIMIT - 20) });
    const answer = await send(port, { path: '/', headers: { 'content-type': 'application/json' }, body: json });
    expect(answer.status).toBe(200);
    expect(answer.body.got.pad).toHaveLength(LIMIT - 20);
    await closedSocket();
  });

  it('answers 413 from Content-Length before reading, and stops there', async () => {
    const upload = await streamUpload(port, { path: '/', totalBytes: 32 * 1024 * 1024, declareLength: true });
    expect(upload.status).toBe(413);
    expect(upload.body).toEqual({ error: 'payload_too_large', message: `the body is larger than ${LIMIT} bytes` });
    expect(await closedSocket()).toBeLessThan(4 * 1024 * 1024);
  });

  it('answers 413 once a chunked body passes the limit, and stops reading', async () => {
    const upload = await streamUpload(port, { path: '/', totalBytes: 32 * 1024 * 1024, declareLength: false });
    expect(upload.status).toBe(413);
    expect(await closedSocket()).toBeLessThan(4 * 1024 * 1024);
  });

  it('answers 415 to a form without reading it', async () => {
    const answer = await send(port, { path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(answer.status).toBe(415);
    expect(answer.headers.connection).toBe('close');
    await closedSocket();
  });

  it('takes JSON sent as text/plain or with no content type', async () => {
    expect((await send(port, { path: '/', headers: { 'content-type': 'text/plain' }, body: '{"a":1}' })).body).toEqual({ got: { a: 1 } });
    expect((await send(port, { path: '/', body: '[true]' })).body).toEqual({ got: [true] });
  });
});

describe('readJsonHead: the first bytes, then the rest only when asked', () => {
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    // `/rest` reads on after the head; any other path refuses once it has the head.
    server = http.createServer(async (req, res) => {
      const read = await readJsonHead(req, { maxBytes: LIMIT, headBytes: 1024 });
      if (read.kind === 'whole') return read.body.ok ? sendJson(res, 200, { whole: read.body.value }) : sendJson(res, read.body.problem.status, read.body.problem.body);
      if (req.url !== '/rest') return sendJson(res, 401, { head: read.head.length }, { closeConnection: true });
      const body = await read.rest();
      sendJson(res, body.ok ? 200 : body.problem.status, body.ok ? { head: read.head.length, rest: body.value } : body.problem.body, { closeConnection: !body.ok });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('parses a body no longer than the head whole', async () => {
    expect((await send(port, { path: '/', body: '{"a":1}' })).body).toEqual({ whole: { a: 1 } });
  });

  it('hands over exactly the head, and the whole body once the rest is read', async () => {
    const json = JSON.stringify({ pad: 'x'.repeat(5000) });
    expect((await send(port, { path: '/rest', body: json })).body).toEqual({ head: 1024, rest: { pad: 'x'.repeat(5000) } });
    expect((await send(port, { path: '/', body: json })).body).toEqual({ head: 1024 });
  });

  it('refuses from the head without the rest of a large upload, and the rest still stops at the limit', async () => {
    expect(await streamUpload(port, { path: '/', totalBytes: 32 * 1024 * 1024, declareLength: false })).toMatchObject({ status: 401, body: { head: 1024 } });
    expect(await streamUpload(port, { path: '/rest', totalBytes: 32 * 1024 * 1024, declareLength: false })).toMatchObject({ status: 413 });
  });
});

describe('sendJson', () => {
  it('answers once: a second answer to the same response is ignored', async () => {
    const server = http.createServer((_req, res) => {
      sendJson(res, 201, { first: true }, { headers: { 'X-Test': 'yes' } });
      sendJson(res, 500, { second: true });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const answer = await send((server.address() as AddressInfo).port, { path: '/', method: 'GET' });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(answer).toMatchObject({ status: 201, body: { first: true }, headers: { 'x-test': 'yes', 'content-type': 'application/json; charset=utf-8' } });
  });
});
