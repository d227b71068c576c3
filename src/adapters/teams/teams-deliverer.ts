import { OUTBOX_PRIORITY, type Deliverer, type DeliveryResult, type PendingMessage } from '../../app/ports/outbox';
import { announceIncident } from './deliver-opened';
import type { TeamsDeliveryDeps } from './teams-delivery-deps';
import { noticePerson, postToChannel } from './deliver-direct';
import { parseNotice } from './teams-notices';
import { updateIncident } from './deliver-changes';
import { pacedPoster } from './teams-pacing';
import { postToWorkflow } from './workflow-webhook';

const INCIDENT_KINDS = new Set(['incident.opened', 'incident.updated', 'incident.message', 'incident.page', 'incident.resolved']);

/**
 * The `teams` platform of the durable outbox. The worker claims, orders and retries; this turns
 * one message into Bot Connector / Graph calls (or one Workflows webhook post) and says whether it
 * worked, should be retried, or never will. With `deps.pacer`, the calls are paced by the
 * documented limits, pages first (teams-pacing.ts).
 */
export function teamsDeliverer(shared: TeamsDeliveryDeps): Deliverer {
  return {
    platform: 'teams',
    async deliver(message: PendingMessage): Promise<DeliveryResult> {
      const deps = shared.pacer ? { ...shared, poster: pacedPoster(shared.poster, shared.pacer, message.priority >= OUTBOX_PRIORITY.page) } : shared;
      if (message.kind === 'person.notice') return noticePerson(deps, message);
      if (message.kind === 'channel.post') {
        const teams = (await deps.store.read.catalog.services()).flatMap((s) => s.chat.flatMap((c) => (c.platform === 'teams' && c.team ? [c.team] : [])));
        return postToChannel(deps, message, teams);
      }
      if (!INCIDENT_KINDS.has(message.kind)) return { kind: 'failed', error: `Teams does not deliver ${message.kind} messages` };
      const parsed = parseNotice(message.kind, message.payload);
      if (!parsed.ok) return { kind: 'failed', error: parsed.error };
      const { notice } = parsed;
      if (notice.target.webhookUrlEnv) {
        const url = deps.env[notice.target.webhookUrlEnv];
        // Retried, not failed: setting the variable and restarting delivers what waited.
        if (!url) return { kind: 'retry', error: `${notice.target.webhookUrlEnv} is not set: no Workflows webhook URL to post to` };
        return postToWorkflow(url, notice);
      }
      if (notice.kind === 'incident.opened') return announceIncident(deps, message, notice);
      return updateIncident(deps, message, notice);
    },
  };
}
