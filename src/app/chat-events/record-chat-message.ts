import type { ChatPlatform } from '../../domain/chat-platform';
import type { Actor, TimelineKind } from '../../domain/timeline/timeline-entry';
import { personIdOf } from '../commands/chat-people';
import { whenText } from '../commands/when-text';
import type { Clock } from '../ports/clock';
import type { Store } from '../ports/store';

/**
 * `pinned`: someone marked the message for the timeline (📌); recorded in every incident channel.
 * `message`: a message posted, recorded when the service captures `all`.
 * `edited` / `deleted`: later changes to a message already recorded, added as new entries (the
 * timeline never changes, so the original stays beside the edit).
 */
export type ChatMessageHow = 'pinned' | 'message' | 'edited' | 'deleted';

export interface ChatMessageEvent {
  readonly platform: ChatPlatform;
  readonly channelId: string;
  /** The message's own id (Slack `ts`). */
  readonly messageId: string;
  readonly how: ChatMessageHow;
  /** The chat user who acted: who pinned, wrote, edited or deleted. */
  readonly by: string;
  /** Who wrote the message, when known (for a pin it is often someone else). */
  readonly author?: string;
  readonly text: string;
  /** When the message was first posted (ISO-8601). */
  readonly postedAt?: string;
  /** The platform's delivery id, kept for tracing. */
  readonly eventId?: string;
}

export type RecordOutcome = 'recorded' | 'not-an-incident-channel' | 'not-captured';

const KIND: Readonly<Record<ChatMessageHow, TimelineKind>> = { pinned: 'chat.pinned', message: 'chat.message', edited: 'chat.edited', deleted: 'chat.deleted' };

/**
 * Adds a chat message of an incident channel to that incident's timeline, with the chat user as
 * the actor. Times inside the text carry the date and the zone (the policy's default zone).
 */
export async function recordChatMessage(deps: { store: Store; clock: Clock }, e: ChatMessageEvent): Promise<RecordOutcome> {
  return deps.store.transaction(async (tx) => {
    const link = await tx.channels.byChannel(e.platform, e.channelId);
    const incident = link && (await tx.incidents.byId(link.incidentId));
    if (!incident) return 'not-an-incident-channel';
    if (e.how === 'message') {
      const service = incident.serviceId ? await tx.catalog.service(incident.serviceId) : undefined;
      if (service?.captureMessages !== 'all') return 'not-captured';
    }
    if (e.how === 'edited' || e.how === 'deleted') {
      // Only a message the timeline already holds has an edit worth recording.
      const held = (await tx.timeline.list(incident.id)).some((t) => t.data.channel === e.channelId && t.data.message === e.messageId && t.kind !== 'chat.deleted');
      if (!held) return 'not-captured';
    }
    const zone = await tx.catalog.defaultTimezone();
    const actor: Actor = { kind: 'person', id: await personIdOf(tx.catalog, e.platform, e.by) };
    const author = e.author ? await personIdOf(tx.catalog, e.platform, e.author) : undefined;
    const posted = e.postedAt ? ` posted ${whenText(e.postedAt, zone)}` : '';
    const what = author && author !== actor.id ? `a message by @${author}${posted}` : `a message${posted}`;
    const text = {
      pinned: `📌 @${actor.id} pinned ${what}: ${e.text}`,
      message: `@${actor.id}${posted ? ` (${posted.trim()})` : ''}: ${e.text}`,
      edited: `✏️ @${actor.id} edited ${what}; it now reads: ${e.text}`,
      // Slack does not say who deleted a message: only whose it was.
      deleted: `🗑️ A message by @${author ?? actor.id}${posted} was deleted${e.text ? ` (it read: ${e.text})` : ''}`,
    }[e.how];
    const data = { platform: e.platform, channel: e.channelId, message: e.messageId, ...(author ? { author } : {}), ...(e.eventId ? { eventId: e.eventId } : {}), ...(e.postedAt ? { postedAt: e.postedAt } : {}) };
    await tx.timeline.append(incident.id, { at: deps.clock.now().toISOString(), actor, kind: KIND[e.how], text, data });
    return 'recorded';
  });
}
