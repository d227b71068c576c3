import { describe, expect, it } from 'vitest';
import type { SpanSpec } from '../../../src/domain/commands/command';
import { resolveSpan, wallClockInstant } from '../../../src/domain/commands/span-resolve';
import { parseSpan } from '../../../src/domain/commands/span-spec';

const MIN = 60_000;

describe('parseSpan', () => {
  it.each<[string, SpanSpec]>([
    ['2h', { kind: 'for', ms: 120 * MIN }],
    ['1h30m', { kind: 'for', ms: 90 * MIN }],
    ['for 3h', { kind: 'for', ms: 180 * MIN }],
    ['for 45 minutes', { kind: 'for', ms: 45 * MIN }],
    ['2 days', { kind: 'for', ms: 2880 * MIN }],
    ['until 18:00', { kind: 'until', end: { time: '18:00' } }],
    ['until 9:05', { kind: 'until', end: { time: '09:05' } }],
    ['until 2026-12-01', { kind: 'until', end: { date: '2026-12-01' } }],
    ['until 2026-12-01 09:00', { kind: 'until', end: { date: '2026-12-01', time: '09:00' } }],
    ['until 2026-12-01T09:00:30Z', { kind: 'until', end: { date: '2026-12-01', time: '09:00:30', offset: 'Z' } }],
    ['2026-12-24T00:00 2026-12-27T00:00', { kind: 'between', start: { kind: 'at', date: '2026-12-24', time: '00:00' }, end: { date: '2026-12-27', time: '00:00' } }],
    ['2026-12-24 2026-12-27', { kind: 'between', start: { kind: 'at', date: '2026-12-24' }, end: { date: '2026-12-27' } }],
    ['from 2026-12-24 09:00 to 2026-12-24 17:00', { kind: 'between', start: { kind: 'at', date: '2026-12-24', time: '09:00' }, end: { date: '2026-12-24', time: '17:00' } }],
    ['now until 18:00', { kind: 'between', start: { kind: 'now' }, end: { time: '18:00' } }],
    ['22:00 - 06:00', { kind: 'between', start: { kind: 'at', time: '22:00' }, end: { time: '06:00' } }],
    ['2026-12-24T00:00+0100 2026-12-27T00:00-05:00', { kind: 'between', start: { kind: 'at', date: '2026-12-24', time: '00:00', offset: '+01:00' }, end: { date: '2026-12-27', time: '00:00', offset: '-05:00' } }],
  ])('reads %j', (text, span) => {
    expect(parseSpan(text.split(' '))).toStrictEqual({ ok: true, value: span });
  });

  it.each(['', 'soon', 'for', 'for 0m', '367d', 'until', 'until 24:00', 'until 2026-13-01', '2026-12-24T00:00+25', 'from now', '2h extra', 'until 18:00 sharp'])('refuses %j', (text) => {
    expect(parseSpan(text.split(' ').filter(Boolean))).toMatchObject({ ok: false, problems: [{ path: 'span' }] });
  });
});

describe('wallClockInstant, by the SPEC time rules', () => {
  it.each([
    ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:30:00.000Z'], // gap: read with +01:00, i.e. 03:30 local
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'], // fold: the first 02:30, still +02:00
    ['America/Chicago', '2026-03-08', '02:30', '2026-03-08T08:30:00.000Z'],
    ['America/Chicago', '2026-11-01', '01:30', '2026-11-01T06:30:00.000Z'],
    ['Australia/Lord_Howe', '2026-10-04', '02:15', '2026-10-03T15:45:00.000Z'], // half-hour gap at +10:30
    ['Australia/Lord_Howe', '2026-04-05', '01:45', '2026-04-04T14:45:00.000Z'], // half-hour fold: first is +11:00
    ['Europe/Berlin', '2026-07-01', '12:00', '2026-07-01T10:00:00.000Z'],
  ])('%s %s %s is %s', (zone, date, time, iso) => {
    expect(wallClockInstant(date, time, zone).toISOString()).toBe(iso);
  });
});

