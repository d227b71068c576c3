import type { StepRef } from '../../domain/escalation/escalation-step';
import type { TimelineEntry, TimelineKind } from '../../domain/timeline/timeline-entry';
import type { Tx } from '../ports/store';
import { reminderKey, reminderTimer } from '../scheduler/timer-contracts';

// Timeline kinds of the escalation engine, and its reminder timer. Timer kinds and keys:
// src/app/scheduler/timer-contracts.ts.

/** One entry per person or channel paged. */
export const PAGED = 'incident.paged' satisfies TimelineKind;
/** A target that paged nobody (a rotation with nobody on call, a step with no targets). */
export const PAGE_MISSED = 'incident.page_missed' satisfies TimelineKind;

/** The steps already paged, read back from the timeline (the timeline is the record of pages). */
export function pagedSteps(timeline: readonly TimelineEntry[]): StepRef[] {
  return timeline
    .filter((e) => e.kind === PAGED || e.kind === PAGE_MISSED)
    .map((e) => ({ step: Number(e.data.step), round: Number(e.data.round) }))
    .filter((r) => Number.isInteger(r.step) && Number.isInteger(r.round));
}

/**
 * Makes sure an incident whose policy asks for reminders has its reminder timer. The escalation
 * engine calls it when it pages; the command executor and ingest need not know about reminders,
 * because the reminder timer re-checks the incident whenever it fires (see remind-incident.ts).
 * Callers that acknowledge may also call it, to start the clock from the acknowledgement.
 */
export async function ensureReminder(tx: Tx, incidentId: number, reminderMs: number | undefined, now: Date): Promise<void> {
  if (!reminderMs || reminderMs <= 0) return;
  const existing = await tx.timers.find(reminderKey(incidentId));
  if (existing && existing.firedAt === null) return;
  await tx.timers.schedule(reminderTimer(incidentId, new Date(now.getTime() + reminderMs).toISOString()));
}
