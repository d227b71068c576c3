import type { NotifyVia } from '../../domain/paging/notify-rule';

// Timer keys, the timer kind and the timeline kinds of personal notification rules. Every key sits
// under the incident's prefix (`incident:<id>:`), so resolving cancels them with everything else;
// under `incident:<id>:notify:` so an acknowledgement cancels every notification still pending;
// under `incident:<id>:notify:<person>:` so paging the person again restarts their rules.

export const NOTIFY_RULE = 'notify.rule';

export const notifyPrefix = (incidentId: number) => `incident:${incidentId}:notify:`;
export const notifyPersonPrefix = (incidentId: number, personId: string) => `${notifyPrefix(incidentId)}${personId}:`;
/** `rule` counts from 1, as the person's list reads. */
export const notifyKey = (incidentId: number, personId: string, rule: number) => `${notifyPersonPrefix(incidentId, personId)}${rule}`;

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
