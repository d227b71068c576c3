import { sqlStore } from '../../src/adapters/db/sql-store';
import type { Db } from '../../src/adapters/db/connect';
import { runChatCommand } from '../../src/app/commands/run-chat-command';
import type { CommandContext, CommandReply } from '../../src/app/commands/command-reply';
import type { RotationRecord } from '../../src/app/ports/catalog';
import type { IncidentDetails, Store } from '../../src/app/ports/store';
import type { TimelineEntry } from '../../src/domain/timeline/timeline-entry';
import { FakeClock } from '../fakes/fake-clock';
import type { DialectCase } from './dialects';

/** Wednesday 2026-01-07 11:00 in Berlin: alice is on call for `primary` from Mon 01-05 09:00 to Mon 01-12 09:00 CET. */
export const NOW = '2026-01-07T10:00:00.000Z';

export const PRIMARY: RotationRecord = {
  id: 'primary',
  timezone: 'Europe/Berlin',
  period: { kind: 'weekly' },
  handoff: { weekday: 'mon', time: '09:00' },
  start: '2026-01-05',
  members: ['alice', 'bob'],
  notifyHandoff: true,
  source: 'policy',
};

export interface Harness {
  readonly db: Db;
  readonly store: Store;
  readonly clock: FakeClock;
  /** Types `text` as `actor` (a person id, from the CLI unless `ctx` says otherwise). */
  run(text: string, actor?: string, ctx?: Partial<CommandContext>): Promise<CommandReply>;
  incident(number: number): Promise<IncidentDetails>;
  timeline(number: number): Promise<readonly TimelineEntry[]>;
  timers(): Promise<readonly { key: string; kind: string; due_at: string; payload: string }[]>;
  cleanup(): Promise<void>;
}

/**
 * A migrated database with a small policy applied: people alice (Slack UALICE, Teams AAD-ALICE, admin),
 * bob (Slack UBOB) and carol; the managed weekly rotation `primary` (alice, bob); the service
 * `payments` paging `primary` at once and carol after 10 minutes; Europe/Berlin as default zone.
 */
export async function openHarness(dialect: DialectCase): Promise<Harness> {
  const opened = await dialect.open();
  const clock = new FakeClock(NOW);
  const store = sqlStore(opened.db, clock);
  await store.transaction(async (tx) => {
    // alice is the admin; carol and bob are people; anyone else is an unknown user (read only).
    await tx.policy.upsertObject('settings', 'default', 0, { timezone: 'Europe/Berlin', access: { admins: ['alice'], unknownUsers: 'read', maxOverrideMs: 30 * 86_400_000 } });
    await tx.policy.upsertPerson({ id: 'alice', name: 'Alice', slackId: 'UALICE', teamsId: 'AAD-ALICE' }, 'policy');
    await tx.policy.upsertPerson({ id: 'bob', name: 'Bob', slackId: 'UBOB' }, 'policy');
    await tx.policy.upsertPerson({ id: 'carol', name: 'Carol' }, 'policy');
    await tx.policy.upsertRotation(PRIMARY);
    await tx.policy.upsertObject('escalation_policy', 'pay', 0, { id: 'pay', steps: [{ afterMs: 0, targets: [{ rotation: 'primary' }] }, { afterMs: 600_000, targets: [{ person: 'carol' }] }], repeat: 0 });
    await tx.policy.upsertObject('service', 'payments', 0, { id: 'payments', escalationPolicy: 'pay', autoResolve: true, captureMessages: 'none', chat: [] });
    await tx.policy.upsertObject('service', 'docs', 1, { id: 'docs', autoResolve: true, captureMessages: 'none', chat: [] });
  });
  const incident = async (number: number) => {
    const found = await store.read.incidents.byNumber(number);
    if (!found) throw new Error(`no INC-${number}`);
    return found;
  };
  return {
    db: opened.db,
    store,
    clock,
    run: (text, actor = 'alice', ctx = {}) => runChatCommand({ store, clock }, text, { actor, platform: 'cli', ...ctx }),
    incident,
    timeline: async (number) => store.read.timeline.list((await incident(number)).id),
    timers: () => opened.db.kysely.selectFrom('timers').select(['key', 'kind', 'due_at', 'payload']).orderBy('key').execute(),
    cleanup: async () => {
      await store.drain();
      await opened.cleanup();
    },
  };
}

export const commandsOf = (entries: readonly TimelineEntry[]) => entries.filter((e) => e.kind === 'command').map((e) => ({ by: e.actor.id, text: e.text, accepted: e.data.accepted }));
