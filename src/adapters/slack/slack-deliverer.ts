import type { Deliverer, DeliveryResult } from '../../app/ports/outbox';
import { deliverArchive, deliverMessage, deliverResolved, deliverUpdated } from './deliver-changes';
import { deliverChannelPost, deliverPage, deliverPersonNotice } from './deliver-direct';
import { deliverOpened } from './deliver-opened';
import { PLATFORM, type ChannelsOpening, type Delivery, type SlackDeliveryDeps } from './slack-delivery';
import { deliveryFailure } from './slack-errors';

const BY_KIND: Readonly<Record<string, (d: Delivery) => Promise<DeliveryResult>>> = {
  'incident.opened': deliverOpened,
  'incident.updated': deliverUpdated,
  'incident.message': deliverMessage,
  'incident.page': deliverPage,
  'incident.resolved': deliverResolved,
  'incident.archive': deliverArchive,
  'channel.post': deliverChannelPost,
  'person.notice': deliverPersonNotice,
};

/** Kinds of outbox rows this deliverer renders. */
export const SLACK_NOTICE_KINDS = Object.keys(BY_KIND);

/** Renders each outbox row of platform `slack` as Web API calls; the worker retries what comes back `retry`. */
export function slackDeliverer(deps: SlackDeliveryDeps): Deliverer {
  const opening: ChannelsOpening = new Map();
  return {
    platform: PLATFORM,
    async deliver(row) {
      const run = BY_KIND[row.kind];
      if (!run) return { kind: 'failed', error: `the Slack deliverer does not know the notice kind ${row.kind}` };
      try {
        return await run({ ...deps, row, opening });
      } catch (e) {
        return deliveryFailure(e, row.kind);
      }
    },
  };
}
