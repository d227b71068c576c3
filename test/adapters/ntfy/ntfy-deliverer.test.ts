import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ntfyDeliverer, type NtfyDelivererOptions } from '../../../src/adapters/ntfy/ntfy-deliverer';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeNtfy } from '../../fakes/fake-ntfy';
import { manualTimeout } from '../../support/manual-timeout';
import { notifyMessage } from '../../support/notify-message';

const ntfy = new FakeNtfy({ token: 'tk_fake_ntfy_token' });

beforeAll(async () => {
  await ntfy.start();
});
afterAll(async () => {
  await ntfy.stop();
});
beforeEach(() => ntfy.reset());

const deliverer = (overrides: Partial<NtfyDelivererOptions> = {}) => ntfyDeliverer({ url: ntfy.baseUrl, token: 'tk_fake_ntfy_token', clock: new FakeClock(), ...overrides });

describe('ntfyDeliverer', () => {
  it('publishes to the person topic: title, priority 4, warning tag, click to the incident, an Acknowledge button', async () => {
    const result = await deliverer().deliver(notifyMessage('push'));
    expect(result).toEqual({ kind: 'delivered', result: { id: ntfy.messages[0]!.id } });
    const [m] = ntfy.messages;
    expect(m!.call).toMatchObject({ method: 'POST', path: '/tocsin-alice-x7k2', bearer: 'tk_fake_ntfy_token' });
    expect(m).toMatchObject({
      topic: 'tocsin-alice-x7k2',
      title: 'INC-12 sev2: Checkout latency above 2s',
      message: 'Checkout latency above 2s\nService: checkout',
      priority: 4,
      tags: ['warning'],
      click: 'https://tocsin.example.com/incidents/INC-12',
      actions: [{ action: 'http', label: 'Acknowledge', url: 'https://tocsin.example.com/ack/tok_abc123', method: 'POST', clear: true, headers: {} }],
    });
    expect(m!.call.headers.actions).toBe('http, Acknowledge, https://tocsin.example.com/ack/tok_abc123, method=POST, clear=true');
  });

  it('sev1 is priority 5 with the rotating light; without an incident page the tap opens the acknowledge link', async () => {
    await deliverer().deliver(notifyMessage('push', { incident: { severity: 'sev1' }, incidentUrl: undefined }));
    expect(ntfy.messages[0]).toMatchObject({ priority: 5, tags: ['rotating_light'], click: 'https://tocsin.example.com/ack/tok_abc123' });
  });

  it('keeps a UTF-8 title intact through RFC 2047, the wire staying ASCII', async () => {
    const title = 'Überlast in Zürich — 東京 🔥 '.repeat(4).trim();
    await deliverer().deliver(notifyMessage('push', { incident: { title } }));
    const [m] = ntfy.messages;
    expect(m!.title).toBe(`INC-12 sev2: ${title}`);
    expect(m!.call.headers.title).toMatch(/^[\x20-\x7e]+$/);
    expect(m!.call.headers.title!.split(' ').every((w) => w.length <= 75)).toBe(true);
    expect(m!.message).toBe(`${title}\nService: checkout`);
  });

  it('an ASCII title that looks like an encoded-word is shown as written', async () => {
    const title = 'see =?UTF-8?B?SGk=?= here';
    await deliverer().deliver(notifyMessage('push', { incident: { title } }));
    expect(ntfy.messages[0]!.title).toBe(`INC-12 sev2: ${title}`);
  });

  it('a test page says so', async () => {
    await deliverer().deliver(notifyMessage('push', { test: true }));
    expect(ntfy.messages[0]).toMatchObject({ title: 'Test: INC-12 sev2: Checkout latency above 2s', tags: ['warning', 'test_tube'], message: expect.stringMatching(/^Test page from Tocsin: nothing is wrong\./) });
  });

  it('the Acknowledge button, pressed as the ntfy app does, POSTs to the acknowledge link', async () => {
    const presses: Array<{ method: string; url: string }> = [];
    const tocsin = http.createServer((req, res) => {
      presses.push({ method: req.method ?? '', url: req.url ?? '' });
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>INC-12 acknowledged</p>');
    });
    await new Promise<void>((resolve) => tocsin.listen(0, '127.0.0.1', resolve));
    try {
      const ackUrl = `http://127.0.0.1:${(tocsin.address() as AddressInfo).port}/ack/tok_abc123`;
      await deliverer().deliver(notifyMessage('push', { ackUrl }));
      const [button] = ntfy.messages[0]!.actions;
      expect(button).toMatchObject({ action: 'http', label: 'Acknowledge', url: ackUrl });
      const response = await fetch(button!.url!, { method: button!.method, headers: button!.headers, ...(button!.body !== undefined ? { body: button!.body } : {}) });
      expect(response.status).toBe(200);
      expect(presses).toEqual([{ method: 'POST', url: '/ack/tok_abc123' }]);
    } finally {
      await new Promise<void>((resolve) => tocsin.close(() => resolve()));
    }
  });

  it('without a token no Authorization header is sent; a user and password in NTFY_URL become basic auth', async () => {
    const open = new FakeNtfy({ basic: { user: 'tocsin', pass: 'p@ss' } });
    const base = await open.start();
    try {
      expect(await ntfyDeliverer({ url: base }).deliver(notifyMessage('push'))).toMatchObject({ kind: 'failed', error: expect.stringContaining('ntfy HTTP 401 40101: unauthorized') });
      expect(open.calls[0]!.headers.authorization).toBeUndefined();
      const withUser = base.replace('http://', 'http://tocsin:p%40ss@');
      expect(await ntfyDeliverer({ url: `${withUser}/` }).deliver(notifyMessage('push'))).toMatchObject({ kind: 'delivered' });
      expect(open.messages[0]!.call.path).toBe('/tocsin-alice-x7k2');
    } finally {
      await open.stop();
    }
  });
});

