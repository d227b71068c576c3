import { incidentRef } from '../../domain/incident/incident';
import { acknowledge } from '../incident-lifecycle/acknowledge';
import type { AckTokenRecord } from '../ports/ack-tokens';
import type { Clock } from '../ports/clock';
import type { IncidentDetails, Store, Tx } from '../ports/store';
import { hashAckToken } from './ack-links';

/** What an acknowledge link shows or did: 404 unknown, 410 used, expired or resolved. */
export type AckLinkAnswer =
  | { readonly ok: true; readonly incident: { readonly ref: string; readonly title: string }; readonly personId: string; readonly text: string }
  | { readonly ok: false; readonly status: 404 | 410; readonly text: string };

const VIA = { email: 'email link', push: 'push' } as const;

type Usable = { readonly ok: true; readonly token: AckTokenRecord; readonly incident: IncidentDetails };

async function usable(tx: Tx, tokenHash: string, now: Date): Promise<Usable | Extract<AckLinkAnswer, { ok: false }>> {
  const token = await tx.ackTokens.find(tokenHash);
  const incident = token && (await tx.incidents.byId(token.incidentId));
  if (!token || !incident) return { ok: false, status: 404, text: 'This acknowledge link is not valid.' };
  const ref = incidentRef(incident.number);
  if (token.usedAt !== null) return { ok: false, status: 410, text: `This link was already used: ${ref} was acknowledged with it.` };
  if (incident.status === 'resolved') return { ok: false, status: 410, text: `${ref} is already resolved: there is nothing to acknowledge.` };
  if (Date.parse(token.expiresAt) <= now.getTime()) return { ok: false, status: 410, text: `This link has expired (links work for 24 hours). Acknowledge ${ref} in chat instead.` };
  return { ok: true, token, incident };
}

/** `GET /ack/<token>`: what the link would do. Changes nothing: mail scanners and link previews fetch GETs. */
export async function inspectAckLink(deps: { store: Store; clock: Clock }, token: string): Promise<AckLinkAnswer> {
  const found = await usable(deps.store.read, hashAckToken(token), deps.clock.now());
  if (!found.ok) return found;
  const ref = incidentRef(found.incident.number);
  return { ok: true, incident: { ref, title: found.incident.title }, personId: found.token.personId, text: `Acknowledge ${ref} as ${found.token.personId}?` };
}

/**
 * `POST /ack/<token>`: the token's person acknowledges its incident, through the one lifecycle
 * verb ("Acknowledged by @alice by email link"). A token works once; an incident someone already
 * acknowledged uses it up and says who did.
 */
export async function acknowledgeByLink(deps: { store: Store; clock: Clock }, token: string): Promise<AckLinkAnswer> {
  const tokenHash = hashAckToken(token);
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const peek = await tx.ackTokens.find(tokenHash);
    if (peek) await tx.incidents.lock(peek.incidentId);
    const found = await usable(tx, tokenHash, now);
    if (!found.ok) return found;
    if (!(await tx.ackTokens.markUsed(tokenHash, now.toISOString()))) return { ok: false, status: 410, text: 'This link was already used.' };
    const { incident, token: t } = found;
    const ref = incidentRef(incident.number);
    const result = await acknowledge(tx, incident, { actor: { kind: 'person', id: t.personId }, via: VIA[t.channel] }, now);
    const text = result.ok ? `${ref} acknowledged by ${t.personId}.` : result.reason;
    return { ok: true, incident: { ref, title: incident.title }, personId: t.personId, text };
  });
}
