import { createHash } from 'node:crypto';
import type { ProcessedEvents } from '../../app/ports/processed-events';
import type { ChatRefs } from '../../app/ports/chat-refs';
import type { Clock } from '../../app/ports/clock';

/**
 * What the Teams adapter remembers between requests: conversation references for proactive
 * messages (keyed `team:<id>`, `group:<aad group id>`, `user:<aad object id>`), what each outbox
 * row already posted (`post:<row>:<part>`), and the inbound activities it has handled. Kept in
 * `chat_refs` (platform `teams`) and `processed_events` (source `teams`), each write its own
 * commit: these facts belong to no use case and must survive a delivery that fails after them.
 */
export interface TeamsState {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
  /** True the first time an activity key is seen; false for a redelivery. */
  claimActivity(key: string): Promise<boolean>;
  /** Forgets a claim whose handling failed, so Teams' redelivery is handled after all. */
  releaseActivity(key: string): Promise<void>;
}

const PLATFORM = 'teams';

export function teamsState(refs: ChatRefs, processed: ProcessedEvents, clock: Clock): TeamsState {
  return {
    async get<T>(key: string) {
      const value = await refs.get(PLATFORM, key);
      // `null` is a removed reference: chat_refs keeps keys, not deletions.
      return value === undefined ? undefined : ((JSON.parse(value) as T | null) ?? undefined);
    },
    put: (key, value) => refs.set(PLATFORM, key, JSON.stringify(value)),
    remove: (key) => refs.set(PLATFORM, key, 'null'),
    claimActivity: (key) => processed.claim(PLATFORM, key, clock.now().toISOString()),
    releaseActivity: (key) => processed.release(PLATFORM, key),
  };
}

/**
 * Runs one step of a delivery once per outbox row: a retried row (the worker delivers at least
 * once) skips the posts an earlier attempt already made (docs/adr/0002-outbox.md, "Never twice").
 * The Bot Connector cannot be asked whether a post arrived, so a crash between the post and this
 * record repeats that one post: a cosmetic duplicate, never a lost message.
 */
export async function once<T>(state: TeamsState, rowId: number, part: string, step: () => Promise<T>): Promise<T> {
  const key = `post:${rowId}:${part}`;
  const done = await state.get<{ value: T }>(key);
  if (done) return done.value;
  const value = await step();
  await state.put(key, { value });
  return value;
}

/**
 * Marks a line the bot has just said in a conversation (its answer to a command typed there), so
 * the same line coming back through the outbox is not said twice. One mark per conversation.
 */
export const saidKey = (conversationId: string) => `said:${conversationId}`;
export const lineHash = (text: string) => createHash('sha256').update(text.trim()).digest('hex').slice(0, 32);
