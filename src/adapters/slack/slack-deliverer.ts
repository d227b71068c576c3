import { OUTBOX_PRIORITY, type Deliverer, type DeliveryResult } from '../../app/ports/outbox';
import { slackPacer } from './slack-pacing';
import { deliverArchive, deliverMessage, deliverResolved, deliverUpdated } from './deliver-changes';
import { deliverChannelPost, deliverPage, deliverPersonNotice } from './deliver-direct';
import { deliverOpened } from './deliver-opened';
import { PLATFORM, type ChannelsOpening, type Delivery, type SlackDeliveryDeps } from './slack-delivery';
import { deliveryFailure } from './slack-errors';
import { NOTICE } from '../../app/outbox/notice-contracts';

const BY_KIND: Readonly<Record<string, (d: Delivery) => Promise<DeliveryResult>>> = {
  [NOTICE.incidentOpened]: deliverOpened,
  [NOTICE.incidentUpdated]: deliverUpdated,
  [NOTICE.incidentMessage]: deliverMessage,
  [NOTICE.incidentPage]: deliverPage,
  [NOTICE.incidentResolved]: deliverResolved,
  [NOTICE.incidentArchive]: deliverArchive,
  [NOTICE.channelPost]: deliverChannelPost,
  [NOTICE.personMessage]: deliverPersonNotice,
};

/** Kinds of outbox rows this deliverer renders. */
export const SLACK_NOTICE_KINDS = Object.keys(BY_KIND);

/**
 * Renders each outbox row of platform `slack` as Web API calls, paced by Slack's documented rate
 * limits with pages first (slack-pacing.ts); the worker retries what comes back `retry` and puts
 * back what comes back `deferred`. One per process: both lanes share its pacing. `pacing: false`
 * is for tests that stop the clock and make a day's calls in one instant.
 */
export function slackDeliverer(deps: SlackDeliveryDeps, options: { readonly pacing?: boolean } = {}): Deliverer {
  const opening: ChannelsOpening = new Map();
  const pacer = options.pacing === false ? undefined : slackPacer(deps.api, deps.clock);
  return {
    platform: PLATFORM,
    async deliver(row) {
      const run = BY_KIND[row.kind];
      if (!run) return { kind: 'failed', error: `the Slack deliverer does not know the notice kind ${row.kind}` };
      try {
        return await run({ ...deps, api: pacer?.for(row.priority >= OUTBOX_PRIORITY.page) ?? deps.api, row, opening });
      } catch (e) {
        return deliveryFailure(e, row.kind);
      }
    },
  };
}
