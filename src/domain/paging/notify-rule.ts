import type { Severity } from '../incident/severity';

/**
 * Personal notification rules (SPEC "Paging a person"): once a person is paged, each rule fires at
 * page time + `afterMs` through its channel, unless the incident was acknowledged or resolved
 * first. `notify_urgent` replaces the list for sev1. Pure: no clock, no storage.
 */
export const NOTIFY_VIAS = ['chat', 'push', 'sms', 'voice', 'email'] as const;
export type NotifyVia = (typeof NOTIFY_VIAS)[number];

export interface NotifyRule {
  readonly afterMs: number;
  readonly via: NotifyVia;
}

/** Without `notify:` a person is paged in chat at once, as before rules existed. */
export const DEFAULT_RULES: readonly NotifyRule[] = [{ afterMs: 0, via: 'chat' }];

/** What rules read of a person: how to reach them and their lists. */
export interface Reachable {
  readonly email?: string;
  readonly phone?: string;
  readonly ntfy?: string;
  readonly notify?: readonly NotifyRule[];
  readonly notifyUrgent?: readonly NotifyRule[];
}

/** The rules that run when this person is paged for an incident of `severity`. */
export function rulesFor(person: Reachable, severity: Severity | string): readonly NotifyRule[] {
  if (severity === 'sev1' && person.notifyUrgent) return person.notifyUrgent;
  return person.notify ?? DEFAULT_RULES;
}

/** The contact field a channel needs (chat needs none the rules can check: the chat ids are looked up when posting). */
export const CONTACT_OF: { readonly [V in NotifyVia]: 'phone' | 'ntfy' | 'email' | undefined } = { chat: undefined, push: 'ntfy', sms: 'phone', voice: 'phone', email: 'email' };

/** `no phone`, `no ntfy topic`, `no email`, or undefined when the person can be reached that way. */
export function missingContact(person: Reachable, via: NotifyVia): string | undefined {
  const field = CONTACT_OF[via];
  if (field === undefined || person[field]) return undefined;
  return field === 'ntfy' ? 'no ntfy topic' : `no ${field}`;
}

/** "Notifying @alice by SMS (rule 3)". */
export const VIA_PHRASE: { readonly [V in NotifyVia]: string } = { chat: 'in chat', push: 'by push', sms: 'by SMS', voice: 'by phone call', email: 'by email' };

/** "SMS to @alice sent", "Call to @alice failed: …". */
export const VIA_NOUN: { readonly [V in NotifyVia]: string } = { chat: 'Chat message', push: 'Push', sms: 'SMS', voice: 'Call', email: 'Email' };

/** E.164: `+` then 8 to 15 digits, the first not 0. */
export const E164 = /^\+[1-9]\d{7,14}$/;
