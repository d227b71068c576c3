import type { AlertLink } from '../domain/alert/alert';
import { notify, peopleByIds } from './chat-notices';
import { NOTICE } from './outbox/notice-contracts';
import type { ChatTarget, ServiceRecord } from './ports/catalog';
import type { IncidentDetails, Tx } from './ports/store';
import { pageTargets } from './page-targets';

/**
 * The `notice.incident_opened` notice: the incident's channel, with the people the first step pages now
 * and the service's responders invited, and the announcement. Written at most once per incident
 * (dedup key `opened:<id>`): when the incident opens, or later when a channel held back by a storm
 * is asked for. `only`: the chat targets to open it on (the rest are held back by a storm);
 * `inStorm`: it opens during a storm (those targets get a thread, not a channel of its own);
 * `joining`: people invited besides the on-call and the responders (who asked for a held channel).
 */
export async function announceOpened(
  tx: Tx,
  incident: IncidentDetails,
  service: ServiceRecord | undefined,
  now: Date,
  links: readonly AlertLink[],
  options: { readonly only?: (target: ChatTarget) => boolean; readonly inStorm?: boolean; readonly joining?: readonly string[] } = {},
): Promise<void> {
  const { only, inStorm = false, joining = [] } = options;
  const firstStep = incident.escalationPolicy?.steps[0];
  const oncall = firstStep && firstStep.afterMs === 0 ? await pageTargets(tx.catalog, firstStep.targets, now) : undefined;
  const responderIds = [...(service?.chat.flatMap((c) => c.responders ?? []) ?? []), ...joining];
  await notify(tx, incident, NOTICE.incidentOpened, { oncall: oncall?.people ?? [], responders: await peopleByIds(tx.catalog, responderIds), links, ...(inStorm ? { inStorm } : {}) }, `opened:${incident.id}`, only);
}
