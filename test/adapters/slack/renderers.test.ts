import { describe, expect, it } from 'vitest';
import { renderAnnouncement, type AnnouncementFacts } from '../../../src/adapters/slack/announcement-blocks';
import { incidentChannelName, slugOf } from '../../../src/adapters/slack/channel-name';
import { commandOfAction } from '../../../src/adapters/slack/incident-actions';
import { dateText, escapeText, incidentPageLink, linkMentions, linkText, mrkdwnText } from '../../../src/adapters/slack/mrkdwn';
import { mentionLookup } from '../../../src/adapters/slack/slack-people';
import { renderResolution, whoDidWhat } from '../../../src/adapters/slack/resolution-blocks';
import { renderTopic } from '../../../src/adapters/slack/topic-text';
import type { IncidentView } from '../../../src/app/chat-notices';
import type { TimelineEntry } from '../../../src/domain/timeline/timeline-entry';

const incident: IncidentView = {
  id: 7, ref: 'INC-7', number: 7, title: 'Disk full <!channel> & <@U0BOSS> on db-1', severity: 'sev1', status: 'triggered', serviceId: 'storefront',
  createdAt: '2026-03-29T00:30:00.000Z', acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null, assignee: null,
};
const dana = { id: 'dana', name: 'Dana Okafor', slackId: 'U02DANA' };
const facts: AnnouncementFacts = { incident, oncall: [dana], links: [{ title: 'Runbook | disk', url: 'https://wiki.example.com/disk' }], zone: 'Europe/Berlin' };
const json = (x: unknown) => JSON.stringify(x);

/** Every mrkdwn string of a message: what Slack parses for mentions and links. */
function mrkdwnOf(message: { text: string; blocks?: readonly Record<string, unknown>[] }): string[] {
  const out = [message.text];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(message.blocks);
  return out;
}

describe('channel names', () => {
  it('follows Slack rules: lowercase, [a-z0-9-_], at most 80, accents folded, prefix kept', () => {
    expect(incidentChannelName(undefined, 42, 'Disk FULL on db-1!!')).toBe('inc-42-disk-full-on-db-1');
    expect(incidentChannelName('inc_shop', 3, 'Über-Fehler: Kasse ✗')).toBe('inc_shop-3-uber-fehler-kasse');
    expect(incidentChannelName(undefined, 5, '🔥🔥')).toBe('inc-5');
    const long = incidentChannelName(undefined, 123456, 'a'.repeat(50) + ' ' + 'b'.repeat(60), 12);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^inc-123456-a+-b+-12$/);
    expect(incidentChannelName(undefined, 9, 'x'.repeat(200))).toMatch(/^[a-z0-9_-]{1,80}$/);
    expect(incidentChannelName(undefined, 42, 'Disk full', 2)).toBe('inc-42-disk-full-2');
    expect(slugOf('--Hello,  World--')).toBe('hello-world');
  });
});

