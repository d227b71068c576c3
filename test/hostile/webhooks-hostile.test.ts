import fc from 'fast-check';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_KINDS, type WebhookKind } from '../../src/adapters/webhooks/parsed-webhook';
import { streamUpload } from '../support/http-test-client';
import { cliHarness } from '../support/cli-harness';
import { bootTocsinProcess, type TocsinProcessBoot } from '../support/boot-tocsin';
import { PROCESS_TOKENS } from '../support/policies';
import { CHILD_TIMEOUT_MS, type TocsinProcess } from '../support/tocsin-process';
import { authArb, bodyArb, contentTypeArb, ENDPOINTS, methodArb, NASTY_TEXT, nestedArrays, SAMPLES } from '../support/hostile-requests';

// A real `tocsin serve` (SQLite) takes whatever a broken sender or an attacker can send to its
// webhook endpoints: fuzzed bodies, tokens, media types and methods; oversized, 100,000-deep and
// non-UTF-8 bodies; huge headers; injection in titles and notes. Every answer is 2xx or 4xx,
// hostile text is stored as sent, and the process still answers /healthz at the end.

const MAX_BYTES = 256 * 1024;

interface Answer {
  readonly status: number;
  readonly text: string;
}

describe('hostile input to a running Tocsin', { timeout: CHILD_TIMEOUT_MS }, () => {
  let boot: TocsinProcessBoot;
  let tocsin: TocsinProcess;
  const answers: (Answer & { what: string })[] = [];

  const request = async (what: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array }): Promise<Answer> => {
    const res = await fetch(tocsin.url + path, { method: init.method ?? 'POST', headers: init.headers ?? {}, ...(init.body !== undefined && init.method !== 'GET' ? { body: init.body } : {}) });
    const answer = { status: res.status, text: await res.text() };
    answers.push({ ...answer, what });
    return answer;
  };
  const post = (kind: WebhookKind, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    request(kind, ENDPOINTS[kind], { headers: { 'content-type': 'application/json', authorization: `Bearer ${PROCESS_TOKENS[kind]}`, ...headers }, body });

  beforeAll(async () => {
    boot = await bootTocsinProcess({ env: { WEBHOOK_MAX_BYTES: String(MAX_BYTES), WEBHOOK_RATE_LIMIT: '0', AUTH_FAILURE_LIMIT: '0', SHUTDOWN_DELAY_MS: '0' } });
    tocsin = boot.process;
  }, CHILD_TIMEOUT_MS);
  afterAll(async () => {
    await boot?.stop();
  });

  it('fuzzed requests to every webhook endpoint: 2xx or 4xx, a JSON answer, never a stack trace', async () => {
    const anyRequest = fc.constantFrom(...WEBHOOK_KINDS).chain((kind) => fc.record({ kind: fc.constant(kind), body: bodyArb(kind), auth: authArb(kind), type: contentTypeArb, method: methodArb }));
    await fc.assert(
      fc.asyncProperty(anyRequest, async ({ kind, body, auth, type, method }) => {
        const headers = { ...auth.headers, ...(type ? { 'content-type': type } : {}) };
        const answer = await request(`fuzz ${kind}`, ENDPOINTS[kind] + auth.query, { method, headers, body });
        expect(answer.status >= 200 && answer.status < 500, `${answer.status} ${answer.text}`).toBe(true);
        if (answer.status !== 404) expect(() => JSON.parse(answer.text)).not.toThrow();
        expect(answer.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
      }),
      { numRuns: 250 },
    );
  });

  it('bodies over WEBHOOK_MAX_BYTES: 413, whether announced or streamed', async () => {
    const big = JSON.stringify({ ...(SAMPLES.generic as object), details: { pad: 'x'.repeat(MAX_BYTES) } });
    expect((await post('generic', big)).status).toBe(413);
    // Streamed without a length, it is refused as soon as the limit is passed; the client then
    // reads a 413, or (when the server's close overtakes the answer) a reset. Never the whole upload.
    const streamed = await streamUpload(tocsin.port, { path: ENDPOINTS.alertmanager, headers: { authorization: `Bearer ${PROCESS_TOKENS.alertmanager}` }, totalBytes: 256 * MAX_BYTES, declareLength: false }).catch((e: NodeJS.ErrnoException) => ({ status: e.code, bytesWritten: 0 }));
    expect([413, 'EPIPE', 'ECONNRESET']).toContain(streamed.status);
    // Loopback socket buffers alone take a few MiB, so the upload is far larger than they are.
    expect(streamed.bytesWritten).toBeLessThan(256 * MAX_BYTES);
  });

  it('100,000 nested arrays: refused as a body, cut and stored inside free-form fields', async () => {
    for (const kind of WEBHOOK_KINDS) {
      const answer = await post(kind, nestedArrays(100_000));
      expect([400, 401]).toContain(answer.status);
    }
    const deep = nestedArrays(100_000, '"bottom"');
    const inside: Record<WebhookKind, string> = {
      generic: `{"dedup_key":"deep","action":"trigger","title":"Deep details","severity":"sev2","source":"s","details":{"k":${deep}}}`,
      pagerduty: `{"routing_key":"${PROCESS_TOKENS.pagerduty}","event_action":"trigger","dedup_key":"deep","payload":{"summary":"Deep","source":"s","severity":"critical","custom_details":${deep}}}`,
      alertmanager: JSON.stringify(SAMPLES.alertmanager).replace('"annotations":{', `"annotations":{"deep":${deep},`),
      grafana: JSON.stringify(SAMPLES.grafana).replace('"annotations":{', `"annotations":{"deep":${deep},`),
      datadog: JSON.stringify(SAMPLES.datadog).replace(/}$/, `,"deep":${deep}}`),
    };
    for (const kind of WEBHOOK_KINDS) expect((await post(kind, inside[kind])).status, kind).toBeLessThan(500);
    expect((await post('generic', inside.generic)).status).toBe(202);
  });

  it('bodies that are not UTF-8: 400, or 415 for a charset that says so', async () => {
    const sample = Buffer.from(JSON.stringify(SAMPLES.generic));
    const latin1 = Buffer.concat([sample.subarray(0, 20), Buffer.from([0xe9, 0xff, 0xfe]), sample.subarray(20)]);
    expect((await post('generic', latin1)).status).toBe(400);
    expect((await post('generic', Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]))).status).toBe(400);
    expect((await post('generic', Buffer.from(JSON.stringify(SAMPLES.generic), 'utf16le'))).status).toBe(400);
    expect((await post('generic', latin1, { 'content-type': 'application/json; charset=iso-8859-1' })).status).toBe(415);
  });

  it('headers over 16 KiB: 431; a broken request line: 400; neither reaches a handler', async () => {
    expect((await request('big header', '/healthz', { method: 'GET', headers: { 'x-pad': 'a'.repeat(20_000) } })).status).toBe(431);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(tocsin.port, '127.0.0.1', () => socket.end('GARBAGE /\u0001 HTTP/9.9\r\n\r\n'));
      let got = '';
      socket.on('data', (c) => (got += c.toString('latin1')));
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
  });

  it('SQL and Slack markup in titles and notes are stored exactly as sent', async () => {
    const cli = cliHarness(boot.env);
    const stored: string[] = [];
    for (const [i, title] of NASTY_TEXT.entries()) {
      const answer = await post('generic', JSON.stringify({ dedup_key: `nasty-${i}`, action: 'trigger', title, severity: 'sev2', source: 's' }));
      expect(answer.status, title).toBe(202);
      const ref = JSON.parse(answer.text).incidents[0].ref as string;
      const note = await cli.run('chat', `/incident note ${ref} ${title}`, '--as', 'alice');
      expect(note.code, `${title.slice(0, 40)}: ${note.out} ${note.err}`).toBe(0);
      const shown = JSON.parse((await cli.run('incident', 'show', ref, '--json')).out);
      stored.push(shown.title);
      // Verbatim; only a lone UTF-16 surrogate, which is not text, becomes U+FFFD, and in the
      // timeline (hashed, so the same on every database) NUL too.
      const expected = title.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
      expect(shown.title).toBe(expected);
      expect(shown.timeline.some((e: { kind: string; text: string }) => e.kind === 'command' && e.text.includes(expected.replaceAll('\u0000', '\ufffd')))).toBe(true);
      const verified = await cli.run('timeline', 'verify', ref);
      expect(verified.code, `${JSON.stringify(title.slice(0, 30))}: ${verified.out} ${verified.err}`).toBe(0);
    }
    expect(stored.filter((t) => t !== '')).toHaveLength(NASTY_TEXT.length);
    const list = JSON.parse((await cli.run('incident', 'list', '--json')).out) as unknown[];
    expect(list.length).toBeGreaterThanOrEqual(NASTY_TEXT.length);
  });

  it('still answers /healthz; no answer was a 5xx; nothing was logged as fatal or uncaught', async () => {
    expect((await request('healthz', '/healthz', { method: 'GET' })).status).toBe(200);
    expect(answers.filter((a) => a.status >= 500).map((a) => `${a.what}: ${a.status} ${a.text.slice(0, 200)}`)).toEqual([]);
    expect(tocsin.lines.filter((l) => (l.json?.level ?? 0) >= 60 || /uncaught|unhandled/i.test(l.text))).toEqual([]);
    console.info(`[hostile] ${answers.length} requests: ${[...new Set(answers.map((a) => a.status))].sort().join(', ')}`);
  });
});
