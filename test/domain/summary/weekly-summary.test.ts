import { describe, expect, it } from 'vitest';
import type { Rotation } from '../../../src/domain/oncall/rotation';
import type { IncidentFacts, PagedPerson } from '../../../src/domain/summary/incident-stats';
import { renderSummary } from '../../../src/domain/summary/summary-text';
import { calcWeeklySummary, type SummaryInput } from '../../../src/domain/summary/weekly-summary';
import { countingReads } from '../../support/rotations.fixture';

const primary: Rotation = { id: 'primary', name: 'Platform primary', timezone: 'Europe/Berlin', period: { kind: 'weekly' }, handoff: { weekday: 'mon', time: '09:00' }, start: '2026-01-05', members: ['alice', 'bob'] };
const secondary: Rotation = { id: 'secondary', timezone: 'America/New_York', period: { kind: 'daily' }, handoff: { time: '08:00' }, start: '2026-01-05', members: ['carol', 'dave'] };

const d = (iso: string) => new Date(iso);
const incident = (ref: string, severity: string, created: string, ackMin: number | null, resolveMin: number | null): IncidentFacts => ({
  ref,
  title: `${ref} title`,
  severity,
  createdAt: d(created),
  acknowledgedAt: ackMin === null ? null : new Date(Date.parse(created) + ackMin * 60_000),
  resolvedAt: resolveMin === null ? null : new Date(Date.parse(created) + resolveMin * 60_000),
});

