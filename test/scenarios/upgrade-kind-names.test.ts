import { afterEach, expect, it } from 'vitest';
import { up as renameKinds } from '../../migrations/202612021530_notice_and_timer_kinds';
import { bootSlackBot, type SlackBot } from '../support/slack-harness';

// Outbox and timer kinds were renamed (`incident.opened` → `notice.incident_opened`, …,
// `channel.archive` → `timer.channel_archive`). What a running Tocsin had queued under the old
// names when it was upgraded must still go out and fire after the upgrade.

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const OLD_OUTBOX: Record<string, string> = { 'notice.incident_opened': 'incident.opened', 'notice.incident_page': 'incident.page', 'notice.incident_resolved': 'incident.resolved' };
const OLD_TIMERS: Record<string, string> = { 'timer.channel_archive': 'channel.archive' };

it('rows and timers queued under the old kind names before the upgrade are delivered and fired after it', async () => {
  const b = (bot = await bootSlackBot());
  const db = b.running.ctx.db.kysely;
  b.slack.down(true);
  await b.webhook({ dedup_key: 'disk', action: 'trigger', title: 'Disk full', severity: 'sev2' });
  await b.webhook({ dedup_key: 'disk', action: 'resolve' });
  await b.deliver();

  // What the previous version wrote: the same rows under the old names.
  for (const [now, old] of Object.entries(OLD_OUTBOX)) await db.updateTable('outbox').set({ kind: old }).where('kind', '=', now).execute();
  for (const [now, old] of Object.entries(OLD_TIMERS)) await db.updateTable('timers').set({ kind: old }).where('kind', '=', now).execute();
  expect((await b.outbox()).map((r) => [r.kind, r.delivered_at])).toEqual([['incident.opened', null], ['incident.page', null], ['incident.resolved', null]]);
  const archive = await db.selectFrom('timers').select(['kind', 'fired_at']).where('key', 'like', 'archive:%').execute();
  expect(archive).toEqual([{ kind: 'channel.archive', fired_at: null }]);

  await renameKinds(db);
  await b.restart();
  b.slack.down(false);
  b.clock.advance(5 * 60_000);
  await b.deliver();
  const rows = await b.outbox();
  expect(rows.map((r) => [r.kind, r.delivered_at !== null])).toEqual([
    ['notice.incident_opened', true],
    ['notice.incident_page', true],
    ['notice.incident_resolved', true],
  ]);
  expect(b.slack.messages('inc-1-disk-full').at(-1)!.text).toMatch(/^✅ INC-1 resolved/);

  b.clock.advance(61 * 60_000);
  await b.tick();
  expect(b.slack.channel('inc-1-disk-full')!.is_archived).toBe(true);
  expect((await b.outbox()).at(-1)).toMatchObject({ kind: 'notice.incident_archive', failed_at: null });
  expect(await b.running.ctx.db.kysely.selectFrom('timers').select(['kind', 'fired_at']).where('key', 'like', 'archive:%').execute()).toEqual([{ kind: 'timer.channel_archive', fired_at: expect.any(String) }]);
});
