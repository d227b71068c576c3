import type { EscalationPolicy } from '../domain/escalation/escalation-policy';
import type { PolicyEscalationPolicy } from './policy-schema';

/** The file's escalation policy in the engine's terms (offsets in ms); copied onto an incident when it opens. */
export function toEscalationPolicy(entry: PolicyEscalationPolicy): EscalationPolicy {
  return {
    id: entry.id,
    steps: entry.steps.map((s) => ({ afterMs: s.after.ms, targets: s.notify })),
    repeat: entry.repeat,
    ...(entry.reminder ? { reminderMs: entry.reminder.ms } : {}),
  };
}
