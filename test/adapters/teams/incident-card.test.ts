import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../../../src/app/chat-notices';
import { fitActivity, teamsBytes, TEAMS_LIMITS } from '../../../src/adapters/teams/card-limits';
import { incidentCard, incidentMessage } from '../../../src/adapters/teams/incident-card';
import { mentionOf, normalizeTeamsMentions } from '../../../src/adapters/teams/teams-mentions';

const incident: IncidentView = {
  id: 7,
  ref: 'INC-7',
  number: 7,
  title: 'Checkout [EU] is down',
  severity: 'sev1',
  status: 'triggered',
  serviceId: 'payments',
  createdAt: '2026-01-05T08:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  resolvedBy: null,
  assignee: null,
};
const alice = { id: 'alice', name: 'Alice Example', teamsId: '00000000-0000-0000-0000-00000000a11c' };
const bob = { id: 'bob', name: 'Bob', email: 'bob@example.com' };
const links = [{ title: 'Grafana (prod)', url: 'https://grafana.example.com/d/1' }];

const texts = (card: Record<string, unknown>): string[] => (card.body as { text?: string }[]).flatMap((b) => (b.text ? [b.text] : []));
const facts = (card: Record<string, unknown>) => Object.fromEntries(((card.body as { facts?: { title: string; value: string }[] }[]).find((b) => b.facts)?.facts ?? []).map((f) => [f.title, f.value]));
const verbs = (card: Record<string, unknown>) => ((card.actions ?? []) as { verb: string }[]).map((a) => a.verb);

describe('incident card', () => {
  it('shows title, severity, status, service, who is on call as a real mention, and links', () => {
    const card = incidentCard({ incident, oncall: [alice], links, mode: 'bot' });
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    // The title is text: its brackets escaped, so no Markdown link can form.
    expect(texts(card)[0]).toBe('INC-7 · Checkout \\[EU\\] is down');
    expect(facts(card)).toMatchObject({ Severity: 'SEV1', Status: 'Triggered', Service: 'payments' });
    expect(texts(card)).toContain('On call: <at>Alice Example</at>');
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Alice Example</at>', mentioned: { id: alice.teamsId, name: 'Alice Example' } }]);
    expect(texts(card)).toContain('[Grafana (prod)](https://grafana.example.com/d/1)');
    expect(verbs(card)).toEqual(['incident.ack', 'incident.resolve', 'incident.escalate']);
    expect((card.actions as Record<string, unknown>[])[0]).toMatchObject({ type: 'Action.Execute', title: 'Acknowledge', data: { incident: 'INC-7', command: 'ack' } });
  });

  it('offers only the buttons the status still allows', () => {
    const acked = incidentCard({ incident: { ...incident, status: 'acknowledged', acknowledgedBy: 'alice' }, oncall: [alice], links: [], mode: 'bot' });
    expect(facts(acked).Status).toBe('Acknowledged by alice');
    expect(verbs(acked)).toEqual(['incident.resolve', 'incident.escalate']);
    const resolved = incidentCard({ incident: { ...incident, status: 'resolved', resolvedBy: 'bob', assignee: 'bob' }, oncall: [alice], links: [], mode: 'bot' });
    expect(facts(resolved)).toMatchObject({ Status: 'Resolved by bob', Lead: 'bob' });
    expect(resolved.actions).toBeUndefined();
    expect((resolved.body as { color?: string }[])[0]!.color).toBe('Good');
  });

  it("opens the incident's web page from a button when PUBLIC_URL is set: after the others, in every status and mode", () => {
    const pageUrl = 'https://tocsin.example/incidents/INC-7?(x)';
    const open = { type: 'Action.OpenUrl', title: 'Open in Tocsin', url: pageUrl };
    expect(incidentCard({ incident, oncall: [], links: [], mode: 'bot', pageUrl }).actions).toEqual([expect.objectContaining({ verb: 'incident.ack' }), expect.objectContaining({ verb: 'incident.resolve' }), expect.objectContaining({ verb: 'incident.escalate' }), open]);
    expect(incidentCard({ incident: { ...incident, status: 'resolved' }, oncall: [], links: [], mode: 'bot', pageUrl }).actions).toEqual([open]);
    expect(incidentCard({ incident, oncall: [], links: [], mode: 'notify-only', pageUrl }).actions).toEqual([open]);
  });

  it('has no buttons when posted by a Workflows webhook, and says where commands go', () => {
    const card = incidentCard({ incident, oncall: [bob], links: [], mode: 'notify-only' });
    expect(card.actions).toBeUndefined();
    expect(texts(card).join('\n')).toMatch(/incident ack INC-7/);
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Bob</at>', mentioned: { id: 'bob@example.com', name: 'Bob' } }]);
  });

  it('says when nobody is on call, and points the service-channel copy at the incident channel', () => {
    const card = incidentCard({ incident, oncall: [], links: [], mode: 'bot', channel: { name: 'inc-7-checkout', webUrl: 'https://teams.example/l/1' } });
    expect(texts(card)).toContain('On call: nobody could be resolved for this service');
    expect(texts(card)).toContain('Incident channel: [inc-7-checkout](https://teams.example/l/1)');
    expect(card.msteams.entities).toEqual([]);
  });

  it('carries the mention in the message text too, which is what notifies', () => {
    const message = incidentMessage({ incident, oncall: [alice, { id: 'carol' }], links: [], mode: 'bot' });
    expect(message.text).toBe('<at>Alice Example</at>, carol: INC-7 triggered: Checkout \\[EU\\] is down');
    expect(message.entities).toEqual([mentionOf(alice).entity]);
    expect(message.attachments).toEqual([{ contentType: 'application/vnd.microsoft.card.adaptive', content: expect.objectContaining({ type: 'AdaptiveCard' }) }]);
    const later = incidentMessage({ incident: { ...incident, status: 'acknowledged', acknowledgedBy: 'alice' }, oncall: [alice], links: [], mode: 'bot' });
    expect(later.text).toBe('INC-7 acknowledged by alice: Checkout \\[EU\\] is down');
    expect(later.entities).toBeUndefined();
  });
});

