import { decide, needOf } from '../../domain/access/access-rules';
import type { CommandKind } from '../../domain/commands/command';
import { incidentRef } from '../../domain/incident/incident';
import type { Severity } from '../../domain/incident/severity';
import type { Actor } from '../../domain/timeline/timeline-entry';
import { notify } from '../chat-notices';
import { accessOf } from '../commands/command-access';
import { acknowledge } from '../incident-lifecycle/acknowledge';
import { setSeverity } from '../incident-lifecycle/change-incident';
import type { By, LifecycleResult } from '../incident-lifecycle/lifecycle-result';
import { resolve } from '../incident-lifecycle/resolve';
import type { Clock } from '../ports/clock';
import type { IncidentDetails, Store, Tx } from '../ports/store';
import { NOTICE } from '../outbox/notice-contracts';

/** The buttons and forms of an incident's page. */
export type WebAction =
  | { readonly kind: 'ack' }
  | { readonly kind: 'resolve'; readonly summary?: string }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'sev'; readonly severity: Severity };

/** Each action is the chat command of the same name, for the access rules: the web may do exactly what chat may. */
export const COMMAND_OF: { readonly [K in WebAction['kind']]: CommandKind } = { ack: 'incident.ack', resolve: 'incident.resolve', note: 'incident.note', sev: 'incident.sev' };

const WHAT: { readonly [K in WebAction['kind']]: string } = { ack: 'Acknowledge', resolve: 'Resolve', note: 'Add note', sev: 'Change severity' };

/** 403 not allowed, 404 no such incident, 409 the incident's state refuses it (already resolved…). */
export type WebActionAnswer = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly status: 403 | 404 | 409; readonly text: string };

export const WEB_VIA = 'web';

async function run(tx: Tx, incident: IncidentDetails, action: WebAction, by: By, now: Date): Promise<LifecycleResult> {
  switch (action.kind) {
    case 'ack':
      return acknowledge(tx, incident, by, now);
    case 'resolve':
      return resolve(tx, incident, by, now, action.summary);
    case 'sev':
      return setSeverity(tx, incident, action.severity, by, now);
    case 'note': {
      const ref = incidentRef(incident.number);
      await tx.timeline.append(incident.id, { at: now.toISOString(), actor: by.actor, kind: 'note', text: action.text, data: { via: WEB_VIA } });
      const line = `Noted on ${ref} by @${by.actor.id} (${WEB_VIA}): ${action.text}`;
      await notify(tx, incident, NOTICE.incidentMessage, { text: line, mentions: [by.actor.id] });
      return { ok: true, incident, line, mentions: [by.actor.id] };
    }
  }
}

/**
 * An action from an incident's page by the signed-in person, through the same lifecycle verbs as
 * chat ("Acknowledged by @alice by web"), allowed or refused by the same access rules
 * (`decide` with the chat command's need). A refusal changes nothing and, as in chat, is recorded
 * on the incident's timeline with its reason.
 */
export async function actOnIncident(deps: { store: Store; clock: Clock }, personId: string, number: number, action: WebAction): Promise<WebActionAnswer> {
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const found = await tx.incidents.byNumber(number);
    if (!found) return { ok: false, status: 404, text: `There is no ${incidentRef(number)}.` };
    await tx.incidents.lock(found.id);
    const incident = (await tx.incidents.byId(found.id)) ?? found;
    const access = await accessOf(tx, 'cli', personId);
    const actor: Actor = { kind: 'person', id: access.caller.id };
    const verdict = decide(access.rules, access.caller, needOf(COMMAND_OF[action.kind]));
    if (!verdict.allowed) {
      const reply = `Not allowed: ${verdict.reason}.`;
      await tx.timeline.append(incident.id, { at: now.toISOString(), actor, kind: 'command', text: `${WHAT[action.kind]} (${WEB_VIA})`, data: { accepted: false, reply, platform: WEB_VIA } });
      return { ok: false, status: 403, text: reply };
    }
    const r = await run(tx, incident, action, { actor, via: WEB_VIA }, now);
    return r.ok ? { ok: true, text: r.line } : { ok: false, status: 409, text: r.reason };
  });
}
