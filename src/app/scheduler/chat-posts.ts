import type { Catalog, Person, Platform } from '../ports/catalog';
import type { Tx } from '../ports/store';
import { NOTICE, type NoticeInput } from '../outbox/notice-contracts';

// Messages the scheduler sends that are not about one incident's channel: posts to a named channel
// (summaries, channel targets of an escalation step) and direct notices to a person (handoffs).
// Kinds: `NOTICE.channelPost` and `NOTICE.personMessage` (outbox/notice-contracts.ts).

export interface ChannelRef {
  readonly platform: Platform;
  readonly id: string;
}

/** A post to one channel. `dedupKey` makes it idempotent (a retried job enqueues it once). */
export async function postToChannel(tx: Tx, channel: ChannelRef, content: Omit<NoticeInput<typeof NOTICE.channelPost>, 'channel'>, dedupKey: string): Promise<void> {
  await tx.outbox.enqueue({
    platform: channel.platform,
    orderingKey: `${channel.platform}:channel:${channel.id}`,
    kind: NOTICE.channelPost,
    payload: { channel, ...content },
    dedupKey: `${channel.platform}:${dedupKey}`,
  });
}

/**
 * The platforms a person can be reached on: those the services use (a deliverer finds the person
 * by Slack id, Teams id or email there); `local` (the log) when no service names a chat.
 */
export async function personPlatforms(catalog: Catalog): Promise<readonly string[]> {
  const platforms = new Set<string>();
  for (const s of await catalog.services()) for (const c of s.chat) platforms.add(c.platform);
  return platforms.size > 0 ? [...platforms].sort() : ['local'];
}

/** A direct message to `person` on every platform they can be reached on. */
export async function noticeToPerson(tx: Tx, person: Person, content: Omit<NoticeInput<typeof NOTICE.personMessage>, 'person'>, dedupKey: string): Promise<void> {
  for (const platform of await personPlatforms(tx.catalog)) {
    await tx.outbox.enqueue({
      platform,
      orderingKey: `${platform}:person:${person.id}`,
      kind: NOTICE.personMessage,
      payload: { person, ...content },
      dedupKey: `${platform}:${dedupKey}`,
    });
  }
}