describe('mentions', () => {
  it('use the Teams id, else the email, else only the name', () => {
    expect(mentionOf({ id: 'x', name: 'X <admin>', teamsId: 'aad-x', email: 'x@example.com' }).entity?.mentioned).toEqual({ id: 'aad-x', name: 'X admin' });
    expect(mentionOf({ id: 'y', email: 'y@example.com' }).text).toBe('<at>y</at>');
    expect(mentionOf({ id: 'z' })).toEqual({ text: 'z' });
  });

  it('read inbound user mentions as @<object id> and drop the bot', () => {
    const mentions = [
      { text: '<at>Tocsin</at>', mentioned: { id: '28:bot' } },
      { text: '<at>Bob Example</at>', mentioned: { id: '29:bob' } },
      { text: '<at>Carol</at>', mentioned: { id: '29:carol' } },
    ];
    const text = '<at>Tocsin</at> incident assign&nbsp;<at>Bob Example</at> and <at>Carol</at>';
    expect(normalizeTeamsMentions(text, mentions, new Map([['29:bob', 'aad-bob']]))).toBe('incident assign @aad-bob and @29:carol');
  });
});

describe('message size', () => {
  it('halves the longest texts until the message fits, never a mention, never leaving a dangling escape', () => {
    const mention = `<at>Alice</at> ${'m'.repeat(2_000)}`;
    const big = { type: 'message', text: mention, attachments: [{ content: { body: Array.from({ length: 6 }, () => ({ type: 'TextBlock', text: '\\['.repeat(5_000) })) } }] };
    expect(teamsBytes(big)).toBeGreaterThan(TEAMS_LIMITS.messageBytes);
    const fitted = fitActivity(big);
    expect(teamsBytes(fitted)).toBeLessThanOrEqual(TEAMS_LIMITS.messageBytes);
    expect(fitted.text).toBe(mention);
    for (const block of (fitted.attachments[0]!.content.body)) expect(block.text).toMatch(/^(\\\[)*…$/);
    expect(big.attachments[0]!.content.body[0]!.text).toHaveLength(10_000);
  });
});
