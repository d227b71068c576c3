import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsBytes, TEAMS_LIMITS } from '../../src/adapters/teams/card-limits';
import { incidentMessage } from '../../src/adapters/teams/incident-card';
import type { TeamsNotice } from '../../src/adapters/teams/teams-notices';
import { escapeMarkdown } from '../../src/adapters/teams/teams-text';
import { workflowBody } from '../../src/adapters/teams/workflow-webhook';
import type { IncidentView } from '../../src/app/chat-notices';
import { ALICE, cardOf, SERVICE_CHANNEL, TeamsHarness } from '../support/teams-harness';

// Text from alerts is shown as text in Teams too (SPEC "Who may do what"): a title written as a
// Markdown link, emphasis or an `<at>` mention tag shows as typed, in the card, the message that
// carries it, the thread's lines and the bot's answers; only Tocsin's own mentions mention. And
// however long what an alert says, the message stays within Teams' size.

const HOSTILE = '[Acknowledge here](https://evil.example/login) <at>Alice Example</at> **urgent** _now_ <a href="https://evil.example">x</a>';

/** `[text](url)` Markdown would render as a link: an opening bracket not escaped by a backslash. */
const LINK = /(?<!\\)\[[^\]]*(?<!\\)\]\(/;
/** Mention tags Teams would match against the entities: `<at>` not escaped. */
const tags = (text: string) => (text.match(/(?<!\\)<at>/g) ?? []).length;

/** Every text and fact value of an activity, card included. */
function textsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => ((k === 'text' || k === 'value') && typeof v === 'string' ? [v] : textsOf(v)));
}

describe('escaping', () => {
  it('backslash-escapes what makes links, emphasis, HTML and mention tags', () => {
    expect(escapeMarkdown(HOSTILE)).toBe('\\[Acknowledge here\\](https://evil.example/login) \\<at\\>Alice Example\\</at\\> \\*\\*urgent\\*\\* \\_now\\_ \\<a href="https://evil.example"\\>x\\</a\\>');
    expect(escapeMarkdown('C:\\temp `rm`')).toBe('C:\\\\temp \\`rm\\`');
  });
});

describe('Teams renderers with 10,000-character titles, labels and links', () => {
  const HUGE = 10_000;
  const incident: IncidentView = {
    id: 7, ref: 'INC-7', number: 7, title: `${HOSTILE} ${'😀['.repeat(HUGE / 2)}`, severity: 'sev1', status: 'acknowledged', serviceId: 's'.repeat(HUGE),
    createdAt: '2026-01-05T08:00:00.000Z', acknowledgedAt: '2026-01-05T08:01:00.000Z', acknowledgedBy: 'a'.repeat(HUGE), resolvedAt: null, resolvedBy: null, assignee: '*'.repeat(HUGE),
  };
  const oncall = Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, name: `Person ${i}`, teamsId: `aad-${i}` }));
  const links = Array.from({ length: 30 }, (_, i) => ({ title: `${'[]('.repeat(HUGE / 3)}`, url: `https://wiki.example.com/${i}/${i % 2 ? 'a'.repeat(HUGE) : '(x)'}` }));

  it('the card and its message fit in 28 KB, the title clipped at a character, links safe', () => {
    for (const mode of ['bot', 'notify-only'] as const) {
      const message = incidentMessage({ incident, oncall, links, mode, channel: { name: HOSTILE, webUrl: 'https://teams.example/l/(1)' } });
      expect(teamsBytes(message)).toBeLessThanOrEqual(TEAMS_LIMITS.messageBytes);
      expect(JSON.stringify(message)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
      for (const text of textsOf(message)) expect(text.length).toBeLessThanOrEqual(2 * TEAMS_LIMITS.title + 100);
      const card = cardOf(message);
      expect(card.body[0].text).toMatch(/^INC-7 · \\\[Acknowledge here\\\]/);
      expect(card.body[0].text).toMatch(/…$/);
      const linksLine = (card.body as { text?: string }[]).map((b) => b.text ?? '').find((t) => t.includes('wiki.example.com'))!;
      expect(linksLine.split(' · ')).toHaveLength(TEAMS_LIMITS.links);
      expect(linksLine).toContain('(https://wiki.example.com/0/%28x%29)');
      expect(linksLine).not.toContain('a'.repeat(TEAMS_LIMITS.url));
    }
  });

  it('the Workflows webhook body fits too, with a 10,000-character line', () => {
    const notice: TeamsNotice = { kind: 'notice.incident_updated', incident, target: { platform: 'teams' }, oncall, paged: [], links, text: `x ${'_'.repeat(HUGE)}` };
    const body = workflowBody(notice);
    expect(teamsBytes(body)).toBeLessThanOrEqual(TEAMS_LIMITS.messageBytes);
    expect(textsOf(body).filter((t) => LINK.test(t) && t.includes('evil.example'))).toEqual([]);
  });
});

describe('a hostile alert title through the whole bot', () => {
  const h = new TeamsHarness();
  let thread = '';
  beforeAll(async () => {
    await h.start();
    await h.post(h.installActivity());
    await h.alert('hostile', HOSTILE);
    await h.deliver();
    thread = h.connector.threads(SERVICE_CHANNEL)[0]!.id;
  });
  afterAll(() => h.stop());

  it('the card and its message show the title as text; the only mention is the one Tocsin makes', () => {
    const [message] = h.sent(thread);
    expect(message!.text).toBe(`<at>Alice Example</at>: INC-1 triggered: ${escapeMarkdown(HOSTILE)}`);
    expect(tags(message!.text)).toBe(message!.entities.length);
    const card = cardOf(message!);
    expect(card.body[0].text).toBe(`INC-1 · ${escapeMarkdown(HOSTILE)}`);
    for (const text of textsOf(card.body)) expect(tags(text)).toBe(text.startsWith('On call:') ? 1 : 0);
  });

  it('the page line and the answers to commands quote it escaped', async () => {
    const page = h.sent(thread)[1]!;
    expect(page.text).toBe(`<at>Alice Example</at>: Paging @alice for INC-1 (sev2): ${escapeMarkdown(HOSTILE)} (step 1, round 1)`);
    await h.post(h.say(thread, 'incident status'));
    await h.post(h.say(thread, `incident note see ${HOSTILE}`));
    const answers = h.sent(thread).slice(2).map((a) => String(a.text));
    expect(answers).toHaveLength(2);
    expect(answers[0]).toContain(`INC-1 ${escapeMarkdown(HOSTILE)}`);
    expect(answers[1]).toBe(`Noted on INC-1 by @alice: see ${escapeMarkdown(HOSTILE)}`);
    for (const text of h.sent(thread).flatMap(textsOf)) {
      expect(LINK.test(text) && text.includes('evil.example')).toBe(false);
      expect(text).not.toMatch(/(?<!\\)<a href/);
    }
    expect(h.sent(thread).flatMap((a) => a.entities ?? []).every((e: { mentioned: { id: string } }) => e.mentioned.id === ALICE.aad)).toBe(true);
  });
});
