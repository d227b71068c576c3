import { describe, expect, it } from 'vitest';
import { durationStats } from '../../../src/domain/summary/incident-stats';
import { clockChanges, formatLocal, zoneAbbreviation } from '../../../src/domain/summary/local-time';
import { isWorkingTime } from '../../../src/domain/summary/working-hours';

const d = (iso: string) => new Date(iso);

describe('isWorkingTime', () => {
  it('defaults to 09:00–18:00 Monday to Friday on the person\'s own wall clock', () => {
    expect(isWorkingTime(d('2026-03-18T08:00:00Z'), 'Europe/Berlin')).toBe(true); // Wed 09:00 CET
    expect(isWorkingTime(d('2026-03-18T07:59:00Z'), 'Europe/Berlin')).toBe(false);
    expect(isWorkingTime(d('2026-03-18T17:00:00Z'), 'Europe/Berlin')).toBe(false); // 18:00: the end is excluded
    expect(isWorkingTime(d('2026-03-21T12:00:00Z'), 'Europe/Berlin')).toBe(false); // Saturday
    expect(isWorkingTime(d('2026-03-18T13:30:00Z'), 'America/New_York')).toBe(true); // 09:30 EDT
    expect(isWorkingTime(d('2026-03-18T12:30:00Z'), 'America/New_York')).toBe(false); // 08:30 EDT
  });

  it('follows the policy\'s hours, including hours that run past midnight', () => {
    const nights = { start: '22:00', end: '06:00', days: ['mon'] };
    expect(isWorkingTime(d('2026-03-16T22:30:00Z'), 'UTC', nights)).toBe(true); // Monday 22:30
    expect(isWorkingTime(d('2026-03-17T05:00:00Z'), 'UTC', nights)).toBe(true); // Tuesday 05:00, Monday's night
    expect(isWorkingTime(d('2026-03-18T05:00:00Z'), 'UTC', nights)).toBe(false); // Wednesday 05:00, Tuesday's night
  });
});

describe('local time', () => {
  it('names the zone as people read it, and an offset where English has no name', () => {
    expect(formatLocal(d('2026-03-30T07:00:00Z'), 'Europe/Berlin')).toBe('Mon 30 Mar 2026 09:00 CEST');
    expect(zoneAbbreviation(d('2026-03-30T07:00:00Z'), 'America/New_York')).toBe('EDT');
    expect(zoneAbbreviation(d('2026-03-30T07:00:00Z'), 'Asia/Kolkata')).toBe('UTC+05:30');
  });

  it('finds clock changes to the minute, including Lord Howe\'s half hour', () => {
    expect(clockChanges('Europe/Berlin', d('2026-10-19T00:00:00Z'), d('2026-10-30T00:00:00Z')).map((c) => [c.at.toISOString(), c.from, c.to])).toEqual([['2026-10-25T01:00:00.000Z', 'CEST', 'CET']]);
    expect(clockChanges('Australia/Lord_Howe', d('2026-04-01T00:00:00Z'), d('2026-04-10T00:00:00Z')).map((c) => c.at.toISOString())).toEqual(['2026-04-04T15:00:00.000Z']);
    expect(clockChanges('UTC', d('2026-01-01T00:00:00Z'), d('2026-12-31T00:00:00Z'))).toEqual([]);
  });
});

describe('durationStats', () => {
  it('mean and median (the middle two averaged for an even count); nothing for no values', () => {
    expect(durationStats([4, 1, 10])).toEqual({ count: 3, meanMs: 5, medianMs: 4 });
    expect(durationStats([1, 2, 3, 10])).toEqual({ count: 4, meanMs: 4, medianMs: 2.5 });
    expect(durationStats([])).toBeNull();
  });
});
