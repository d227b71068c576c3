import { TOCSIN } from '../../domain/timeline/timeline-entry';
import type { Clock } from '../ports/clock';
import type { ChannelLink, Store } from '../ports/store';

/** Where a chat adapter put an incident: its own channel, or (Teams, where no channel may be made) a thread. */
export type ChannelPlace = { readonly kind: 'channel'; readonly text: string } | { readonly kind: 'thread'; readonly text: string; readonly reason: string; readonly thread: string };

/**
 * A chat adapter made the incident's channel (or fell back to a thread): the link is saved and the
 * timeline says so, in one transaction, the same way for Slack and Teams. Saved again with the
 * announcement's references later, the link alone is updated (`updateChannelLink`).
 */
export async function recordChannelOpened(deps: { readonly store: Store; readonly clock: Clock }, link: ChannelLink, place: ChannelPlace): Promise<void> {
  await deps.store.transaction(async (tx) => {
    await tx.channels.save(link);
    const data = { platform: link.platform, channel: place.kind === 'channel' ? link.channelId : null, ...(place.kind === 'thread' ? { thread: place.thread, reason: place.reason } : {}) };
    await tx.timeline.append(link.incidentId, { at: deps.clock.now().toISOString(), actor: TOCSIN, kind: place.kind === 'channel' ? 'chat.channel' : 'chat.fallback', text: place.text, data });
  });
}

/** The channel link with what the adapter learned since (the announcement's posts): no new record. */
export async function updateChannelLink(deps: { readonly store: Store }, link: ChannelLink): Promise<void> {
  await deps.store.transaction((tx) => tx.channels.save(link));
}

/** A chat adapter could not give the incident a place at all: said on the timeline, for the people looking. */
export async function recordChatFailure(deps: { readonly store: Store; readonly clock: Clock }, incidentId: number, platform: string, error: string, data: Readonly<Record<string, unknown>> = {}): Promise<void> {
  await deps.store.transaction((tx) => tx.timeline.append(incidentId, { at: deps.clock.now().toISOString(), actor: TOCSIN, kind: 'chat.failed', text: error, data: { platform, ...data } }));
}