describe('ntfy errors', () => {
  it('429 is retried after its Retry-After; 5xx and an outage are retried', async () => {
    ntfy.failNext('publish', { retryAfter: 30 });
    expect(await deliverer().deliver(notifyMessage('push'))).toEqual({ kind: 'retry', afterMs: 30_000, error: 'push to alice for INC-12 via ntfy: ntfy HTTP 429 42901: limit reached: too many requests' });
    ntfy.failNext('publish', { status: 502 });
    expect(await deliverer().deliver(notifyMessage('push'))).toMatchObject({ kind: 'retry' });
    ntfy.down(true);
    expect(await deliverer().deliver(notifyMessage('push'))).toMatchObject({ kind: 'retry', error: expect.stringContaining('503') });
  });

  it('other refusals fail at once: a wrong token, a forbidden topic', async () => {
    const wrong = await deliverer({ token: 'tk_wrong' }).deliver(notifyMessage('push'));
    expect(wrong).toMatchObject({ kind: 'failed', error: expect.stringContaining('ntfy HTTP 403 40301: forbidden') });
    expect(JSON.stringify(wrong)).not.toContain('tk_wrong');
    ntfy.failNext('publish', { status: 400, error: '40010', message: 'invalid request: topic invalid' });
    expect(await deliverer().deliver(notifyMessage('push'))).toMatchObject({ kind: 'failed', error: expect.stringContaining('40010') });
  });

  it('a request that hangs is cut off at the configured timeout and retried', async () => {
    const hold = ntfy.hold('publish');
    const timeout = manualTimeout();
    const sending = deliverer({ timeoutMs: 2500, abortAfter: timeout.abortAfter }).deliver(notifyMessage('push'));
    await hold.arrived;
    timeout.fire();
    expect(await sending).toEqual({ kind: 'retry', error: 'push to alice for INC-12 via ntfy: no answer within 2500 ms' });
    expect(timeout.askedMs()).toBe(2500);
    hold.release();
  });

  it('a person without a topic, or with one ntfy would refuse, fails before any request', async () => {
    expect(await deliverer().deliver(notifyMessage('push', { person: { ntfy: undefined } }))).toMatchObject({ kind: 'failed', error: expect.stringContaining('no ntfy topic') });
    expect(await deliverer().deliver(notifyMessage('push', { person: { ntfy: '../admin' } }))).toMatchObject({ kind: 'failed', error: expect.stringContaining('not 1-64 letters') });
    expect(ntfy.calls).toEqual([]);
  });
});
