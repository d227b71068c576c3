import { afterEach, describe, expect, it } from 'vitest';
import { chatRefsRepo } from '../../../src/adapters/db/chat-refs-repo';
import { processedEventsRepo } from '../../../src/adapters/db/processed-events-repo';
import { dialects } from '../../support/dialects';

// The two small tables the Slack adapter leans on, on every dialect: which of two racing
// deliveries of one event wins, and the markers that make a re-run delivery skip what is done.
describe.each(dialects)('Slack state on $name', (dialect) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('an event id is claimed by exactly one of many concurrent deliveries, given back on failure, and purged', async () => {
    const h = await dialect.open();
    cleanup = h.cleanup;
    const events = processedEventsRepo(h.db.kysely);
    const claims = await Promise.all(Array.from({ length: 8 }, () => events.claim('slack', 'Ev01', '2026-01-07T10:00:00.000Z')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await events.release('slack', 'Ev01');
    expect(await events.claim('slack', 'Ev01', '2026-01-07T10:01:00.000Z')).toBe(true);
    expect(await events.claim('teams', 'Ev01', '2026-01-07T10:01:00.000Z')).toBe(true);
    expect(await events.purgeBefore('2026-01-08T00:00:00.000Z')).toBe(2);
  });

  it('chat refs keep the last value per platform and key', async () => {
    const h = await dialect.open();
    cleanup = h.cleanup;
    const refs = chatRefsRepo(h.db.kysely, () => '2026-01-07T10:00:00.000Z');
    expect(await refs.get('slack', 'post:1:announcement')).toBeUndefined();
    await refs.set('slack', 'post:1:announcement', 'pending');
    await refs.set('slack', 'post:1:announcement', '{"channel":"C1","ts":"1.2"}');
    await refs.set('teams', 'post:1:announcement', 'other');
    expect(await refs.get('slack', 'post:1:announcement')).toBe('{"channel":"C1","ts":"1.2"}');
  });
});
