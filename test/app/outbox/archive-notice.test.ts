import { describe, expect, it } from 'vitest';
import { sqlStore } from '../../../src/adapters/db/sql-store';
import { enqueueArchive } from '../../../src/app/outbox/archive-notice';
import { FakeClock } from '../../fakes/fake-clock';
import { dialects } from '../../support/dialects';
import { freshDatabases } from '../../support/fresh-database';

// The channel-archive timer writes an archive notice only for the platforms that archive: Slack
// (and local mode, which logs it). Teams keeps its channels and threads, so a Teams target gets no
// row that could only fail.

const AT = '2026-01-07T10:00:00.000Z';
const service = {
  id: 'pay',
  autoResolve: true,
  captureMessages: 'none',
  archiveAfterMs: 3_600_000,
  chat: [
    { platform: 'slack', announceChannel: 'C0ANNOUNCE' },
    { platform: 'teams', team: '19:ops@thread.tacv2', channel: '19:pay@thread.tacv2' },
  ],
};

describe.each(dialects)('archive notices on $name', (dialect) => {
  const { open } = freshDatabases(dialect);

  it('go to Slack, not to Teams, and only for a resolved incident', async () => {
    const db = await open();
    const store = sqlStore(db, new FakeClock(AT));
    await store.read.policy.upsertObject('service', 'pay', 0, service);
    const incident = await store.transaction((tx) => tx.incidents.create({ title: 'Disk full', severity: 'sev2', serviceId: 'pay', dedupKey: 'k', integrationId: null, escalationPolicy: null, createdAt: AT }));
    expect(await store.transaction((tx) => enqueueArchive(tx, incident.id))).toBe(false);
    await store.transaction((tx) => tx.incidents.update(incident.id, { status: 'resolved', resolvedAt: AT, resolvedBy: 'alice' }));
    expect(await store.transaction((tx) => enqueueArchive(tx, incident.id))).toBe(true);
    const rows = await db.kysely.selectFrom('outbox').select(['platform', 'kind']).execute();
    expect(rows).toEqual([{ platform: 'slack', kind: 'notice.incident_archive' }]);
  });
});
