import { incidentRef } from '../../domain/incident/incident';
import { acknowledge } from '../incident-lifecycle/acknowledge';
import type { By, LifecycleResult } from '../incident-lifecycle/lifecycle-result';
import { resolve } from '../incident-lifecycle/resolve';
import type { Clock } from '../ports/clock';
import type { Person } from '../ports/catalog';
import type { IncidentDetails, Store, Tx } from '../ports/store';
import { parseNotificationId } from './notification-payload';

/** An SMS reply as the provider's reader understands it: `12a`, `12r`, `ack INC-12`, `resolve INC-12`. */
export interface SmsReply {
  readonly verb: 'acknowledge' | 'resolve';
  readonly incident: number;
}

type Verb = SmsReply['verb'];
type Deps = { readonly store: Store; readonly clock: Clock };

const HOW = 'Reply <n>a to acknowledge or <n>r to resolve, e.g. 12a.';

/** The person whose `phone` is this number (E.164 as the provider sends it). */
async function personByPhone(tx: Tx, phone: string | undefined): Promise<Person | undefined> {
  if (!phone) return undefined;
  return (await tx.catalog.people()).find((p) => p.phone === phone);
}

/** One lifecycle verb, by this person, through this channel, in the caller's transaction; the line to answer. */
async function act(tx: Tx, incident: IncidentDetails, verb: Verb, by: By, now: Date): Promise<string> {
  await tx.incidents.lock(incident.id);
  const fresh = (await tx.incidents.byId(incident.id))!;
  const r: LifecycleResult = verb === 'acknowledge' ? await acknowledge(tx, fresh, by, now) : await resolve(tx, fresh, by, now);
  return r.ok ? `${incidentRef(incident.number)} ${verb === 'acknowledge' ? 'acknowledged' : 'resolved'}. Thank you.` : r.reason;
}

/**
 * An SMS reply: the sender is the person whose phone sent it (a person named by the policy, so
 * allowed to respond by construction); unknown numbers change nothing. Answers the text of the SMS
 * sent back.
 */
export async function respondBySms(deps: Deps, from: string | undefined, reply: SmsReply | undefined): Promise<string> {
  return deps.store.transaction(async (tx) => {
    const person = await personByPhone(tx, from);
    if (!person) return 'Sorry, Tocsin does not know this number, so nothing was changed.';
    if (!reply) return HOW;
    const incident = await tx.incidents.byNumber(reply.incident);
    if (!incident) return `There is no ${incidentRef(reply.incident)}. ${HOW}`;
    return act(tx, incident, reply.verb, { actor: { kind: 'person', id: person.id }, via: 'SMS reply' }, deps.clock.now());
  });
}

export const VOICE_KEYS: Readonly<Record<string, Verb>> = { '4': 'acknowledge', '6': 'resolve' };

/** What the call says next; `again`: ask for a key once more. */
export interface VoiceAnswer {
  readonly say: string;
  readonly again: boolean;
}

/**
 * A key pressed during a paging call. The call is about the notification it was made for (`n`,
 * which names the incident and the person called); the person must still be the one at the number
 * called, or, for a call to Tocsin's number, the caller. 4 acknowledges, 6 resolves.
 */
export async function respondByVoice(deps: Deps, call: { readonly notificationId?: string; readonly to?: string; readonly from?: string }, digits: string | undefined): Promise<VoiceAnswer> {
  return deps.store.transaction(async (tx) => {
    const ids = call.notificationId ? parseNotificationId(call.notificationId) : undefined;
    const person = (await personByPhone(tx, call.to)) ?? (await personByPhone(tx, call.from));
    if (!ids || !person || person.id !== ids.personId) return { say: 'Sorry, Tocsin cannot tell which incident this call is about. Nothing was changed. Goodbye.', again: false };
    const incident = await tx.incidents.byId(ids.incidentId);
    if (!incident) return { say: 'Sorry, that incident no longer exists. Goodbye.', again: false };
    const verb = digits ? VOICE_KEYS[digits.trim()] : undefined;
    if (!verb) return { say: 'Press 4 to acknowledge, or 6 to resolve.', again: true };
    const line = await act(tx, incident, verb, { actor: { kind: 'person', id: person.id }, via: 'voice call' }, deps.clock.now());
    return { say: `${line.replace(/INC-(\d+)/g, 'incident $1')} Goodbye.`, again: false };
  });
}
