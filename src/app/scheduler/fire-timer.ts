import type { StoredTimer } from '../ports/timers';
import type { IncidentDetails, Store, Tx } from '../ports/store';
import type { ClaimedTimer } from '../ports/timer-queue';

/**
 * What a timer of one kind does when it fires. `fire` runs inside the transaction that marks the
 * timer fired, so its effects (timeline, outbox, the next timer) commit with the mark or not at all.
 */
export interface TimerHandler {
  readonly kind: string;
  /**
   * The incident the timer is about, if any: its row is locked before the timer's, the order in
   * which every incident writer (commands, ingest) takes them, so the two never deadlock.
   */
  incidentOf?(timer: StoredTimer): number | undefined;
  fire(tx: Tx, timer: StoredTimer, now: Date): Promise<void>;
}

export type FireOutcome = 'fired' | 'lost';

/**
 * Fires one claimed timer: mark and effects in ONE transaction. If the process dies before the
 * commit, nothing happened and the lease runs out, so another poll fires it again; if the claim
 * was lost meanwhile (cancelled by an acknowledgement, replaced by a manual escalation, fired by a
 * replica whose lease came later), `markFired` says so and nothing is done.
 */
export async function fireTimer(store: Store, handlers: ReadonlyMap<string, TimerHandler>, timer: ClaimedTimer, now: Date): Promise<FireOutcome> {
  const handler = handlers.get(timer.kind);
  if (!handler) throw new Error(`no handler for timer kind ${timer.kind}`);
  return store.transaction(async (tx) => {
    const incidentId = handler.incidentOf?.(timer);
    if (incidentId !== undefined) await tx.incidents.lock(incidentId);
    if (!(await tx.timers.markFired(timer.key, timer.claim, now.toISOString()))) return 'lost';
    await handler.fire(tx, timer, now);
    return 'fired';
  });
}

export function handlerMap(handlers: readonly TimerHandler[]): ReadonlyMap<string, TimerHandler> {
  return new Map(handlers.map((h) => [h.kind, h]));
}

/** `payload.incidentId` as a number, for handlers of incident timers. */
export function incidentIdOf(timer: StoredTimer): number | undefined {
  const id = Number(timer.payload.incidentId);
  return Number.isInteger(id) ? id : undefined;
}

/** A handler for a timer about one incident (`payload.incidentId`): gets the incident, locked and read; nothing when it is gone. */
export function incidentTimerHandler(kind: string, fire: (tx: Tx, incident: IncidentDetails, timer: StoredTimer, now: Date) => Promise<void>): TimerHandler {
  return {
    kind,
    incidentOf: incidentIdOf,
    async fire(tx, timer, now) {
      const id = incidentIdOf(timer);
      const incident = id === undefined ? undefined : await tx.incidents.byId(id);
      if (incident) await fire(tx, incident, timer, now);
    },
  };
}
