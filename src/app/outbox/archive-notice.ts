import { archivesChannels, chatTargets, incidentView } from '../chat-notices';
import type { Tx } from '../ports/store';
import { NOTICE } from './notice-contracts';
import { TIMER } from '../scheduler/timer-contracts';

/**
 * When the channel-archive timer (set on resolution when the service has `archive_after`) fires:
 * one archive notice per chat target that archives (not Teams), ordered after everything else said
 * about the incident. An incident triggered again since is left alone: its channel is in use.
 */
export async function enqueueArchive(tx: Tx, incidentId: number): Promise<boolean> {
  const incident = await tx.incidents.byId(incidentId);
  if (!incident || incident.status !== 'resolved') return false;
  for (const target of await chatTargets(tx.catalog, incident.serviceId)) {
    if (!archivesChannels(target.platform)) continue;
    await tx.outbox.enqueue({
      platform: target.platform,
      orderingKey: `${target.platform}:incident:${incident.id}`,
      kind: NOTICE.incidentArchive,
      payload: { incident: incidentView(incident), target },
      dedupKey: `${target.platform}:archive:${incident.id}:${incident.resolvedAt ?? ''}`,
    });
  }
  return true;
}

const incidentIdIn = (timer: { readonly payload: Readonly<Record<string, unknown>> }): number | undefined => {
  const id = Number(timer.payload.incidentId);
  return Number.isInteger(id) ? id : undefined;
};

/**
 * The scheduler's handler for channel-archive timers (payload `{incidentId}`), written once for
 * every chat platform: it only enqueues; each platform's deliverer archives.
 */
export const archiveTimerHandler = {
  kind: TIMER.channelArchive,
  incidentOf: incidentIdIn,
  async fire(tx: Tx, timer: { readonly payload: Readonly<Record<string, unknown>> }): Promise<void> {
    const id = incidentIdIn(timer);
    if (id !== undefined) await enqueueArchive(tx, id);
  },
};
