import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, cardOf, SERVICE_CHANNEL, TeamsHarness } from '../support/teams-harness';

// With PUBLIC_URL set, Teams links to the incident's web page: an "Open in Tocsin" button on the
// incident card (a card field, so the URL is as built), the page in alice's 1:1 chat, and the
// `incident status` answer. The whole bot, anonymous, against the fake Bot Connector.
// (teams-flow.test.ts runs without PUBLIC_URL and finds none.)
const PAGE = 'https://tocsin.example/incidents/INC-1';
const h = new TeamsHarness({ env: { PUBLIC_URL: 'https://tocsin.example' } });
let thread = '';
const personal = `a:personal-${ALICE.aad}`;

beforeAll(async () => {
  await h.start();
  await h.post(h.installActivity());
  // alice's 1:1 chat with the bot, where her pages go too.
  await h.post(h.personal('oncall'));
  expect((await h.alert('db-1', 'Orders [database] down')).status).toBe(202);
  await h.deliver();
  thread = h.connector.threads(SERVICE_CHANNEL)[0]!.id;
});
afterAll(() => h.stop());

describe('links to the incident page in Teams (PUBLIC_URL set)', () => {
  it('the incident card has an "Open in Tocsin" button after its own', () => {
    const card = cardOf(h.sent(thread)[0]!);
    expect(card.actions.map((a: { type: string; title: string }) => `${a.type} ${a.title}`)).toEqual(['Action.Execute Acknowledge', 'Action.Execute Resolve', 'Action.Execute Escalate', 'Action.OpenUrl Open in Tocsin']);
    expect(card.actions.at(-1).url).toBe(PAGE);
  });

  it("the page in the person's 1:1 chat links to the page", () => {
    const page = h.sent(personal).at(-1)!;
    expect(page.text).toMatch(/^Paging @alice for INC-1 \(sev2\): Orders \\\[database\\\] down/);
    expect(page.text.endsWith(`\n\n[Open INC-1 in Tocsin](${PAGE})`)).toBe(true);
  });

  it('`incident status` answers with the link', async () => {
    await h.post(h.say(thread, 'incident status'));
    const reply = h.sent(thread).at(-1)!;
    expect(reply.text).toMatch(/^INC-1 Orders \\\[database\\\] down\n/);
    expect(reply.text.endsWith(`\n\n[Open INC-1 in Tocsin](${PAGE})`)).toBe(true);
  });

  it('the card keeps the button when it is replaced, and once resolved', async () => {
    await h.post(h.say(thread, 'incident resolve'));
    await h.deliver();
    const [card] = h.connector.activities(thread);
    expect(card!.updated).toBe(true);
    expect(cardOf(card!.activity).actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in Tocsin', url: PAGE }]);
  });
});
