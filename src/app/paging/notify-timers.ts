import type { NotifyVia } from '../../domain/paging/notify-rule';

// The timer payload and the timeline kinds of personal notification rules. The timer's kind and
// keys: src/app/scheduler/timer-contracts.ts (`notifyRuleTimer`).

/** A rule's timer payload: everything firing needs besides the incident and the person's contacts (read fresh). */
export interface NotifyRulePayload {
  readonly incidentId: number;
  readonly personId: string;
  /** From 1. */
  readonly rule: number;
  readonly via: NotifyVia;
  readonly afterMs: number;
  /** When the person was paged: part of the notification id, so a later page is a new notification. */
  readonly pagedAt: string;
}

/** "Notifying @alice by SMS (rule 3)": a rule fired and its notification is on its way. */
export const NOTIFYING = 'incident.notifying';
/** A rule that could not send: the person has no contact for its channel. */
export const NOTIFY_SKIPPED = 'incident.notify_skipped';
/** What became of a notification: sent, delivered, failed (and why). */
export const NOTIFIED = 'incident.notified';
