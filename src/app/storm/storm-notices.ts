import { digestSlot } from '../../domain/storm/storm-mode';
import { chatTargets, pagesWithoutChannel, targetDedupKey } from '../chat-notices';
import type { ServiceRecord } from '../ports/catalog';
import type { Tx } from '../ports/store';
import { NOTICE } from '../outbox/notice-contracts';

/**
 * The outbox kinds of storm mode (declared in notice-contracts), rendered by each chat deliverer
 * that holds channels back: `notice.storm_line` (storm started, storm ended, in the announce
 * channel) and `notice.storm_digest` (the minute's digest, posted once and then updated in place;
 * its content is read from the database when it is delivered, so one row stands for every
 * incident that arrived before it went out).
 */
type StormNoticeKind = typeof NOTICE.stormLine | typeof NOTICE.stormDigest;

/** Where a digest's message is remembered (chat refs), one per service and storm minute. */
export const digestRefKey = (serviceId: string, minuteAt: string) => `storm-digest:${serviceId}:${minuteAt}`;

export interface StormService {
  readonly id: string;
  readonly name: string;
}

export const stormServiceOf = (s: ServiceRecord): StormService => ({ id: s.id, name: s.name ?? s.id });

async function enqueueStorm(tx: Tx, service: StormService, kind: StormNoticeKind, content: Record<string, unknown>, dedupKey: string): Promise<void> {
  for (const [i, target] of (await chatTargets(tx.catalog, service.id)).entries()) {
    // Only where channels are held back; elsewhere (Teams) each incident keeps its card.
    if (!pagesWithoutChannel(target.platform)) continue;
    await tx.outbox.enqueue({
      platform: target.platform,
      // One key per service: the digest is posted before it is updated, the notices stay in order.
      orderingKey: `${target.platform}:storm:${service.id}`,
      kind,
      payload: { service, target, ...content },
      dedupKey: targetDedupKey(target.platform, i, dedupKey),
    });
  }
}

/** A line about the storm in the announce channel; `key` makes it once (`started:<at>`, `ended:<at>`). */
export async function stormNotice(tx: Tx, service: StormService, text: string, key: string): Promise<void> {
  await enqueueStorm(tx, service, NOTICE.stormLine, { text }, `storm:${service.id}:${key}`);
}

/**
 * Why a digest is refreshed, which is also its row's dedup key: `slot` while its minute runs (one
 * row per DIGEST_REFRESH_MS, whatever the number of incidents), `final` once the minute is over,
 * `channel` when a channel is asked for one of its incidents (its button goes).
 */
export type DigestRefresh = { readonly slot: Date } | 'final' | { readonly channelFor: number };

/** Asks for the digest of `minuteAt` to be posted or refreshed, coalesced as DigestRefresh says. */
export async function refreshDigest(tx: Tx, service: StormService, minuteAt: string, why: DigestRefresh): Promise<void> {
  const key = why === 'final' ? 'final' : 'slot' in why ? String(digestSlot(why.slot)) : `channel:${why.channelFor}`;
  await enqueueStorm(tx, service, NOTICE.stormDigest, { minuteAt }, `storm-digest:${service.id}:${minuteAt}:${key}`);
}
