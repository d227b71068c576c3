import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/adapters/db/connect';
import { bootTocsinProcess, type TocsinProcessBoot } from '../support/boot-tocsin';
import { PROCESS_TOKENS, processPolicy } from '../support/policies';
import { teamsChat } from '../support/policy-fixture';
import { CHILD_TIMEOUT_MS } from '../support/tocsin-process';
import { pollUntil } from '../support/poll';

// SIGTERM on a real `tocsin serve`: /readyz turns 503 at once while requests are still taken
// (SHUTDOWN_DELAY_MS), then the listener closes, a request that was in flight is finished and
// stored, the process exits 0, and the chat message it caused is left queued for the next process.

const TEAMS_TARGET = teamsChat('19:sre@thread.tacv2', '19:web@thread.tacv2');

function alertmanagerBody(name: string): string {
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="${name}"}`,
    status: 'firing',
    receiver: 'tocsin',
    groupLabels: { alertname: name },
    commonLabels: { alertname: name },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: [{ status: 'firing', labels: { alertname: name }, annotations: { summary: name }, startsAt: '2026-01-05T08:00:00.000Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://p.example', fingerprint: `${name}-fp` }],
  });
}

const headers = (body: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${PROCESS_TOKENS.alertmanager}`, 'content-length': String(Buffer.byteLength(body)) });

/**
 * A webhook whose headers the server has taken (it answered `100 Continue`) and half its body,
 * the rest sent when `finish()` is called: a request in flight for as long as the test wants.
 */
function heldWebhook(port: number, body: string): Promise<{ finish(): Promise<{ status: number; connection: string | undefined; body: string }> }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/webhooks/alertmanager', method: 'POST', agent: false, headers: { ...headers(body), expect: '100-continue' } });
    const answer = new Promise<{ status: number; connection: string | undefined; body: string }>((ok, fail) => {
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, connection: res.headers.connection, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', fail);
    });
    req.once('error', reject);
    // Awaited through finish(); if the test fails before calling it, the process is killed and
    // the cut socket must not surface as an unhandled rejection on top of the real failure.
    answer.catch(() => undefined);
    const half = Math.floor(body.length / 2);
    req.on('continue', () => {
      req.write(body.slice(0, half));
      resolve({
        finish: () => {
          req.end(body.slice(half));
          return answer;
        },
      });
    });
    req.flushHeaders();
  });
}

/**
 * `refused` once the listener is closed; `reset` when the connection was cut while the listener
 * was closing (accepted, then dropped): a moment later the same request is refused.
 */
async function get(url: string): Promise<{ status: number; body: any } | 'refused' | 'reset'> {
  try {
    const res = await fetch(url, { headers: { connection: 'close' } });
    return { status: res.status, body: await res.json() };
  } catch (e) {
    const code = String((e as { cause?: { code?: string } }).cause?.code);
    if (code === 'ECONNREFUSED') return 'refused';
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'reset';
    throw e;
  }
}

async function post(url: string, body: string): Promise<number> {
  const res = await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: headers(body), body });
  await res.arrayBuffer();
  return res.status;
}

/** The outbox rows of the incident opened for `alertname`. */
async function outboxOf(databaseUrl: string, alertname: string) {
  const db = await connect(databaseUrl);
  try {
    const incident = await db.kysely.selectFrom('incidents').select('id').where('dedup_key', '=', `alertmanager-1/{}:{alertname="${alertname}"}`).executeTakeFirst();
    if (!incident) return undefined;
    return await db.kysely.selectFrom('outbox').select(['id', 'kind', 'delivered_at', 'claimed_by']).where('ordering_key', '=', `teams:incident:${incident.id}`).execute();
  } finally {
    await db.close();
  }
}

describe('SIGTERM: graceful shutdown of a real process', { timeout: CHILD_TIMEOUT_MS }, () => {
  let boot: TocsinProcessBoot;
  let databaseUrl: string;

  beforeAll(async () => {
    boot = await bootTocsinProcess({ count: 0, policy: processPolicy([TEAMS_TARGET]) });
    databaseUrl = boot.setup.databaseUrl;
  });
  afterAll(() => boot?.stop());

  it('says not ready, keeps taking requests, closes, finishes the one in flight, leaves its chat message queued, exits 0', async () => {
    const tocsin = await boot.spawn({ SHUTDOWN_DELAY_MS: '4000' });
    expect(await get(`${tocsin.url}/readyz`)).toMatchObject({ status: 200 });
    const held = await heldWebhook(tocsin.port, alertmanagerBody('InFlight'));

    tocsin.signal('SIGTERM');
    const notReady = await pollUntil(async () => {
      const r = await get(`${tocsin.url}/readyz`);
      return typeof r === 'object' && r.status === 503 && r;
    }, { what: '/readyz 503' });
    expect(notReady.body).toMatchObject({ status: 'not_ready', checks: { draining: true } });
    // The load balancer has not noticed yet: what it still sends is taken, not refused.
    expect(await post(tocsin.url, alertmanagerBody('DuringDrain'))).toBe(202);

    await pollUntil(async () => (await get(`${tocsin.url}/healthz`)) === 'refused', { what: 'the listener to close' });
    const answer = await held.finish();
    expect(answer.status).toBe(202);
    expect(answer.connection).toBe('close');
    expect(await tocsin.exited).toEqual({ code: 0, signal: null });
    expect(tocsin.lines.some((l) => /^stopped/.test(String(l.json?.msg)))).toBe(true);

    // Stored before it was answered; its announcement left for whoever runs next, not claimed.
    const rows = await outboxOf(databaseUrl, 'InFlight');
    expect(rows?.map((r) => r.kind)).toContain('notice.incident_opened');
    expect(rows?.every((r) => r.delivered_at === null && r.claimed_by === null)).toBe(true);

    const next = await boot.spawn({ SHUTDOWN_DELAY_MS: '0' });
    // The rows left queued, found again by id: the next process may add its own for the incident
    // (the page its escalation sends on start) and deliver them within milliseconds.
    const delivered = await pollUntil(async () => {
      const now = await outboxOf(databaseUrl, 'InFlight');
      const left = rows!.map((r) => now?.find((n) => n.id === r.id));
      return left.every((r) => r !== undefined && r.delivered_at !== null) && left;
    }, { what: 'the next process to deliver the queued message' });
    expect(delivered.map((r) => r?.kind)).toEqual(rows!.map((r) => r.kind));
    await next.kill('SIGTERM');
  });
});
