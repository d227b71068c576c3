import { describe, expect, it } from 'vitest';
import { up as renameKinds } from '../../migrations/202612021530_notice_and_timer_kinds';
import { TIMER } from '../../src/app/scheduler/timer-contracts';
import { timerQueue } from '../../src/adapters/db/timer-queue';
import { freshDatabases } from '../support/fresh-database';
import { dialects } from '../support/dialects';

// Migration 202612021530 on every dialect: pending outbox rows and unfired timers get the new
// kind names (and so are claimed by today's workers); delivered, failed and fired ones keep theirs.

const AT = '2026-01-07T10:00:00.000Z';

describe.each(dialects)('renaming notice and timer kinds on $name', (dialect) => {
  const databases = freshDatabases(dialect);

  it('renames what is still to be delivered or fired, and only that', async () => {
    const db = await databases.open();
    const k = db.kysely;
    const row = (kind: string, done: Partial<{ delivered_at: string; failed_at: string }> = {}) => ({ platform: 'slack', ordering_key: `slack:${kind}:${JSON.stringify(done)}`, kind, payload: '{}', created_at: AT, available_at: AT, ...done });
    await k.insertInto('outbox').values([row('incident.opened'), row('person.notify'), row('incident.page', { delivered_at: AT }), row('channel.post', { failed_at: AT }), row('something.else')]).execute();
    const timer = (key: string, kind: string, fired_at: string | null = null) => ({ key, kind, due_at: AT, payload: '{"incidentId":1}', fired_at, created_at: AT });
    await k.insertInto('timers').values([timer('incident:1:escalate', 'escalation.step'), timer('incident:1:reminder', 'incident.reminder', AT), timer('rotation:p:handoff', 'rotation.handoff')]).execute();

    await renameKinds(k);

    const outbox = await k.selectFrom('outbox').select(['kind']).orderBy('id').execute();
    expect(outbox.map((r) => r.kind)).toEqual(['notice.incident_opened', 'notice.person_notification', 'incident.page', 'channel.post', 'something.else']);
    const timers = await k.selectFrom('timers').select(['key', 'kind']).orderBy('key').execute();
    expect(timers).toEqual([
      { key: 'incident:1:escalate', kind: 'timer.escalation_step' },
      { key: 'incident:1:reminder', kind: 'incident.reminder' },
      { key: 'rotation:p:handoff', kind: 'timer.rotation_handoff' },
    ]);
    const claimed = await timerQueue(db).claimDue({ now: new Date(AT), leaseMs: 60_000, kinds: [TIMER.escalationStep, TIMER.rotationHandoff], limit: 10, claimant: 'test' });
    expect(claimed.map((t) => t.key).sort()).toEqual(['incident:1:escalate', 'rotation:p:handoff']);
  });
});
