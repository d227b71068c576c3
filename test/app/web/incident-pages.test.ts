import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidentFile, incidentList, INCIDENTS_PER_PAGE } from '../../../src/app/web/incident-pages';
import { dialects } from '../../support/dialects';
import { openHarness, type Harness } from '../../support/command-harness';

describe.each(dialects)('the web incident list on $name', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(dialect);
  });
  afterEach(async () => h.cleanup());

  it('puts open incidents first, newest first in each part, counts every match and filters by status and service', async () => {
    await h.store.transaction(async (tx) => {
      for (let n = 1; n <= INCIDENTS_PER_PAGE + 5; n++) {
        const i = await tx.incidents.create({ title: `T${n}`, severity: 'sev3', serviceId: n % 2 ? 'payments' : 'docs', dedupKey: `k${n}`, integrationId: null, escalationPolicy: null, createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString() });
        if (n > 10) await tx.incidents.update(i.id, { status: n % 3 ? 'resolved' : 'acknowledged' });
      }
    });
    const numbers = (l: Awaited<ReturnType<typeof incidentList>>) => l.incidents.map((i) => i.number);
    const first = await incidentList(h.store, {}, 1);
    expect([first.total, first.page, first.pages]).toEqual([55, 1, 2]);
    const open = [54, 51, 48, 45, 42, 39, 36, 33, 30, 27, 24, 21, 18, 15, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(numbers(first).slice(0, open.length)).toEqual(open);
    expect(numbers(first).slice(open.length, open.length + 3)).toEqual([55, 53, 52]);
    expect(numbers(await incidentList(h.store, {}, 2))).toHaveLength(5);
    expect((await incidentList(h.store, { status: 'open' }, 1)).total).toBe(open.length);
    expect(numbers(await incidentList(h.store, { status: 'triggered', serviceId: 'docs' }, 1))).toEqual([10, 8, 6, 4, 2]);
    expect(await incidentList(h.store, { serviceId: 'nope' }, 9)).toMatchObject({ incidents: [], total: 0, page: 9, pages: 1 });
    expect((await incidentList(h.store, {}, 0)).page).toBe(1);
    expect(first.services.map((s) => s.id).sort()).toEqual(['docs', 'payments']);
  });

  it("reads an incident's file with its chain checked over exactly what it shows", async () => {
    await h.run('/incident declare Checkout is down sev2 payments', 'bob');
    await h.run('/incident note INC-1 looking', 'bob');
    const file = await incidentFile(h.store, 1);
    expect(file).toMatchObject({ ref: 'INC-1', chain: { ok: true, entries: file!.timeline.length } });
    expect(file!.timeline.map((e) => e.text)).toContain('looking');
    expect(await incidentFile(h.store, 2)).toBeUndefined();
  });
});
