import { describe, expect, it } from 'vitest';
import { renderAnnouncement, type AnnouncementFacts } from '../../../src/adapters/slack/announcement-blocks';
import { clipMrkdwn, fitMessage, plainMessage, SLACK_LIMITS } from '../../../src/adapters/slack/block-limits';
import { renderResolution } from '../../../src/adapters/slack/resolution-blocks';
import { renderTopic } from '../../../src/adapters/slack/topic-text';
import { clipText } from '../../../src/adapters/shared/clip-text';
import type { IncidentView } from '../../../src/app/chat-notices';
import type { TimelineEntry } from '../../../src/domain/timeline/timeline-entry';
import { blocksProblem } from '../../fakes/fake-slack-blocks';

// An Alertmanager summary that lists 130 hosts made a 3,659-character section: Slack refused the
// whole announcement (`invalid_blocks`). Every renderer is fed 10,000-character titles, labels and
// names here, and what it makes must pass the same checks the fake Slack (and Slack) makes.

const HUGE = 10_000;
const huge = (word: string) => `${word} `.repeat(Math.ceil(HUGE / (word.length + 1))).slice(0, HUGE);
const hosts = Array.from({ length: 130 }, (_, i) => `db-${i}.prod.example.com:9100`).join(', ');

const incident: IncidentView = {
  id: 7, ref: 'INC-7', number: 7, title: `Disk full <!channel> & on ${hosts} ${huge('😀&<x>')}`, severity: 'sev1', status: 'acknowledged', serviceId: huge('svc'),
  createdAt: '2026-03-29T00:30:00.000Z', acknowledgedAt: '2026-03-29T00:35:00.000Z', acknowledgedBy: 'dana', resolvedAt: null, resolvedBy: null, assignee: 'dana',
};
const longName = { id: 'x', name: huge('Name&') };
const people = Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, name: huge('Ann'), slackId: `U0P${i}` }));
const links = Array.from({ length: 30 }, (_, i) => ({ title: huge('Runbook|<b>'), url: `https://wiki.example.com/${'a'.repeat(HUGE)}/${i}` }));
const facts: AnnouncementFacts = { incident, oncall: people, acknowledgedBy: longName, assignee: longName, links, zone: 'Europe/Berlin', incidentChannelId: 'C0INC7' };

/** What Slack would say of a message: nothing when it takes it. */
function refusal(message: { text: string; blocks?: readonly Record<string, unknown>[] }): string | undefined {
  if (message.text.length > SLACK_LIMITS.messageText) return `text: ${message.text.length} characters`;
  return message.blocks ? blocksProblem(message.blocks) : undefined;
}

/** No lone surrogate: a clip in the middle of an emoji. */
const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('clipping', () => {
  it('cuts at a character, never inside a surrogate pair, and ends in …', () => {
    for (let max = 2; max < 40; max++) {
      const cut = clipText('😀'.repeat(30), max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.endsWith('…')).toBe(true);
      expect(wellFormed(cut)).toBe(true);
    }
    expect(clipText('short', 10)).toBe('short');
    expect(clipText('one two three four five', 20)).toBe('one two three four…');
  });

  it('mrkdwn is never cut inside an escape or a mention', () => {
    for (let max = 2; max < 60; max++) {
      const cut = clipMrkdwn('a &amp; b &lt;!channel&gt; <@U02DANA> and <https://x.example/a|runbook> end', max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/&[a-z]*…$|<[^>]*…$/);
    }
  });

  it('fits a message built past every limit, and the plain fallback is text alone', () => {
    const over = { text: 'x'.repeat(50_000), blocks: Array.from({ length: 60 }, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(5_000) }, fields: Array.from({ length: 12 }, () => ({ type: 'mrkdwn', text: 'z'.repeat(3_000) })) })) };
    expect(refusal(over)).toBeDefined();
    expect(refusal(fitMessage(over))).toBeUndefined();
    expect(plainMessage(over)).toEqual({ text: expect.stringMatching(/^x+…$/) });
    expect(plainMessage(over).text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  });
});

describe('every Slack renderer stays within Slack limits with 10,000-character input', () => {
  it('the announcement, in the channel and in the announce channel, open and resolved', () => {
    for (const f of [facts, { ...facts, incidentChannelId: undefined as never }, { ...facts, incident: { ...incident, status: 'triggered' } }, { ...facts, incident: { ...incident, status: 'resolved', resolvedAt: incident.createdAt, resolvedBy: 'x' }, resolvedBy: longName }]) {
      const m = renderAnnouncement(f);
      expect(refusal(m)).toBeUndefined();
      expect(wellFormed(JSON.stringify(m))).toBe(true);
    }
    const header = renderAnnouncement(facts).blocks![0] as { text: { text: string } };
    expect(header.text.text).toMatch(/^🔴 INC-7: Disk full .*…$/);
  });

  it('the resolution summary', () => {
    const entry = (actor: string, kind = 'note'): TimelineEntry => ({ incidentId: 7, seq: 1, at: incident.createdAt, actor: { kind: actor === 'am' ? 'source' : 'person', id: actor }, kind, text: huge('t'), data: {}, prevHash: '', hash: '' });
    const entries = [entry('am', 'incident.opened'), ...people.map((p) => entry(p.id)), entry(huge('src'))];
    const m = renderResolution({ incident: { ...incident, status: 'resolved', resolvedBy: 'dana', resolvedAt: '2026-03-29T02:00:00.000Z' }, durationMs: 1, timeToAckMs: 1, summary: huge('Freed <!here>'), entries, who: () => longName, zone: 'UTC' });
    expect(refusal(m)).toBeUndefined();
  });

  it('the topic', () => {
    const topic = renderTopic(incident, people);
    expect(topic.length).toBeLessThanOrEqual(SLACK_LIMITS.topic);
    expect(wellFormed(topic)).toBe(true);
  });
});
