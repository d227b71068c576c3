import type { DeliveryResult } from '../../app/ports/outbox';
import type { StormDigestNotice, StormLineNotice } from '../../app/outbox/notice-contracts';
import { digestRefKey } from '../../app/storm/storm-notices';
import { sendMessage } from './message-fallback';
import { escapeText } from './mrkdwn';
import { postOnce } from './post-once';
import { PLATFORM, type Delivery, type PostRef } from './slack-delivery';
import { renderStormDigest } from './storm-blocks';

const nowhere = (p: StormLineNotice | StormDigestNotice): DeliveryResult => ({ kind: 'delivered', result: { skipped: `service ${p.service.id} has no Slack announce channel` } });

/** `notice.storm_line`: storm started or ended, a line in the service's announce channel. */
export async function deliverStormNotice(d: Delivery, p: StormLineNotice): Promise<DeliveryResult> {
  const channel = p.target.announceChannel;
  if (!channel) return nowhere(p);
  const post = await postOnce(d, 'storm', channel, { text: escapeText(p.text) });
  return { kind: 'delivered', result: { ...post } };
}

/**
 * `notice.storm_digest`: the minute's digest, posted once (its ts kept under the service and minute),
 * then updated in place by every later row of that minute. What it lists is read now, not from the
 * row, so one delivery shows every incident committed before it; rows of one service go in order
 * (one ordering key), so the post always comes before its updates.
 */
export async function deliverStormDigest(d: Delivery, p: StormDigestNotice): Promise<DeliveryResult> {
  const channel = p.target.announceChannel;
  if (!channel) return nowhere(p);
  const incidents = await d.store.read.storms.digest(p.service.id, p.minuteAt);
  if (incidents.length === 0) return { kind: 'delivered', result: { skipped: 'no incident in this minute' } };
  const message = renderStormDigest(p.service, incidents);
  const key = digestRefKey(p.service.id, p.minuteAt);
  const known = await d.refs.get(PLATFORM, key);
  if (known) {
    const ref = JSON.parse(known) as PostRef;
    await sendMessage(d, 'chat.update', { channel: ref.channel, ts: ref.ts }, message);
    return { kind: 'delivered', result: { ...ref, updated: true, incidents: incidents.length } };
  }
  const ref = await postOnce(d, 'digest', channel, message);
  await d.refs.set(PLATFORM, key, JSON.stringify(ref));
  return { kind: 'delivered', result: { ...ref, incidents: incidents.length } };
}
