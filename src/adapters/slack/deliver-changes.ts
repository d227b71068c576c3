import type { DeliveryResult } from '../../app/ports/outbox';
import type { ChannelLink } from '../../app/ports/store';
import { renderAnnouncement } from './announcement-blocks';
import { announcementFacts, onIt } from './announcement-facts';
import { bestEffort } from './best-effort';
import { sendMessage } from './message-fallback';
import { escapeText, linkMentions } from './mrkdwn';
import type { ArchiveNotice, MessageNotice, ResolvedNotice, UpdatedNotice } from '../../app/outbox/notice-contracts';

/** Any notice about an incident with a line to say. */
type IncidentNotice = UpdatedNotice | MessageNotice | ResolvedNotice;
import { renderResolution } from './resolution-blocks';
import { announcementState, slackLink, zoneOf, type Delivery } from './slack-delivery';
import { postOnce, wasSaid } from './post-once';
import { slackErrorCode } from './slack-errors';
import { mentionTable, whoById } from './slack-people';
import { renderTopic } from './topic-text';

const HELD: DeliveryResult = { kind: 'delivered', result: { skipped: 'held back by a storm: the incident is in the storm digest and has no channel yet' } };

/**
 * Where a notice about an incident goes: its channel, else (no channel could be made) the announce
 * channel. An incident a storm keeps in its digest (no channel asked for yet) is `held`: its
 * changes are not said one by one in the announce channel, which a storm would flood.
 */
async function whereTo(d: Delivery, notice: IncidentNotice): Promise<{ link?: ChannelLink; channel?: string } | 'held'> {
  const link = await slackLink(d, notice.incident.id);
  if (link) return { link, channel: link.channelId };
  const storm = await d.store.read.storms.find(notice.incident.id);
  if (storm && storm.channelAt === null) return 'held';
  return { ...(notice.target.announceChannel ? { channel: notice.target.announceChannel } : {}) };
}

/** Announcements re-rendered in place (chat.update with the stored ts) and the topic refreshed. */
async function refresh(d: Delivery, notice: IncidentNotice, link: ChannelLink): Promise<void> {
  const state = announcementState(link);
  const facts = await announcementFacts(d, notice.incident, state);
  for (const post of state.posts) {
    const message = renderAnnouncement({ ...facts, ...(post.channel !== link.channelId ? { incidentChannelId: link.channelId } : {}) });
    await bestEffort(d, 'chat.update', () => sendMessage(d, 'chat.update', { channel: post.channel, ts: post.ts }, message));
  }
  await bestEffort(d, 'conversations.setTopic', () => d.api.call('conversations.setTopic', { channel: link.channelId, topic: renderTopic(notice.incident, onIt(facts)) }));
}

/** A line in the incident's channel, escaped, its `mentions` made real; unless a command answer already said it there. */
async function postLine(d: Delivery, part: string, channel: string, notice: IncidentNotice): Promise<void> {
  const { text } = notice;
  if (!text) return;
  if (await wasSaid(d.refs, channel, text, new Date(Date.parse(d.row.createdAt)))) return;
  await postOnce(d, part, channel, { text: linkMentions(escapeText(text), await mentionTable(d, notice.mentions)) });
}

/** `notice.incident_updated`: the announcements and topic show the new state, and a line says what changed. */
export async function deliverUpdated(d: Delivery, notice: UpdatedNotice): Promise<DeliveryResult> {
  const where = await whereTo(d, notice);
  if (where === 'held') return HELD;
  const { link, channel } = where;
  if (link) await refresh(d, notice, link);
  if (channel) await postLine(d, 'line', channel, notice);
  return channel ? { kind: 'delivered', result: { channel } } : { kind: 'failed', error: `${notice.incident.ref} has no Slack channel and its service no announce channel` };
}

/** `notice.incident_message`: one line in the incident's channel. */
export async function deliverMessage(d: Delivery, notice: MessageNotice): Promise<DeliveryResult> {
  const where = await whereTo(d, notice);
  if (where === 'held') return HELD;
  const { channel } = where;
  if (!channel) return { kind: 'failed', error: `${notice.incident.ref} has no Slack channel and its service no announce channel` };
  await postLine(d, 'line', channel, notice);
  return { kind: 'delivered', result: { channel } };
}

/** `notice.incident_resolved`: announcements closed (no more buttons), topic, and the summary in the channel. */
export async function deliverResolved(d: Delivery, notice: ResolvedNotice): Promise<DeliveryResult> {
  const where = await whereTo(d, notice);
  if (where === 'held') return HELD;
  const { link, channel } = where;
  if (!channel) return { kind: 'failed', error: `${notice.incident.ref} has no Slack channel and its service no announce channel` };
  if (link) await refresh(d, notice, link);
  const i = notice.incident;
  const people = new Map<string, Awaited<ReturnType<typeof whoById>>>();
  const entries = await d.store.read.timeline.list(i.id);
  for (const id of new Set([...entries.filter((e) => e.actor.kind === 'person').map((e) => e.actor.id), i.acknowledgedBy, i.resolvedBy])) if (id) people.set(id, await whoById(d, id));
  const message = renderResolution({
    incident: i,
    durationMs: notice.durationMs ?? Date.parse(i.resolvedAt ?? d.row.createdAt) - Date.parse(i.createdAt),
    timeToAckMs: notice.timeToAckMs,
    summary: notice.summary,
    entries,
    who: (id) => people.get(id) ?? { id },
    zone: await zoneOf(d),
  });
  const post = await postOnce(d, 'resolution', channel, message);
  return { kind: 'delivered', result: { ...post } };
}

/** `notice.incident_archive` (the `timer.channel_archive` timer fired): the incident channel is archived. */
export async function deliverArchive(d: Delivery, notice: ArchiveNotice): Promise<DeliveryResult> {
  const link = await slackLink(d, notice.incident.id);
  if (!link) return { kind: 'delivered', result: { skipped: 'no Slack channel' } };
  try {
    await d.api.call('conversations.archive', { channel: link.channelId });
  } catch (e) {
    if (slackErrorCode(e) !== 'already_archived') throw e;
  }
  return { kind: 'delivered', result: { archived: link.channelId } };
}
