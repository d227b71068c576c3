import type { DeliveryResult } from '../../app/ports/outbox';
import type { ChannelLink } from '../../app/ports/store';
import { renderAnnouncement } from './announcement-blocks';
import { incidentChannelName } from './channel-name';
import { clipText } from '../shared/clip-text';
import { SLACK_LIMITS } from './block-limits';
import type { OpenedNotice } from '../../app/outbox/notice-contracts';
import { announcementFacts, onIt } from './announcement-facts';
import { bestEffort } from './best-effort';
import { once, postOnce } from './post-once';
import { slackErrorCode } from './slack-errors';
import { whoOf } from './slack-people';
import { PLATFORM, saveLink, saveNewChannel, slackLink, type AnnouncementState, type Delivery } from './slack-delivery';
import { renderTopic } from './topic-text';

const MAX_NAME_TRIES = 20;

/**
 * The incident's channel, created once: a channel saved by an earlier attempt of this row (or of
 * any row) is reused. The link is saved right after `conversations.create`, so a retry finds it.
 */
async function ensureChannel(d: Delivery, incident: OpenedNotice['incident'], target: OpenedNotice['target']): Promise<ChannelLink | DeliveryResult> {
  const existing = await slackLink(d, incident.id);
  if (existing) return existing;
  // The name of the last create sent for this incident: a replica killed while Slack was creating
  // the channel never saved it, and its successor, told `name_taken`, adopts it instead of a `-2`.
  const sentKey = `create:${incident.id}`;
  const sent = await d.refs.get(PLATFORM, sentKey);
  for (let attempt = 1; attempt <= MAX_NAME_TRIES; attempt++) {
    const name = incidentChannelName(target.channelPrefix, incident.number, incident.title, attempt);
    try {
      await d.refs.set(PLATFORM, sentKey, name);
      const r = await d.api.call('conversations.create', { name, is_private: false });
      const channel = r.channel as { id: string; name?: string };
      return await linkChannel(d, incident, channel.id, channel.name ?? name);
    } catch (e) {
      if (slackErrorCode(e) !== 'name_taken') throw e;
      const orphan = sent === name ? await channelMadeBefore(d, name) : undefined;
      if (orphan) return await linkChannel(d, incident, orphan, name);
    }
  }
  return { kind: 'failed', error: `conversations.create: every name from ${incidentChannelName(target.channelPrefix, incident.number, incident.title)} to -${MAX_NAME_TRIES} is taken` };
}

async function linkChannel(d: Delivery, incident: OpenedNotice['incident'], channelId: string, name: string): Promise<ChannelLink> {
  const link: ChannelLink = { incidentId: incident.id, platform: PLATFORM, channelId, name, announcementRef: null };
  await saveNewChannel(d, link);
  return link;
}

/**
 * The open public channel named `name` made since this row was written (a minute's leeway for
 * clocks): the one an earlier attempt's create made. Without `channels:read` (an app installed
 * before it was asked for) nothing is found, and the caller makes `…-2` as before.
 */
async function channelMadeBefore(d: Delivery, name: string): Promise<string | undefined> {
  const since = Math.floor(Date.parse(d.row.createdAt) / 1000) - 60;
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    let r;
    try {
      r = await d.api.call('conversations.list', { types: 'public_channel', exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) });
    } catch (e) {
      if (slackErrorCode(e) !== 'missing_scope') throw e;
      d.log.warn({ outboxId: d.row.id, name }, 'cannot list channels (channels:read not granted) to find the one an earlier attempt made; making another');
      return undefined;
    }
    const hit = ((r.channels ?? []) as { id?: string; name?: string; created?: number }[]).find((c) => c.name === name && (c.created ?? 0) >= since);
    if (hit?.id) return hit.id;
    cursor = (r.response_metadata as { next_cursor?: string } | undefined)?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

async function invite(d: Delivery, channel: string, users: readonly string[]): Promise<void> {
  if (users.length === 0) return;
  // `force`: one unknown or departed user must not keep everyone else out.
  await bestEffort(d, 'conversations.invite', async () => {
    const r = await d.api.call('conversations.invite', { channel, users: [...new Set(users)].join(','), force: true });
    const errors = (r.errors ?? []) as { user: string; error: string }[];
    for (const e of errors.filter((x) => x.error !== 'already_in_channel' && x.error !== 'cant_invite_self')) d.log.warn({ channel, user: e.user, error: e.error }, 'could not invite a responder');
  }, ['already_in_channel', 'cant_invite_self']);
}

/**
 * `notice.incident_opened`: the channel (`inc-<n>-<slug>`), its topic, the on-call person and the
 * responders invited, the alert links as bookmarks, and the announcement with its buttons in the
 * channel and in the service's announce channel. Every step can run again safely.
 */
export async function deliverOpened(d: Delivery, notice: OpenedNotice): Promise<DeliveryResult> {
  const { incident } = notice;
  // A page going out meanwhile waits for the channel and its announcement (slack-delivery.ts).
  let ready: (link: ChannelLink | undefined) => void = () => undefined;
  d.opening.set(incident.id, new Promise((resolve) => (ready = resolve)));
  try {
    return await openAndAnnounce(d, notice, ready);
  } finally {
    ready(undefined);
    d.opening.delete(incident.id);
  }
}

async function openAndAnnounce(d: Delivery, notice: OpenedNotice, ready: (link: ChannelLink) => void): Promise<DeliveryResult> {
  const { incident, target } = notice;
  const link = await ensureChannel(d, incident, target);
  if ('kind' in link) return link;
  const oncall = await Promise.all(notice.oncall.map((p) => whoOf(d, p)));
  const responders = await Promise.all(notice.responders.map((p) => whoOf(d, p)));
  const links = notice.links.filter((l) => /^https?:\/\//.test(l.url));
  const state: AnnouncementState = { posts: [], oncall, links };
  const facts = await announcementFacts(d, incident, state);

  await bestEffort(d, 'conversations.setTopic', () => d.api.call('conversations.setTopic', { channel: link.channelId, topic: renderTopic(incident, onIt(facts)) }));
  await invite(d, link.channelId, [...oncall, ...responders].flatMap((w) => (w.slackId ? [w.slackId] : [])));
  for (const [i, l] of links.slice(0, 10).entries()) {
    await once(d, `bookmark:${i}`, () => bestEffort(d, 'bookmarks.add', () => d.api.call('bookmarks.add', { channel_id: link.channelId, title: clipText(l.title || l.url, SLACK_LIMITS.bookmarkTitle), type: 'link', link: l.url })));
  }

  const posts = [await postOnce(d, 'announcement', link.channelId, renderAnnouncement(facts))];
  ready(link);
  const announce = target.announceChannel;
  // A wrong or private announce channel must not hold back the incident's own channel: logged, skipped.
  if (announce) await bestEffort(d, `chat.postMessage to the announce channel ${announce}`, async () => void posts.push(await postOnce(d, 'announcement:service', announce, renderAnnouncement({ ...facts, incidentChannelId: link.channelId }))));
  await saveLink(d, { ...link, announcementRef: JSON.stringify({ ...state, posts }) });
  return { kind: 'delivered', result: { channel: link.channelId, name: link.name, posts } };
}
