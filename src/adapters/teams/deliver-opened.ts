import { recordChannelOpened, recordChatFailure } from '../../app/chat-events/record-channel';
import type { DeliveryResult, PendingMessage } from '../../app/ports/outbox';
import { clipText } from '../shared/clip-text';
import { connectorFailure } from './delivery-errors';
import type { GraphChannel } from './graph-channels';
import { incidentMessage } from './incident-card';
import { incidentChannelName, type CardRef, type TeamsAnnouncement } from './teams-announcement';
import { logLocally, pageUrlOf, type TeamsDeliveryDeps } from './teams-delivery-deps';
import { findTeam, type TeamRef } from './teams-install';
import type { TeamsNotice } from './teams-notices';
import { once } from './teams-state';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Placement = { readonly kind: 'channel'; readonly channel: GraphChannel } | { readonly kind: 'thread'; readonly reason: string } | { readonly kind: 'later'; readonly result: DeliveryResult };

/** A channel from Graph, or why the incident gets a thread in the service channel instead. */
async function place(deps: TeamsDeliveryDeps, message: PendingMessage, notice: TeamsNotice, team: TeamRef, name: string): Promise<Placement> {
  if (notice.inStorm) return { kind: 'thread', reason: 'its service is in an alert storm, so its incidents get a thread in the service channel instead of a channel each' };
  if (!deps.graph) return { kind: 'thread', reason: deps.anonymous ? 'no Graph credentials in anonymous mode' : 'no Graph credentials (MICROSOFT_APP_PASSWORD)' };
  const groupId = team.aadGroupId ?? (GUID.test(notice.target.team ?? '') ? notice.target.team : undefined);
  if (!groupId) return { kind: 'thread', reason: `the Entra group id of team ${team.name ?? team.teamId} is unknown (name the team by its group id, or reinstall the app there)` };
  if (!team.tenantId) return { kind: 'thread', reason: 'the tenant of the team is unknown' };
  // A redelivery (a card paced or refused after the channel was made) does not ask Graph again.
  const made = `post:${message.id}:graph-channel`;
  const known = await deps.state.get<GraphChannel>(made);
  if (known) return { kind: 'channel', channel: known };
  const outcome = await deps.graph.create({ tenantId: team.tenantId, groupId, displayName: name, description: clipText(`${notice.incident.ref}: ${notice.incident.title}`, 1024) });
  if (outcome.kind === 'created') {
    await deps.state.put(made, outcome.channel);
    return { kind: 'channel', channel: outcome.channel };
  }
  // Waiting for room under Graph's limits is not a failed try: it does not bring the thread fallback closer.
  if (outcome.kind === 'paced') return { kind: 'later', result: { kind: 'deferred', afterMs: outcome.afterMs, reason: 'Graph channel creation paced' } };
  // Throttling and outages get a few tries; an incident never waits long for a home.
  if (outcome.kind === 'transient' && message.attempts + 1 < deps.graphAttempts) {
    return { kind: 'later', result: { kind: 'retry', error: outcome.reason, ...(outcome.afterMs !== undefined ? { afterMs: outcome.afterMs } : {}) } };
  }
  return { kind: 'thread', reason: outcome.reason };
}

/**
 * `notice.incident_opened` for a team with the bot: a channel made by Graph (the card is posted in it
 * and in the service channel), or, where Graph will not, a new thread in the service channel,
 * which the timeline then explains. The link and the timeline entry are written together; an
 * announcement already made (a redelivery) is not made twice.
 */
export async function announceIncident(deps: TeamsDeliveryDeps, message: PendingMessage, notice: TeamsNotice): Promise<DeliveryResult> {
  const { incident, target } = notice;
  const done = (await deps.store.read.channels.forIncident(incident.id)).find((l) => l.platform === 'teams');
  if (done) return { kind: 'delivered', result: { channelId: done.channelId, redelivered: true } };
  const team = target.team ? await findTeam(deps.state, target.team) : undefined;
  if (!team || !target.channel) {
    if (deps.anonymous) return logLocally(deps, notice);
    const error = `Tocsin is not installed in Teams team ${target.team ?? '(none named)'}: add the app to the team, then its incidents are announced there`;
    await recordChatFailure(deps, incident.id, 'teams', error, { team: target.team ?? null });
    return { kind: 'failed', error };
  }
  const name = incidentChannelName(target.channelPrefix, incident.number, incident.title);
  const where = await place(deps, message, notice, team, name);
  if (where.kind === 'later') return where.result;

  const at = { serviceUrl: team.serviceUrl, ...(team.tenantId ? { tenantId: team.tenantId } : {}) };
  const card = { incident, oncall: notice.oncall, links: notice.links, mode: 'bot' as const, ...pageUrlOf(deps, incident) };
  const cards: CardRef[] = [];
  let thread: string;
  try {
    if (where.kind === 'channel') {
      const { channel } = where;
      const posted = await once(deps.state, message.id, 'card', () => deps.poster.openThread(at, channel.id, incidentMessage(card)));
      cards.push(posted);
      thread = posted.conversationId;
      const pointer = { name: channel.displayName, ...(channel.webUrl ? { webUrl: channel.webUrl } : {}) };
      const service = await once(deps.state, message.id, 'service-card', () => deps.poster.openThread(at, target.channel!, incidentMessage({ ...card, channel: pointer })));
      cards.push({ ...service, inServiceChannel: true });
    } else {
      const posted = await once(deps.state, message.id, 'card', () => deps.poster.openThread(at, target.channel!, incidentMessage(card)));
      cards.push(posted);
      thread = posted.conversationId;
    }
  } catch (e) {
    return connectorFailure(e, `posting ${incident.ref} to Teams`);
  }

  const channel = where.kind === 'channel' ? { id: where.channel.id, name: where.channel.displayName, ...(where.channel.webUrl ? { webUrl: where.channel.webUrl } : {}) } : undefined;
  const announcement: TeamsAnnouncement = { v: 1, ...at, thread, cards, oncall: notice.oncall, links: notice.links, ...(channel ? { channel } : {}) };
  const text =
    where.kind === 'channel'
      ? `Teams channel ${where.channel.displayName} opened in team ${team.name ?? team.teamId}`
      : `Teams: no channel could be created (${where.reason}); the incident lives in a new thread in the service channel`;
  const link = { incidentId: incident.id, platform: 'teams', channelId: channel?.id ?? thread, name: channel?.name ?? name, announcementRef: JSON.stringify(announcement) };
  await recordChannelOpened(deps, link, where.kind === 'channel' ? { kind: 'channel', text } : { kind: 'thread', text, reason: where.reason, thread });
  return { kind: 'delivered', result: { channelId: channel?.id ?? thread, thread, activityId: cards[0]!.activityId, mode: where.kind } };
}
