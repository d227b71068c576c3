import type { App } from '@slack/bolt';
import type { ProcessedEvents } from '../../app/ports/processed-events';
import type { ChatMessageEvent, RecordOutcome } from '../../app/chat-events/record-chat-message';
import type { DeliveryLog } from '../../app/ports/delivery-log';
import type { Clock } from '../../app/ports/clock';
import type { ChannelRepo } from '../../app/ports/store';
import type { Inflight } from './inflight';
import type { SlackApi } from './slack-api';
import { slackErrorCode } from './slack-errors';

export interface SlackCaptureDeps {
  readonly recordMessage: (e: ChatMessageEvent) => Promise<RecordOutcome>;
  readonly processed: ProcessedEvents;
  readonly channels: ChannelRepo;
  readonly api: SlackApi;
  readonly clock: Clock;
  readonly log: DeliveryLog;
  readonly inflight: Inflight;
}

const SOURCE = 'slack';

/** Slack `ts` (`1767600000.000100`) → ISO-8601: when the message was posted. */
export function tsToIso(ts: string): string | undefined {
  const seconds = Number(ts);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(Math.floor(seconds * 1000)).toISOString() : undefined;
}

/**
 * Each Events API delivery handled once: Slack redelivers (`X-Slack-Retry-Num`) when our answer
 * was late, even while the first delivery is still being handled, so the event id is claimed
 * first; a handler that fails gives the claim back so a redelivery can do the work.
 */
async function handleOnce(deps: SlackCaptureDeps, eventId: string | undefined, work: () => Promise<unknown>): Promise<void> {
  if (eventId && !(await deps.processed.claim(SOURCE, eventId, deps.clock.now().toISOString()))) {
    deps.log.info({ eventId }, 'Slack redelivered an event already handled; skipped');
    return;
  }
  try {
    await work();
  } catch (e) {
    if (eventId) await deps.processed.release(SOURCE, eventId).catch(() => undefined);
    throw e;
  }
}

interface SlackMessage {
  readonly ts?: string;
  readonly user?: string;
  readonly text?: string;
  readonly bot_id?: string;
  readonly subtype?: string;
}

/** The message at `ts`: from the channel's history, or from a thread (replies are not in the history). */
async function messageAt(api: SlackApi, channel: string, ts: string): Promise<SlackMessage | undefined> {
  const history = await api.call('conversations.history', { channel, oldest: ts, latest: ts, inclusive: true, limit: 10 });
  const hit = ((history.messages ?? []) as SlackMessage[]).find((m) => m.ts === ts);
  if (hit) return hit;
  try {
    const replies = await api.call('conversations.replies', { channel, ts, limit: 1 });
    return ((replies.messages ?? []) as SlackMessage[]).find((m) => m.ts === ts);
  } catch (e) {
    if (slackErrorCode(e) === 'thread_not_found') return undefined;
    throw e;
  }
}

/** Kinds of `message` events that are someone writing; joins, topic changes and bots are not. */
const WRITTEN = new Set([undefined, 'thread_broadcast', 'file_share', 'me_message']);

function messageEventOf(e: Record<string, any>): Omit<ChatMessageEvent, 'platform' | 'eventId'> | undefined {
  if (e.subtype === 'message_changed') {
    const m = e.message ?? {};
    // Unfurls and our own chat.update arrive as "changes" too; only a human's new text counts.
    if (m.bot_id || !m.user || m.text === e.previous_message?.text) return undefined;
    return { channelId: e.channel, messageId: m.ts, how: 'edited', by: m.edited?.user ?? m.user, author: m.user, text: m.text ?? '', ...(tsToIso(m.ts) ? { postedAt: tsToIso(m.ts) } : {}) };
  }
  if (e.subtype === 'message_deleted') {
    const p = e.previous_message ?? {};
    if (p.bot_id || !p.user) return undefined;
    return { channelId: e.channel, messageId: e.deleted_ts ?? p.ts, how: 'deleted', by: p.user, author: p.user, text: p.text ?? '', ...(tsToIso(p.ts ?? '') ? { postedAt: tsToIso(p.ts) } : {}) };
  }
  if (!WRITTEN.has(e.subtype) || e.bot_id || !e.user) return undefined;
  return { channelId: e.channel, messageId: e.ts, how: 'message', by: e.user, author: e.user, text: e.text ?? '', ...(tsToIso(e.ts) ? { postedAt: tsToIso(e.ts) } : {}) };
}

/**
 * Incident channels onto the timeline: a message reacted to with 📌 (`pushpin`), and, where the
 * service captures `all`, every message with its later edits and deletions as new entries.
 */
export function registerCapture(app: App, deps: SlackCaptureDeps): void {
  app.event('reaction_added', async ({ event, body }) => {
    if (event.reaction !== 'pushpin' || event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    if (!(await deps.channels.byChannel(SOURCE, channel))) return;
    await deps.inflight.run(() =>
      handleOnce(deps, body.event_id, async () => {
        const message = await messageAt(deps.api, channel, ts);
        if (!message) return deps.log.warn({ channel, ts }, 'pinned message not found; nothing recorded');
        const postedAt = tsToIso(ts);
        return deps.recordMessage({ platform: SOURCE, channelId: channel, messageId: ts, how: 'pinned', by: event.user, ...(message.user ? { author: message.user } : {}), text: message.text ?? '', ...(postedAt ? { postedAt } : {}), eventId: body.event_id });
      }),
    );
  });

  app.event('message', async ({ event, body }) => {
    const e = messageEventOf(event as unknown as Record<string, any>);
    if (!e) return;
    await deps.inflight.run(() => handleOnce(deps, body.event_id, () => deps.recordMessage({ ...e, platform: SOURCE, eventId: body.event_id })));
  });
}