describe('escaping', () => {
  it('escapes &, < and > so user text cannot ping or link', () => {
    expect(escapeText('<!channel> & <@U1|x> > y')).toBe('&lt;!channel&gt; &amp; &lt;@U1|x&gt; &gt; y');
  });

  it('an alert title never reaches mrkdwn unescaped, in any block or the fallback text', () => {
    const message = renderAnnouncement(facts);
    for (const text of mrkdwnOf(message)) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<@U0BOSS>');
    }
    // plain_text (the header) is never parsed for mentions, so it keeps the title as written
    expect(json(message.blocks)).toContain('"type":"plain_text","text":"🔴 INC-7: Disk full <!channel>');
  });

  it('turns @person in app-written lines into mentions only for known people', () => {
    const table = (id: string) => ({ dana: 'U02DANA' })[id];
    expect(linkMentions(escapeText('Acknowledged by @dana, cc @nobody and mail dana@x.io'), table)).toBe('Acknowledged by <@U02DANA>, cc @nobody and mail dana@x.io');
  });

  it('mentions only the people a line names on purpose, however the others are spelt', () => {
    const people = [{ id: 'dana', slackId: 'U02DANA' }, { id: 'farah', slackId: 'U03FARAH' }];
    const line = escapeText('Paging @dana for INC-7: @U0ADMIN999 cc @farah <!subteam^S1> https://evil.example');
    expect(linkMentions(line, mentionLookup(people, ['dana']))).toBe('Paging <@U02DANA> for INC-7: @U0ADMIN999 cc @farah &lt;!subteam^S1&gt; https://evil.example');
    expect(linkMentions(line, mentionLookup(people))).toBe(line);
    // A person made in chat is known by their Slack id: mentioned when named on purpose.
    expect(linkMentions('@U0NEW01 took over', mentionLookup([], ['U0NEW01']))).toBe('<@U0NEW01> took over');
    // Named on purpose and again inside a quoted title: only the first, Tocsin's own, is a mention.
    expect(linkMentions(escapeText('Paging @dana for INC-7: ping @dana and @U02DANA (by @dana)'), mentionLookup(people, ['dana']))).toBe('Paging <@U02DANA> for INC-7: ping @dana and @U02DANA (by @dana)');
    expect(mrkdwnText('x')).toEqual({ type: 'mrkdwn', text: 'x', verbatim: true });
  });

  it('links only http(s) URLs, and escapes their titles', () => {
    expect(linkText('https://x.example/a', 'A <b> | c')).toBe('<https://x.example/a|A &lt;b&gt; ¦ c>');
    expect(linkText('javascript:alert(1)', 'bad')).toBe('bad');
    // Slack's three control characters are escaped in the URL too; Slack decodes them.
    expect(linkText('https://x.example/a?b=1&c=2', 'q')).toBe('<https://x.example/a?b=1&amp;c=2|q>');
    expect(incidentPageLink('https://tocsin.example/incidents/INC-7', 'INC-7')).toBe('<https://tocsin.example/incidents/INC-7|INC-7 in Tocsin>');
  });
});

describe('the announcement', () => {
  it("links to the incident's web page first among the links when PUBLIC_URL is set, resolved too; not otherwise", () => {
    const page = '<https://tocsin.example/incidents/INC-7|INC-7 in Tocsin>';
    const withPage = { ...facts, pageUrl: 'https://tocsin.example/incidents/INC-7' };
    expect(mrkdwnOf(renderAnnouncement(withPage))).toContain(`🔗 ${page} · <https://wiki.example.com/disk|Runbook ¦ disk>`);
    expect(mrkdwnOf(renderAnnouncement({ ...withPage, links: [], incident: { ...incident, status: 'resolved' } }))).toContain(`🔗 ${page}`);
    expect(json(renderAnnouncement(facts))).not.toContain('in Tocsin');
  });

  it('mentions the on-call person in the notification text and offers Acknowledge / Resolve / Escalate', () => {
    const m = renderAnnouncement(facts);
    expect(m.text).toBe('🔴 INC-7 [sev1] Disk full &lt;!channel&gt; &amp; &lt;@U0BOSS&gt; on db-1 (triggered). On call: <@U02DANA>');
    const actions = m.blocks!.find((b) => b.type === 'actions') as { elements: { action_id: string; value: string }[] };
    expect(actions.elements.map((e) => [e.action_id, e.value])).toEqual([['tocsin.ack', 'INC-7'], ['tocsin.resolve', 'INC-7'], ['tocsin.escalate', 'INC-7']]);
    expect(json(m.blocks)).toContain('<https://wiki.example.com/disk|Runbook ¦ disk>');
  });

  it('carries full dates with the zone (here across the spring-forward night in Berlin)', () => {
    expect(json(renderAnnouncement(facts).blocks)).toContain(`*Opened*\\n${dateText('2026-03-29T00:30:00.000Z', 'Europe/Berlin')}`);
    expect(dateText('2026-03-29T00:30:00.000Z', 'Europe/Berlin')).toMatch(/^Sun 2026-03-29 01:30 \S+$/);
    expect(dateText('2026-03-29T01:30:00.000Z', 'Europe/Berlin')).toMatch(/^Sun 2026-03-29 03:30 \S+$/);
  });

  it('drops Acknowledge once acknowledged, every button once resolved, and says who did it', () => {
    const acked = renderAnnouncement({ ...facts, incident: { ...incident, status: 'acknowledged', acknowledgedAt: '2026-03-29T00:35:00.000Z', acknowledgedBy: 'dana' }, acknowledgedBy: dana });
    expect(json(acked.blocks)).not.toContain('tocsin.ack');
    expect(json(acked.blocks)).toContain('Acknowledged by <@U02DANA>');
    expect(acked.text).not.toContain('On call'); // no second ping on every update
    const resolved = renderAnnouncement({ ...facts, incident: { ...incident, status: 'resolved', resolvedAt: '2026-03-29T01:00:00.000Z', resolvedBy: 'dana' }, resolvedBy: dana });
    expect(resolved.blocks!.some((b) => b.type === 'actions')).toBe(false);
  });

  it('points at the incident channel in the copy for the announce channel', () => {
    expect(json(renderAnnouncement({ ...facts, incidentChannelId: 'C0INC7' }).blocks)).toContain('<#C0INC7>');
  });

  it('maps button presses back to the typed commands, and nothing else', () => {
    expect(commandOfAction('tocsin.ack', 'INC-7')).toBe('/incident ack INC-7');
    expect(commandOfAction('tocsin.escalate', 'INC-12')).toBe('/incident escalate INC-12');
    expect(commandOfAction('tocsin.ack', 'INC-7; resolve')).toBeUndefined();
    expect(commandOfAction('other', 'INC-7')).toBeUndefined();
  });
});

