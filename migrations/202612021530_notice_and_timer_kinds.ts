import type { Kysely } from 'kysely';

// Frozen in time: typed Kysely<any>, the names written out. Outbox and timer kinds got names of
// their own (`notice.*`, `timer.*`): `incident.opened` named both a timeline entry and a notice,
// `incident.reminder` both a timeline entry and a timer. Rows still to be delivered and timers
// still to fire are renamed, so what was queued before the upgrade is delivered and fired after
// it. Delivered or failed rows and fired timers keep the name they were handled under (history);
// nothing reads their kind again, and a fired timer scheduled again is rewritten whole.
// Timeline entries are never touched: their kinds are hashed into the chain.

const OUTBOX_KINDS: readonly (readonly [string, string])[] = [
  ['incident.opened', 'notice.incident_opened'],
  ['incident.updated', 'notice.incident_updated'],
  ['incident.message', 'notice.incident_message'],
  ['incident.page', 'notice.incident_page'],
  ['incident.resolved', 'notice.incident_resolved'],
  ['incident.archive', 'notice.incident_archive'],
  ['channel.post', 'notice.channel_post'],
  ['person.notice', 'notice.person_message'],
  ['person.notify', 'notice.person_notification'],
];

const TIMER_KINDS: readonly (readonly [string, string])[] = [
  ['escalation.step', 'timer.escalation_step'],
  ['incident.reminder', 'timer.incident_reminder'],
  ['notify.rule', 'timer.notify_rule'],
  ['rotation.handoff', 'timer.rotation_handoff'],
  ['channel.archive', 'timer.channel_archive'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [from, to] of OUTBOX_KINDS) {
    await db.updateTable('outbox').set({ kind: to }).where('kind', '=', from).where('delivered_at', 'is', null).where('failed_at', 'is', null).execute();
  }
  for (const [from, to] of TIMER_KINDS) {
    await db.updateTable('timers').set({ kind: to }).where('kind', '=', from).where('fired_at', 'is', null).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only: restore from a backup instead of rolling back');
}