/** Last week, Mon 16 → Mon 23 March 2026, in Berlin. */
const incidents = [
  incident('INC-1', 'sev1', '2026-03-17T02:00:00Z', 4, 60),
  incident('INC-2', 'sev2', '2026-03-18T10:00:00Z', 10, 30),
  incident('INC-3', 'sev2', '2026-03-21T12:00:00Z', 2, 180),
  // Resolved on Monday after the summary ran: still open as far as last week goes.
  incident('INC-4', 'sev3', '2026-03-22T20:00:00Z', null, 14 * 60),
];
const pages = [
  { at: d('2026-03-17T02:00:00Z'), personId: 'alice' }, // 03:00 Berlin, Tuesday: outside
  { at: d('2026-03-17T02:10:00Z'), personId: 'carol' }, // 03:10 Berlin: outside
  { at: d('2026-03-18T10:00:00Z'), personId: 'alice' }, // 11:00 Berlin, Wednesday: inside
  { at: d('2026-03-18T10:20:00Z'), personId: 'dave' }, // 11:20 Berlin, inside dave's 07:00–15:00
  { at: d('2026-03-21T12:00:00Z'), personId: 'bob' }, // Saturday in New York: outside
  { at: d('2026-03-22T20:00:00Z'), personId: 'dave' }, // Sunday: outside
];
const people = new Map<string, PagedPerson>([
  ['alice', { id: 'alice', timezone: 'Europe/Berlin' }],
  ['bob', { id: 'bob', timezone: 'America/New_York' }],
  ['carol', { id: 'carol', timezone: 'Europe/Berlin' }],
  ['dave', { id: 'dave', timezone: 'Europe/Berlin', workingHours: { start: '07:00', end: '15:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] } }],
]);

const input = (over: Partial<SummaryInput> = {}): SummaryInput => ({
  id: 'weekly',
  timezone: 'Europe/Berlin',
  rotations: [{ rotation: primary, overrides: [{ id: 'o1', rotationId: 'primary', personId: 'alice', start: '2026-03-25T18:00:00+01:00', end: '2026-03-26T09:00:00+01:00' }], calendarUrl: 'https://tocsin.example.com/calendar/primary.ics?token=t' }],
  incidents,
  pages,
  people,
  defaultZone: 'Europe/Berlin',
  ...over,
});

/** Monday 23 March 2026, 09:00 CET: the week the clocks go forward (Sunday 29 March, 02:00 → 03:00). */
const RUN = d('2026-03-23T08:00:00Z');

describe('weekly summary across the spring-forward week', () => {
  it('lists this and next week\'s shifts at their local handoff times, with the override and the clock change', () => {
    const post = renderSummary(calcWeeklySummary(input(), RUN));
    expect(post.title).toBe('On-call summary: week of Mon 23 Mar 2026 (weekly)');
    expect(post.sections[0]).toEqual({
      title: 'Platform primary (times in Europe/Berlin)',
      lines: [
        'This week:',
        '• @bob: Mon 23 Mar 2026 09:00 CET → Wed 25 Mar 2026 18:00 CET',
        '• @alice (override): Wed 25 Mar 2026 18:00 CET → Thu 26 Mar 2026 09:00 CET',
        // 167 hours: Monday 09:00 CET to Monday 09:00 CEST.
        '• @bob: Thu 26 Mar 2026 09:00 CET → Mon 30 Mar 2026 09:00 CEST',
        'Next week:',
        '• @alice: Mon 30 Mar 2026 09:00 CEST → Mon 6 Apr 2026 09:00 CEST',
        'Overrides:',
        '• @alice covers @bob: Wed 25 Mar 2026 18:00 CET → Thu 26 Mar 2026 09:00 CET',
        'Clocks change Sun 29 Mar 2026 03:00 CEST (CET → CEST); handoffs stay at their local time.',
        'Calendar feed: https://tocsin.example.com/calendar/primary.ics?token=t',
      ],
    });
    const w = calcWeeklySummary(input(), RUN);
    expect(w.thisWeek.end.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(w.lastWeek.start.toISOString()).toBe('2026-03-16T08:00:00.000Z');
  });

  it('computes last week\'s numbers from the incidents: severities, mean and median times, the longest, pages in and out of hours', () => {
    const post = renderSummary(calcWeeklySummary(input(), RUN));
    expect(post.sections.at(-1)).toEqual({
      title: 'Last week (Mon 16 Mar 2026 09:00 CET → Mon 23 Mar 2026 09:00 CET)',
      lines: [
        '4 incidents: 1 sev1, 2 sev2, 1 sev3 (1 still open)',
        'Time to acknowledge: mean 5m20s, median 4m (3 incidents acknowledged)',
        'Time to resolve: mean 1h30m, median 1h (3 incidents resolved)',
        'Longest: INC-4 INC-4 title, 12h and still open',
        'Pages: @alice 2 (1 outside working hours), @dave 2 (1 outside working hours), @bob 1 (1 outside working hours), @carol 1 (1 outside working hours)',
      ],
    });
    // Chat mentions exactly the people it names; an `@x` in an incident title would stay text.
    expect([...post.mentions].sort()).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('ends with a link to the on-call page when Tocsin knows its public address', () => {
    const post = renderSummary(calcWeeklySummary(input({ oncallUrl: 'https://tocsin.example.com/oncall' }), RUN));
    expect(post.sections.at(-1)).toEqual({ title: 'In a browser', lines: ['Who is on call now and next, on every rotation: https://tocsin.example.com/oncall'] });
    expect(post.text.endsWith('*In a browser*\nWho is on call now and next, on every rotation: https://tocsin.example.com/oncall')).toBe(true);
  });

  it('a daily New York rotation across its own clock change (Sunday 8 March 2026) keeps 08:00 local', () => {
    const w = calcWeeklySummary(input({ rotations: [{ rotation: secondary, overrides: [] }], incidents: [], pages: [] }), d('2026-03-02T08:00:00Z'));
    const lines = renderSummary(w).sections[0]!.lines;
    expect(lines).toContain('• @dave: Sat 7 Mar 2026 08:00 EST → Sun 8 Mar 2026 08:00 EDT');
    expect(lines).toContain('• @carol: Sun 8 Mar 2026 08:00 EDT → Mon 9 Mar 2026 08:00 EDT');
    expect(lines).toContain('Clocks change Sun 8 Mar 2026 03:00 EDT (EST → EDT); handoffs stay at their local time.');
    // The shift running when the summary is posted is shown whole, from its real start.
    expect(lines[1]).toBe('• @dave: Sun 1 Mar 2026 08:00 EST → Mon 2 Mar 2026 08:00 EST');
    expect(lines.filter((l) => l.startsWith('•'))).toHaveLength(15);
  });

  it('overrides reaching back to the year 0100 and on to 9999 say whom they cover without walking the shifts under them', () => {
    // Each member list read is one rotation shift worked out (see countingReads): a few, not millions.
    const counted = countingReads(secondary, 40);
    const overrides = [
      { id: 'back', rotationId: 'secondary', personId: 'carol', start: '0100-01-01T00:00:00Z', end: '2026-03-04T13:00:00Z' },
      { id: 'ahead', rotationId: 'secondary', personId: 'erin', start: '2026-03-04T13:00:00Z', end: '9999-12-31T00:00:00Z' },
    ];
    const w = calcWeeklySummary(input({ rotations: [{ rotation: counted.rotation, overrides }], incidents: [], pages: [] }), d('2026-03-02T08:00:00Z'));
    expect(w.rotations[0]!.overrides.map((o) => [o.personId, o.covers])).toEqual([
      ['carol', ['dave']],
      ['erin', ['carol', 'dave']],
    ]);
    expect(w.rotations[0]!.thisWeek.map((s) => s.personId)).toEqual(['carol', 'erin']);
  });

  it('says a quiet week is quiet', () => {
    const post = renderSummary(calcWeeklySummary(input({ incidents: [], pages: [] }), RUN));
    expect(post.sections.at(-1)!.lines).toEqual(['No incidents. A quiet week.']);
    expect(post.text).toContain('*On-call summary: week of Mon 23 Mar 2026 (weekly)*');
  });
});
