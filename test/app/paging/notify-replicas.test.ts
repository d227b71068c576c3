import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { outboxQueue } from '../../../src/adapters/db/outbox-queue';
import { sqlStore } from '../../../src/adapters/db/sql-store';
import { outboxWorker, type OutboxWorker } from '../../../src/app/outbox/outbox-worker';
import { notificationSettled } from '../../../src/app/paging/record-outcome';
import { PROVIDER_CHANNELS } from '../../../src/app/ports/paging-providers';
import { fakePagingDeliverers } from '../../fakes/fake-paging-deliverers';
import { dialects } from '../../support/dialects';
import { openEngine, T0, type EngineHarness } from '../../support/engine-harness';
import { PAGING_POLICY } from '../../support/paging-policy';

const sec = (s: number) => new Date(Date.parse(T0) + s * 1000);

describe.each(dialects)('personal notifications with two replicas on $name', (dialect) => {
  let h: EngineHarness;
  afterEach(() => h?.cleanup());

  it('each rule fires once, each notification is delivered once and its outcome said once', async () => {
    h = await openEngine(dialect, PAGING_POLICY);
    const providers = fakePagingDeliverers();
    const log = pino({ level: 'silent' });
    // Two replicas: each its own store (group-commit lanes), scheduler and provider workers, one database.
    const replicas = ['a', 'b'].map((name) => {
      const store = name === 'a' ? h.store : sqlStore(h.db, h.clock);
      const workers: OutboxWorker[] = PROVIDER_CHANNELS.map((c) =>
        outboxWorker({ queue: outboxQueue(h.db), deliverer: providers.deliverers[c]!, clock: h.clock, log, onSettled: notificationSettled({ store, clock: h.clock }) }, { workerId: `${name}:${c}` }),
      );
      return { scheduler: h.newScheduler(`replica-${name}`), workers };
    });
    const incident = await h.open();
    for (const s of [0, 1, 2, 3, 4, 5]) {
      h.clock.set(sec(s));
      await Promise.all(replicas.map((r) => r.scheduler.runOnce(sec(s))));
      await Promise.all(replicas.flatMap((r) => r.workers.map((w) => w.drain())));
    }
    expect(providers.sent.map((x) => x.channel).sort()).toEqual(['push', 'sms', 'voice']);
    const texts = (await h.timeline(incident)).map((e) => e.text).filter((t) => /alice (by|sent)|to @alice/.test(t));
    expect(texts).toEqual(['Notifying @alice by push (rule 2)', 'Push to @alice sent', 'Notifying @alice by SMS (rule 3)', 'SMS to @alice sent', 'Notifying @alice by phone call (rule 4)', 'Call to @alice sent']);
  });
});
