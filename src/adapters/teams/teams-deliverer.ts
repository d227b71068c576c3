import { OUTBOX_PRIORITY, type Deliverer, type DeliveryResult, type PendingMessage } from '../../app/ports/outbox';
import { announceIncident } from './deliver-opened';
import { pageUrlOf, type TeamsDeliveryDeps } from './teams-delivery-deps';
import { noticePerson, postToChannel } from './deliver-direct';
import { teamsNotice } from './teams-notices';
import { updateIncident } from './deliver-changes';
import { pacedPoster } from './teams-pacing';
import { postToWorkflow } from './workflow-webhook';
import { isIncidentNotice, NOTICE, readNotice } from '../../app/outbox/notice-contracts';

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
      // A row that does not read will not read on a retry either: failed, with the field at fault.
      const read = readNotice(message);
      if (!read.ok) return { kind: 'failed', error: read.error };
      if (read.notice.kind === NOTICE.personMessage) return noticePerson(deps, message, read.notice.payload);
      if (read.notice.kind === NOTICE.channelPost) {
        const teams = (await deps.store.read.catalog.services()).flatMap((s) => s.chat.flatMap((c) => (c.platform === 'teams' && c.team ? [c.team] : [])));
        return postToChannel(deps, message, read.notice.payload, teams);
      }
      if (!isIncidentNotice(read.notice)) return { kind: 'failed', error: `Teams does not deliver ${message.kind} messages` };
      const parsed = teamsNotice(read.notice);
      if (!parsed.ok) return { kind: 'failed', error: parsed.error };
      const { notice } = parsed;
      if (notice.target.webhookUrlEnv) {
        const url = deps.env[notice.target.webhookUrlEnv];
        // Retried, not failed: setting the variable and restarting delivers what waited.
        if (!url) return { kind: 'retry', error: `${notice.target.webhookUrlEnv} is not set: no Workflows webhook URL to post to` };
        return postToWorkflow(url, notice, pageUrlOf(deps, notice.incident));
      }
      if (notice.kind === NOTICE.incidentOpened) return announceIncident(deps, message, notice);
      return updateIncident(deps, message, notice);
    },
  };
}
