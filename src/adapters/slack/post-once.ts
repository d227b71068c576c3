import { createHash } from 'node:crypto';
import type { ChatRefs } from '../../app/ports/chat-refs';
import { sendMessage } from './message-fallback';
import type { SlackMessage } from './mrkdwn';
import { PacedError, rateLimitedMs, slackErrorCode } from './slack-errors';
import { PLATFORM, type Delivery, type PostRef } from './slack-delivery';

// How a delivery that runs again (after a crash, a lost lease, a retry half-way through) avoids
// doing twice what Slack already has (docs/adr/0002-outbox.md).

/** Before the call: `pending:<channel>`, where it went (a page may go elsewhere on retry: its channel exists by then). */
const PENDING = 'pending';
const PENDING_IN = `${PENDING}:`;
/** The call was answered without posting (refused, rate-limited) or never made (paced): nothing to look for. */
const NOT_SENT = 'not-sent';
export const METADATA_EVENT = 'tocsin_outbox';

/**
 * Posts once per (outbox row, part). The step is marked `pending` before the call and with the
 * post's channel and ts after it. A retry that finds `pending` cannot know whether Slack took the
 * post before the crash, so it looks for the message by its metadata before posting again.
 * `lookup: false` for conversations whose history the bot may not read (direct messages).
 */
export async function postOnce(d: Delivery, part: string, channel: string, message: SlackMessage, options: { lookup?: boolean } = {}): Promise<PostRef> {
  const key = `post:${d.row.id}:${part}`;
  const memo = await d.refs.get(PLATFORM, key);
  // Where an attempt that may have posted sent it: a page that went to the announce channel (its
  // incident's channel not there yet) would go to the incident's channel on its retry.
  const pendingIn = memo === PENDING ? channel : memo?.startsWith(PENDING_IN) ? memo.slice(PENDING_IN.length) : undefined;
  if (memo && pendingIn === undefined && memo !== NOT_SENT) return JSON.parse(memo) as PostRef;
  if (pendingIn !== undefined && options.lookup !== false) {
    const found = await findPosted(d, pendingIn, part);
    if (found) {
      d.log.info({ outboxId: d.row.id, part, channel: pendingIn, ts: found.ts }, 'found the message a previous attempt posted; not posting it again');
      await d.refs.set(PLATFORM, key, JSON.stringify(found));
      return found;
    }
  }
  await d.refs.set(PLATFORM, key, `${PENDING_IN}${channel}`);
  let r;
  try {
    r = await sendMessage(d, 'chat.postMessage', {
      channel,
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: METADATA_EVENT, event_payload: { outbox_id: d.row.id, part } },
    }, message);
  } catch (e) {
    // Known not posted: the next attempt posts without reading the channel's history first (a
    // Tier 3 call a storm of paced posts would otherwise spend on every retry).
    if (e instanceof PacedError || rateLimitedMs(e) !== undefined || slackErrorCode(e) !== undefined) await d.refs.set(PLATFORM, key, NOT_SENT);
    throw e;
  }
  const ref: PostRef = { channel: String(r.channel ?? channel), ts: String(r.ts) };
  await d.refs.set(PLATFORM, key, JSON.stringify(ref));
  return ref;
}

interface HistoryMessage {
  readonly ts?: string;
  readonly metadata?: { readonly event_type?: string; readonly event_payload?: { readonly outbox_id?: unknown; readonly part?: unknown } };
}

/** Our post for this row and part in the channel since the row was written, if Slack has it. */
async function findPosted(d: Delivery, channel: string, part: string): Promise<PostRef | undefined> {
  const oldest = String(Math.floor(Date.parse(d.row.createdAt) / 1000) - 60);
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    let r;
    try {
      r = await d.api.call('conversations.history', { channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) });
    } catch (e) {
      const code = slackErrorCode(e);
      if (code !== 'not_in_channel' && code !== 'channel_not_found' && code !== 'missing_scope') throw e;
      d.log.warn({ outboxId: d.row.id, channel, error: code }, 'cannot read the channel to check for an earlier post; posting again');
      return undefined;
    }
    const hit = ((r.messages ?? []) as HistoryMessage[]).find(
      (m) => m.metadata?.event_type === METADATA_EVENT && String(m.metadata.event_payload?.outbox_id) === String(d.row.id) && m.metadata.event_payload?.part === part,
    );
    if (hit?.ts) return { channel, ts: hit.ts };
    cursor = (r.response_metadata as { next_cursor?: string } | undefined)?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

/** Runs a step that is not idempotent by itself (adding a bookmark) at most once per row. */
export async function once(d: Delivery, step: string, run: () => Promise<unknown>): Promise<void> {
  const key = `step:${d.row.id}:${step}`;
  if (await d.refs.get(PLATFORM, key)) return;
  await run();
  await d.refs.set(PLATFORM, key, 'done');
}

const saidKey = (channel: string, text: string) => `said:${channel}:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;

/**
 * A command answered in a channel already told everyone there what changed; the outbox line for
 * the same change would say it twice. The command handler marks what it said; the deliverer skips
 * a line marked in the same channel within a few minutes.
 */
export async function markSaid(refs: ChatRefs, channel: string, text: string, at: Date): Promise<void> {
  await refs.set(PLATFORM, saidKey(channel, text), at.toISOString());
}

export async function wasSaid(refs: ChatRefs, channel: string, text: string, now: Date): Promise<boolean> {
  const at = await refs.get(PLATFORM, saidKey(channel, text));
  return at !== undefined && Math.abs(now.getTime() - Date.parse(at)) < 10 * 60_000;
}
