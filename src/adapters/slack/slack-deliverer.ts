import { OUTBOX_PRIORITY, type Deliverer, type DeliveryResult } from '../../app/ports/outbox';
import { slackPacer } from './slack-pacing';
import { deliverArchive, deliverMessage, deliverResolved, deliverUpdated } from './deliver-changes';
import { deliverChannelPost, deliverPage, deliverPersonNotice } from './deliver-direct';
import { deliverOpened } from './deliver-opened';
import { deliverStormDigest, deliverStormNotice } from './deliver-storm';
import { PLATFORM, type ChannelsOpening, type Delivery, type SlackDeliveryDeps } from './slack-delivery';
import { deliveryFailure } from './slack-errors';
import { NOTICE, readNotice, type Notice, type NoticeKind, type NoticePayload } from '../../app/outbox/notice-contracts';

type Render<K extends NoticeKind> = (d: Delivery, notice: NoticePayload<K>) => Promise<DeliveryResult>;

/** How each kind this deliverer knows is rendered; a kind left out (a provider's notification) fails. */
const BY_KIND: { readonly [K in NoticeKind]?: Render<K> } = {
  [NOTICE.incidentOpened]: deliverOpened,
  [NOTICE.incidentUpdated]: deliverUpdated,
  [NOTICE.incidentMessage]: deliverMessage,
  [NOTICE.incidentPage]: deliverPage,
  [NOTICE.incidentResolved]: deliverResolved,
  [NOTICE.incidentArchive]: deliverArchive,
  [NOTICE.channelPost]: deliverChannelPost,
  [NOTICE.personMessage]: deliverPersonNotice,
  [NOTICE.stormLine]: deliverStormNotice,
  [NOTICE.stormDigest]: deliverStormDigest,
};

/** Kinds of outbox rows this deliverer renders. */
export const SLACK_NOTICE_KINDS = Object.keys(BY_KIND) as NoticeKind[];

function renderOf(notice: Notice): ((d: Delivery) => Promise<DeliveryResult>) | undefined {
  const render = BY_KIND[notice.kind] as Render<typeof notice.kind> | undefined;
  return render && ((d) => render(d, notice.payload as never));
}

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
      // A row that does not read will not read on a retry either: failed, with the field at fault.
      const read = readNotice(row);
      if (!read.ok) return { kind: 'failed', error: read.error };
      const run = renderOf(read.notice);
      if (!run) return { kind: 'failed', error: `the Slack deliverer does not know the notice kind ${row.kind}` };
      try {
        return await run({ ...deps, api: pacer?.for(row.priority >= OUTBOX_PRIORITY.page) ?? deps.api, row, opening });
      } catch (e) {
        return deliveryFailure(e, row.kind);
      }
    },
  };
}