describe('topic and resolution', () => {
  it('topic: severity, status, who is on it; plain text, at most 250 characters', () => {
    expect(renderTopic(incident, [dana])).toBe('🔴 sev1 · Triggered · On it: Dana Okafor · INC-7: Disk full ‹!channel> & ‹@U0BOSS> on db-1');
    expect(renderTopic({ ...incident, title: 'x '.repeat(300) }, []).length).toBeLessThanOrEqual(250);
  });

  const entry = (kind: string, actor: string, actorKind: 'person' | 'source' | 'tocsin' = 'person'): TimelineEntry => ({ incidentId: 7, seq: 1, at: incident.createdAt, actor: { kind: actorKind, id: actor }, kind, text: '', data: {}, prevHash: '', hash: '' });

  it('says who did what, once per deed (the command echo of a change is not counted)', () => {
    const entries = [entry('incident.opened', 'prometheus', 'source'), entry('incident.acknowledged', 'dana'), entry('command', 'dana'), entry('note', 'farah'), entry('note', 'farah'), entry('incident.escalated', 'tocsin', 'tocsin'), entry('incident.resolved', 'dana')];
    expect(whoDidWhat(entries, (id) => (id === 'dana' ? dana : { id }))).toEqual(['prometheus (source): opened it', '<@U02DANA>: acknowledged, resolved', 'farah: 2 notes']);
  });

  it('summary: duration, time to acknowledge and the summary text, escaped', () => {
    const done = { ...incident, status: 'resolved', acknowledgedBy: 'dana', resolvedBy: 'dana', acknowledgedAt: '2026-03-29T00:34:00.000Z', resolvedAt: '2026-03-29T02:05:00.000Z' };
    const m = renderResolution({ incident: done, durationMs: 95 * 60_000, timeToAckMs: 4 * 60_000, summary: 'Freed <!here> space', entries: [], who: () => dana, zone: 'Europe/Berlin' });
    expect(m.text).toBe('✅ INC-7 resolved by <@U02DANA> after 1h35m; time to acknowledge: 4m (by <@U02DANA>).');
    expect(json(m.blocks)).toContain('Freed &lt;!here&gt; space');
    expect(json(renderResolution({ incident: done, durationMs: 1, timeToAckMs: null, summary: null, entries: [], who: () => dana, zone: 'UTC' }).blocks)).toContain('never acknowledged');
  });
});
