import { VIA_NOUN } from '../../domain/paging/notify-rule';
import { TOCSIN } from '../../domain/timeline/timeline-entry';
import type { SettledHook } from '../outbox/outbox-worker';
import type { Clock } from '../ports/clock';
import type { NotificationPayload, ProviderChannel } from '../ports/notification';
import type { Store } from '../ports/store';
import { NOTIFIED } from './notify-timers';
import { NOTICE } from '../outbox/notice-contracts';

/**
 * What became of one notification: `sent` (the provider took it), `logged` (no provider: local
 * mode), then, when the provider calls back, `delivered`, `answered` or `failed` with its reason.
 */
export type NotificationOutcome =
  | { readonly kind: 'sent' | 'logged' | 'delivered' | 'answered' }
  | { readonly kind: 'failed'; readonly reason: string };

/** Which notification: enough to find its incident and say whom it was for. */
export interface NotificationRef {
  readonly incidentId: number;
  readonly personId: string;
  readonly channel: ProviderChannel;
  readonly notificationId: string;
}

function outcomeText(p: NotificationRef, o: NotificationOutcome): string {
  const what = `${VIA_NOUN[p.channel]} to @${p.personId}`;
  switch (o.kind) {
    case 'logged':
      return `${what} written to the log (no ${p.channel} provider configured)`;
    case 'failed':
      return `${what} failed: ${o.reason}`;
    default:
      return `${what} ${o.kind}`;
  }
}

/**
 * Says on the incident's timeline what became of a notification. Each outcome is said once: a
 * provider repeating its callback (Twilio retries on a slow answer) adds nothing.
 */
export async function recordNotificationOutcome(deps: { store: Store; clock: Clock }, ref: NotificationRef, outcome: NotificationOutcome): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.incidents.lock(ref.incidentId);
    if (!(await tx.incidents.byId(ref.incidentId))) return;
    const reason = outcome.kind === 'failed' ? outcome.reason : undefined;
    const said = (await tx.timeline.list(ref.incidentId)).some((e) => e.kind === NOTIFIED && e.data.notificationId === ref.notificationId && e.data.outcome === outcome.kind && e.data.reason === reason);
    if (said) return;
    const data = { person: ref.personId, via: ref.channel, notificationId: ref.notificationId, outcome: outcome.kind, ...(outcome.kind === 'failed' ? { reason: outcome.reason } : {}) };
    await tx.timeline.append(ref.incidentId, { at: now.toISOString(), actor: TOCSIN, kind: NOTIFIED, text: outcomeText(ref, outcome), data });
  });
}

/** The outbox workers' hook (outbox-worker.ts): a person.notify row's final outcome on its timeline. */
export function notificationSettled(deps: { store: Store; clock: Clock }): SettledHook {
  return async (row, outcome) => {
    if (row.kind !== NOTICE.personNotification) return;
    const payload = row.payload as unknown as NotificationPayload;
    if (payload.test) return;
    const result: NotificationOutcome = outcome.kind === 'failed' ? { kind: 'failed', reason: outcome.error } : { kind: outcome.result?.logged === true ? 'logged' : 'sent' };
    await recordNotificationOutcome(deps, { incidentId: payload.incident.id, personId: payload.person.id, channel: payload.channel, notificationId: payload.notificationId }, result);
  };
}