describe('resolveSpan', () => {
  const now = new Date('2026-06-10T14:00:00.000Z'); // 16:00 in Berlin
  const iso = (r: ReturnType<typeof resolveSpan>) => ('message' in r ? r : { start: r.start.toISOString(), end: r.end.toISOString() });

  it('starts a duration now', () => {
    expect(iso(resolveSpan({ kind: 'for', ms: 120 * MIN }, now, 'Europe/Berlin'))).toEqual({ start: '2026-06-10T14:00:00.000Z', end: '2026-06-10T16:00:00.000Z' });
  });

  it('reads `until HH:MM` as the next such local time after now', () => {
    expect(iso(resolveSpan({ kind: 'until', end: { time: '18:00' } }, now, 'Europe/Berlin'))).toEqual({ start: '2026-06-10T14:00:00.000Z', end: '2026-06-10T16:00:00.000Z' });
    expect(iso(resolveSpan({ kind: 'until', end: { time: '09:00' } }, now, 'Europe/Berlin'))).toMatchObject({ end: '2026-06-11T07:00:00.000Z' });
    expect(iso(resolveSpan({ kind: 'until', end: { time: '16:00' } }, now, 'Europe/Berlin'))).toMatchObject({ end: '2026-06-11T14:00:00.000Z' });
  });

  it('reads the next local time across a clock change', () => {
    const evening = new Date('2026-10-24T20:00:00.000Z'); // 22:00 in Berlin, the night the clocks go back
    expect(iso(resolveSpan({ kind: 'until', end: { time: '09:00' } }, evening, 'Europe/Berlin'))).toMatchObject({ end: '2026-10-25T08:00:00.000Z' });
  });

  it('reads dates and datetimes in the zone, or at their typed offset', () => {
    const span: SpanSpec = { kind: 'between', start: { kind: 'at', date: '2026-12-24', time: '00:00' }, end: { date: '2026-12-27' } };
    expect(iso(resolveSpan(span, now, 'Europe/Berlin'))).toEqual({ start: '2026-12-23T23:00:00.000Z', end: '2026-12-26T23:00:00.000Z' });
    expect(iso(resolveSpan(span, now, 'America/New_York'))).toEqual({ start: '2026-12-24T05:00:00.000Z', end: '2026-12-27T05:00:00.000Z' });
    const fixed: SpanSpec = { kind: 'until', end: { date: '2026-12-01', time: '09:00', offset: '-05:00' } };
    expect(iso(resolveSpan(fixed, now, 'Europe/Berlin'))).toMatchObject({ end: '2026-12-01T14:00:00.000Z' });
  });

  it('reads a time-only end as the first such time after the start', () => {
    const night: SpanSpec = { kind: 'between', start: { kind: 'at', time: '22:00' }, end: { time: '06:00' } };
    expect(iso(resolveSpan(night, now, 'Europe/Berlin'))).toEqual({ start: '2026-06-10T20:00:00.000Z', end: '2026-06-11T04:00:00.000Z' });
    const fromNow: SpanSpec = { kind: 'between', start: { kind: 'now' }, end: { time: '18:00' } };
    expect(iso(resolveSpan(fromNow, now, 'Europe/Berlin'))).toEqual({ start: '2026-06-10T14:00:00.000Z', end: '2026-06-10T16:00:00.000Z' });
  });

  it('refuses spans that end before they start or are over, and unknown zones', () => {
    const backwards: SpanSpec = { kind: 'between', start: { kind: 'at', date: '2026-12-27' }, end: { date: '2026-12-24' } };
    expect(resolveSpan(backwards, now, 'Europe/Berlin')).toEqual({ path: 'span.end', message: '2026-12-24 is not after the start' });
    expect(resolveSpan({ kind: 'until', end: { date: '2026-01-01', time: '09:00' } }, now, 'Europe/Berlin')).toEqual({ path: 'span.end', message: '2026-01-01 09:00 is already past' });
    expect(resolveSpan({ kind: 'for', ms: MIN }, now, 'Mars/Olympus')).toMatchObject({ path: 'zone' });
  });
});
