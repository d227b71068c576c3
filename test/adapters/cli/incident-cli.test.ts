import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { ingestAlerts } from '../../../src/app/ingest-alerts';
import { openContext } from '../../../src/main/context';
import { FakeClock } from '../../fakes/fake-clock';
import { cliHarness } from '../../support/cli-harness';

let h: ReturnType<typeof cliHarness>;
afterEach(() => h?.cleanup());

const integration = { id: 'am', kind: 'alertmanager' as const, tokenEnv: 'X' };
const alert = (key: string, title: string, action: 'trigger' | 'resolve' = 'trigger') => ({ groupKey: key, fingerprint: key, action, title, labels: { alertname: title }, details: {}, links: [] });

async function seed(env: Record<string, string | undefined>) {
  const clock = new FakeClock(new Date('2026-11-02T10:00:00Z'));
  const ctx = await openContext(env, { clock });
  await ingestAlerts(ctx, integration, [alert('a', 'Disk full on db-1')]);
  clock.advance(60_000);
  await ingestAlerts(ctx, integration, [alert('b', 'API 5xx | <!channel> spike')]);
  clock.advance(60_000);
  await ingestAlerts(ctx, integration, [alert('a', 'Disk full on db-1', 'resolve')]);
  return ctx;
}

it('lists incidents newest first with the SPEC fields, and filters by status', async () => {
  h = cliHarness();
  await (await seed(h.env)).close();
  const all = JSON.parse((await h.run('incident', 'list', '--json')).out);
  expect(all.map((i: { id: string }) => i.id)).toEqual(['INC-2', 'INC-1']);
  expect(Object.keys(all[0])).toEqual(expect.arrayContaining(['id', 'number', 'title', 'status', 'severity', 'service', 'alert_count', 'created_at', 'acknowledged_at', 'resolved_at']));
  expect(all[1]).toMatchObject({ status: 'resolved', alert_count: 1, resolved_at: '2026-11-02T10:02:00.000Z' });
  const open = JSON.parse((await h.run('incident', 'list', '--status', 'triggered', '--json')).out);
  expect(open.map((i: { id: string }) => i.id)).toEqual(['INC-2']);
  expect((await h.run('incident', 'list', '--status', 'bogus')).code).toBe(2);
});

it('shows an incident with its timeline and channels, and exports Markdown with the text verbatim but table-safe', async () => {
  h = cliHarness();
  await (await seed(h.env)).close();
  const shown = JSON.parse((await h.run('incident', 'show', 'INC-1', '--json')).out);
  expect(shown.timeline.map((e: { kind: string }) => e.kind)).toEqual(['incident.opened', 'alert.firing', 'alert.resolved', 'incident.resolved']);
  expect(shown.timeline[0]).toMatchObject({ actor: 'source:am', prev_hash: '0'.repeat(64) });
  expect(shown.timeline[1].prev_hash).toBe(shown.timeline[0].hash);
  expect(shown.channels).toEqual([]);
  const md = (await h.run('incident', 'export', 'INC-2', '--format', 'md')).out;
  expect(md).toContain('# INC-2: API 5xx \\| <!channel> spike');
  const json = JSON.parse((await h.run('incident', 'export', 'INC-2', '--format', 'json')).out);
  expect(json.title).toBe('API 5xx | <!channel> spike');
  expect((await h.run('incident', 'show', 'INC-9')).code).toBe(1);
});

it('verifies the hash chain and reports the first broken link after tampering', async () => {
  h = cliHarness();
  const ctx = await seed(h.env);
  const ok = await h.run('timeline', 'verify', 'INC-1');
  expect(ok.code).toBe(0);
  expect(ok.out).toMatch(/intact, 4 entries/);
  await sql`DROP TRIGGER timeline_no_update`.execute(ctx.db.kysely);
  await sql`UPDATE timeline_entries SET text = 'all fine' WHERE incident_id = 1 AND seq = 3`.execute(ctx.db.kysely);
  await ctx.close();
  const broken = await h.run('timeline', 'verify', 'INC-1', '--json');
  expect(broken.code).toBe(1);
  expect(JSON.parse(broken.out)).toMatchObject({ ok: false, seq: 3, ref: 'INC-1' });
});
