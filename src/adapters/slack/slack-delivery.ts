import { recordChannelOpened, updateChannelLink } from '../../app/chat-events/record-channel';
import type { Clock } from '../../app/ports/clock';
import type { DeliveryLog } from '../../app/ports/delivery-log';
import type { ChatRefs } from '../../app/ports/chat-refs';
import type { PendingMessage } from '../../app/ports/outbox';
import type { ChannelLink, Store } from '../../app/ports/store';
import type { AlertLink } from '../../domain/alert/alert';
import type { SlackApi } from './slack-api';
import type { Who } from './mrkdwn';

export const PLATFORM = 'slack';

/** What every Slack delivery step works with. */
export interface SlackDeliveryDeps {
  readonly api: SlackApi;
  readonly store: Store;
  readonly refs: ChatRefs;
  readonly log: DeliveryLog;
  readonly clock: Clock;
  /** PUBLIC_URL: announcements and page DMs link to the incident's web page when it is set. */
  readonly publicUrl?: string;
}

/**
 * Incident channels being created by this process right now, by incident id. A page does not wait
 * for its incident's channel (docs/adr/0008-page-first-outbox.md), but when both go out side by
 * side (a quiet moment: one claim takes both) the page's mention waits for that creation, briefly,
 * so it lands in the channel rather than in the announce channel.
 */
export type ChannelsOpening = Map<number, Promise<ChannelLink | undefined>>;

/** One outbox row being delivered. */
export interface Delivery extends SlackDeliveryDeps {
  readonly row: PendingMessage;
  readonly opening: ChannelsOpening;
}

export interface PostRef {
  readonly channel: string;
  readonly ts: string;
}

/**
 * Kept in `chat_channels.announcement_ref`: where the announcements are (to update them in place)
 * and the facts they were first rendered with that later notices do not carry again.
 */
export interface AnnouncementState {
  readonly posts: readonly PostRef[];
  readonly oncall: readonly Who[];
  readonly links: readonly AlertLink[];
}

export function announcementState(link: ChannelLink | undefined): AnnouncementState {
  try {
    const parsed = link?.announcementRef ? (JSON.parse(link.announcementRef) as Partial<AnnouncementState>) : {};
    return { posts: parsed.posts ?? [], oncall: parsed.oncall ?? [], links: parsed.links ?? [] };
  } catch {
    return { posts: [], oncall: [], links: [] };
  }
}

export async function slackLink(d: SlackDeliveryDeps, incidentId: number): Promise<ChannelLink | undefined> {
  return (await d.store.read.channels.forIncident(incidentId)).find((l) => l.platform === PLATFORM);
}

/** The channel just made: saved and on the timeline (the same record Teams leaves). */
export async function saveNewChannel(d: SlackDeliveryDeps, link: ChannelLink): Promise<void> {
  await recordChannelOpened(d, link, { kind: 'channel', text: `Slack channel #${link.name} opened` });
}

export async function saveLink(d: SlackDeliveryDeps, link: ChannelLink): Promise<void> {
  await updateChannelLink(d, link);
}

export async function zoneOf(d: SlackDeliveryDeps): Promise<string> {
  return d.store.read.catalog.defaultTimezone();
}
