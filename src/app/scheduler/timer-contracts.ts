/**
 * Every kind of durable timer, declared once. Stored in `timers.kind`: renaming one means a
 * migration that rewrites the timers not yet fired (as 202612021530_notice_and_timer_kinds did).
 * All start with `timer.`, so none reads like a timeline kind (`incident.reminder` is the entry a
 * reminder leaves) or a notice kind (`notice.*`).
 */
export const TIMER = {
  /** The next step (or round) of an incident's escalation policy. */
  escalationStep: 'timer.escalation_step',
  /** The reminder of an incident gone quiet. */
  incidentReminder: 'timer.incident_reminder',
  /** One of a paged person's notification rules. */
  notifyRule: 'timer.notify_rule',
  /** A rotation's next handoff, announced to the people concerned. */
  rotationHandoff: 'timer.rotation_handoff',
  /** A resolved incident's channel, archived after the service's `archive_after`. */
  channelArchive: 'timer.channel_archive',
  /** Storm mode: the end of a storm minute on a service (a quiet one ends the storm). */
  stormCheck: 'timer.storm_check',
} as const;

export type TimerKind = (typeof TIMER)[keyof typeof TIMER];

// Timer keys. Scheduling a key again replaces its timer, and cancelling works by key prefix, so
// the shape of a key is a contract: every timer about an incident sits under `incident:<id>:`
// (resolving cancels them all with one prefix); an acknowledgement cancels only `…:escalate` and
// `…:notify:`, and leaves the reminder running; paging a person again restarts the rules under
// `…:notify:<person>:`. The archive timer is outside the incident's prefix on purpose: it is set
// by resolving, which cancels that prefix.

export const incidentTimersPrefix = (incidentId: number) => `incident:${incidentId}:`;
export const escalateKey = (incidentId: number) => `${incidentTimersPrefix(incidentId)}escalate`;
export const reminderKey = (incidentId: number) => `${incidentTimersPrefix(incidentId)}reminder`;
export const notifyPrefix = (incidentId: number) => `${incidentTimersPrefix(incidentId)}notify:`;
export const notifyPersonPrefix = (incidentId: number, personId: string) => `${notifyPrefix(incidentId)}${personId}:`;
/** `rule` counts from 1, as the person's list reads. */
export const notifyKey = (incidentId: number, personId: string, rule: number) => `${notifyPersonPrefix(incidentId, personId)}${rule}`;
export const archiveKey = (incidentId: number) => `archive:incident:${incidentId}`;
export const handoffKey = (rotationId: string) => `rotation:${rotationId}:handoff`;

/** A timer to schedule: key and kind always come from the builders below, never typed by hand. */
export interface TimerSpec {
  readonly key: string;
  readonly kind: TimerKind;
  readonly dueAt: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** The next escalation step: scheduled (`step`, `round`) or asked for now (`manual`). */
export const escalationTimer = (incidentId: number, dueAt: string, next: { readonly manual: true } | { readonly step: number; readonly round: number }): TimerSpec => ({
  key: escalateKey(incidentId),
  kind: TIMER.escalationStep,
  dueAt,
  payload: { incidentId, ...next },
});

export const reminderTimer = (incidentId: number, dueAt: string): TimerSpec => ({ key: reminderKey(incidentId), kind: TIMER.incidentReminder, dueAt, payload: { incidentId } });

/** A person's notification rule: everything firing needs is in `payload` (NotifyRulePayload). */
export const notifyRuleTimer = (payload: { readonly incidentId: number; readonly personId: string; readonly rule: number }, dueAt: string): TimerSpec => ({
  key: notifyKey(payload.incidentId, payload.personId, payload.rule),
  kind: TIMER.notifyRule,
  dueAt,
  payload: { ...payload },
});

export const archiveTimer = (incidentId: number, dueAt: string): TimerSpec => ({ key: archiveKey(incidentId), kind: TIMER.channelArchive, dueAt, payload: { incidentId } });

export const handoffTimer = (rotationId: string, dueAt: string): TimerSpec => ({ key: handoffKey(rotationId), kind: TIMER.rotationHandoff, dueAt, payload: { rotationId } });

export const stormCheckKey = (serviceId: string) => `storm:${serviceId}:check`;

/** The end of a storm minute on a service; `startedAt`: when its storm started. */
export const stormCheckTimer = (serviceId: string, dueAt: string, startedAt: string): TimerSpec => ({ key: stormCheckKey(serviceId), kind: TIMER.stormCheck, dueAt, payload: { serviceId, startedAt } });
