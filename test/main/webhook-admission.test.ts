import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/app/ports/clock';
import type { Running } from '../../src/main/serve';
import { SAMPLES, ENDPOINTS } from '../support/hostile-requests';
import { bootTocsin, type BootedTocsin } from '../support/boot-tocsin';
import { PROCESS_TOKENS } from '../support/policies';

// WEBHOOK_RATE_LIMIT as wired in `tocsin serve`: over the limit, Alertmanager (which retries a 5xx)
// gets 503 + Retry-After and its body is not read; Grafana (which does not retry) is taken anyway.
// The log says so once per episode, not once per refused request.

describe('the per-integration rate limit, wired', () => {
  let tocsin: BootedTocsin<Clock>;
  let running: Running;
  let lines: Record<string, any>[];

  beforeAll(async () => {
    tocsin = await bootTocsin<Clock>({ clock: systemClock, env: { WEBHOOK_RATE_LIMIT: '0.2' }, logs: 'debug' });
    running = tocsin.running;
    lines = tocsin.logs;
  });
  afterAll(() => tocsin?.stop());

  const post = async (kind: 'alertmanager' | 'grafana', i: number) => {
    const body = JSON.stringify({ ...(SAMPLES[kind] as object), groupKey: `{}:{n="${kind}-${i}"}` });
    const res = await fetch(running.url + ENDPOINTS[kind], { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${PROCESS_TOKENS[kind]}` }, body });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), connection: res.headers.get('connection'), body: await res.json() };
  };

  it('refuses a sender that retries with 503 + Retry-After past its burst, and takes one that does not', async () => {
    // 0.2/s with bursts of ten seconds' worth: two taken at once, then one more every five seconds.
    const am = [];
    for (let i = 0; i < 14; i++) am.push(await post('alertmanager', i));
    expect(am.slice(0, 2).map((a) => a.status)).toEqual([202, 202]);
    const refused = am.slice(2).filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(11);
    for (const r of refused) expect(r).toMatchObject({ connection: 'close', body: { error: 'rate_limited' } });
    expect(refused.every((r) => Number(r.retryAfter) >= 1 && Number(r.retryAfter) <= 5)).toBe(true);
    const grafana = [];
    for (let i = 0; i < 14; i++) grafana.push(await post('grafana', i));
    expect(grafana.map((g) => g.status)).toEqual(Array(14).fill(202));

    const warnings = lines.filter((l) => /over its rate limit/.test(l.msg));
    expect(warnings.map((w) => [w.integration, w.level])).toEqual([['alertmanager-1', 40], ['grafana-1', 40]]);
    expect(lines.filter((l) => l.error === 'rate_limited' && l.level > 20)).toEqual([]);
    const stored = await running.ctx.db.kysely.selectFrom('incidents').select('dedup_key').execute();
    expect(stored.filter((s) => s.dedup_key?.startsWith('grafana-1/'))).toHaveLength(14);
  });
});
