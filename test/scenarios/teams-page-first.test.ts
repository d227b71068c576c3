import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONVERSATION_PACE } from '../../src/adapters/teams/teams-pacing';
import { ALICE, SERVICE_CHANNEL, TeamsHarness } from '../support/teams-harness';

// Teams' rate limits known in advance (docs/adr/0008-page-first-outbox.md): 30 incidents at once on
// one service, against a fake Bot Connector that answers 429 over Teams' documented bot limits
// (7 a second, 8 in two, 60 in thirty per conversation; a channel with its threads is one). Every
// call is paced so that none is refused, and the budget of the service channel goes to pages
// first: once an incident's card is posted, its page follows before more than a burst of other
// cards. Each page also reaches Alice's 1:1 chat, each once.

const INCIDENTS = 30;
const h = new TeamsHarness({ connectorRateLimits: true, env: { TEAMS_PACING: 'true' } });

beforeAll(async () => {
  await h.start();
  expect((await h.post(h.installActivity())).status).toBe(200);
  expect((await h.post(h.personal('oncall'))).status).toBe(200);
});
afterAll(() => h.stop());

describe('a 30-incident burst on one Teams channel, paced', () => {
  it('posts every card and page with no 429, pages before the next cards', async () => {
    for (let n = 0; n < INCIDENTS; n++) expect((await h.alert(`burst-${n}`, `Burst alert ${n}`)).status).toBe(202);
    const open = async () => (await h.outbox()).filter((r) => r.delivered_at === null && r.failed_at === null).length;
    const started = h.clock.now().getTime();
    for (let round = 0; round < 300 && (await open()) > 0; round++) {
      await h.deliver();
      h.clock.advance(1_000);
    }
    expect(await open()).toBe(0);
    const rows = await h.outbox();
    expect(rows.filter((r) => r.failed_at !== null || Number(r.attempts) > 0)).toEqual([]);
    expect(h.connector.calls.filter((c) => c.status === 429).map((c) => c.op)).toEqual([]);
    // 60 posts in one channel at the documented pace (about two a second) take about half a minute of Teams' time.
    expect(h.clock.now().getTime() - started).toBeLessThan(60_000);

    // Activity ids grow with every post the connector takes, so they give the order of all posts.
    const threads = h.connector.threads(SERVICE_CHANNEL).map((t) => h.connector.activities(t.id));
    expect(threads).toHaveLength(INCIDENTS);
    for (const [card, page, ...more] of threads) {
      expect(more).toEqual([]);
      expect(page!.activity.text).toMatch(/^<at>Alice Example<\/at>: Paging @alice for INC-\d+/);
      const cardsBetween = threads.filter(([other]) => Number(other!.id) > Number(card!.id) && Number(other!.id) < Number(page!.id));
      expect(cardsBetween.length).toBeLessThanOrEqual(CONVERSATION_PACE.burst - 1);
    }
    expect(h.sent(`a:personal-${ALICE.aad}`).filter((a) => /Paging @alice for INC-/.test(String(a.text)))).toHaveLength(INCIDENTS);
  }, 120_000);
});
