import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, formatLocalDate, isValidTimeZone, offsetsKept, parseLocalDate, parseLocalTime, wallClockToInstant, weekdayOf } from '../../../src/domain/time/wall-clock';

const at = (date: string, time: string, zone: string) =>
  wallClockToInstant(parseLocalDate(date)!, parseLocalTime(time)!, zone).toISOString();

// Expected instants below were read off `zdump -v -c 2026,2027 <zone>` (the system tz database),
// not off the code under test; each comment gives the transition and the arithmetic.
describe('wallClockToInstant', () => {
  it('Europe/Berlin: 2026-03-29 skips 02:00–03:00 (UTC+1 → +2); 2026-10-25 repeats 02:00–03:00 (+2 → +1)', () => {
    expect(at('2026-03-29', '01:59', 'Europe/Berlin')).toBe('2026-03-29T00:59:00.000Z'); // +1
    expect(at('2026-03-29', '02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z'); // gap: 02:30 at +1 = 03:30 CEST
    expect(at('2026-03-29', '03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z'); // the same instant, read normally
    expect(at('2026-10-25', '02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z'); // twice: first is CEST (+2)
    expect(at('2026-10-25', '03:00', 'Europe/Berlin')).toBe('2026-10-25T02:00:00.000Z'); // after it, +1
  });

  it('America/New_York: 2026-03-08 skips 02:00–03:00 (−5 → −4); 2026-11-01 repeats 01:00–02:00 (−4 → −5)', () => {
    expect(at('2026-03-08', '02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z'); // gap: 02:30 at −5 = 03:30 EDT
    expect(at('2026-03-08', '03:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(at('2026-03-08', '01:59', 'America/New_York')).toBe('2026-03-08T06:59:00.000Z'); // EST, −5
    expect(at('2026-11-01', '01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z'); // twice: first is EDT (−4)
    expect(at('2026-11-01', '02:30', 'America/New_York')).toBe('2026-11-01T07:30:00.000Z'); // once, EST (−5)
    expect(at('2026-11-01', '00:59', 'America/New_York')).toBe('2026-11-01T04:59:00.000Z'); // still EDT
  });

  it('Australia/Lord_Howe moves by 30 minutes: 2026-04-05 repeats 01:30–02:00, 2026-10-04 skips 02:00–02:30', () => {
    expect(at('2026-04-05', '01:45', 'Australia/Lord_Howe')).toBe('2026-04-04T14:45:00.000Z'); // first, +11
    expect(at('2026-04-05', '02:00', 'Australia/Lord_Howe')).toBe('2026-04-04T15:30:00.000Z'); // once, +10:30
    expect(at('2026-10-04', '02:15', 'Australia/Lord_Howe')).toBe('2026-10-03T15:45:00.000Z'); // gap: at +10:30 = 02:45 +11
    expect(at('2026-10-04', '02:30', 'Australia/Lord_Howe')).toBe('2026-10-03T15:30:00.000Z'); // +11
  });

  it('Asia/Kolkata has no DST: always +05:30', () => {
    expect(at('2026-03-08', '09:00', 'Asia/Kolkata')).toBe('2026-03-08T03:30:00.000Z');
    expect(at('2026-11-01', '00:15', 'Asia/Kolkata')).toBe('2026-10-31T18:45:00.000Z');
  });

  it('Pacific/Chatham (+12:45/+13:45): 2026-04-05 repeats 02:45–03:45, 2026-09-27 skips 02:45–03:45', () => {
    expect(at('2026-04-05', '03:00', 'Pacific/Chatham')).toBe('2026-04-04T13:15:00.000Z'); // first, +13:45
    expect(at('2026-04-05', '04:00', 'Pacific/Chatham')).toBe('2026-04-04T15:15:00.000Z'); // +12:45
    expect(at('2026-09-27', '03:00', 'Pacific/Chatham')).toBe('2026-09-26T14:15:00.000Z'); // gap: at +12:45 = 04:00 +13:45
    expect(at('2026-09-27', '03:45', 'Pacific/Chatham')).toBe('2026-09-26T14:00:00.000Z'); // +13:45
  });

  it('throws on an unknown zone', () => {
    expect(() => at('2026-01-01', '09:00', 'Mars/Olympus')).toThrow(RangeError);
  });

  it('gives back an instant showing the asked wall-clock time, its first occurrence, unless it falls in a gap', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Sao_Paulo'];
    const start = Date.UTC(2024, 0, 1);
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 3 * 366 * 24 * 60 }), (zone, minutes) => {
        // A wall-clock reading that really happens: the one at some instant t.
        const local = DateTime.fromMillis(start + minutes * 60_000, { zone });
        const found = wallClockToInstant({ year: local.year, month: local.month, day: local.day }, { hour: local.hour, minute: local.minute }, zone);
        const back = DateTime.fromJSDate(found, { zone });
        expect([back.year, back.month, back.day, back.hour, back.minute]).toEqual([local.year, local.month, local.day, local.hour, local.minute]);
        // t is this reading's only or second occurrence, so the answer is never later.
        expect(found.getTime()).toBeLessThanOrEqual(local.toMillis());
        expect(local.toMillis() - found.getTime()).toBeLessThan(2 * 3_600_000);
      }),
    );
  });
});

describe('local dates and times', () => {
  it('parses HH:MM from 00:00 to 23:59 only', () => {
    expect(parseLocalTime('09:00')).toEqual({ hour: 9, minute: 0 });
    expect(parseLocalTime('23:59')).toEqual({ hour: 23, minute: 59 });
    for (const bad of ['24:00', '9:00', '09:60', '09:00:00', ' 09:00', '']) expect(parseLocalTime(bad)).toBeUndefined();
  });

  it('parses YYYY-MM-DD naming a real day', () => {
    expect(parseLocalDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-1-5', '2026-01-05T00:00']) expect(parseLocalDate(bad)).toBeUndefined();
  });

  it('adds calendar days across months, years and leap days', () => {
    const add = (date: string, days: number) => formatLocalDate(addDays(parseLocalDate(date)!, days));
    expect(add('2026-12-28', 7)).toBe('2027-01-04');
    expect(add('2028-02-28', 1)).toBe('2028-02-29');
    expect(add('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('names weekdays mon..sun', () => {
    expect(weekdayOf(parseLocalDate('2026-03-29')!)).toBe('sun');
    expect(weekdayOf(parseLocalDate('2026-01-05')!)).toBe('mon');
    expect(weekdayOf(parseLocalDate('2026-01-07')!)).toBe('wed');
  });

  it('knows IANA zones', () => {
    expect(isValidTimeZone('Pacific/Chatham')).toBe(true);
    expect(isValidTimeZone('Fantasia/Castle')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('the offsets kept', () => {
  // Each conversion asks for at most a few offsets (the two edges, and the one it settles on).
  const PER_CALL = 4;

  it('are bounded whatever zones and instants are asked about', () => {
    const nine = { hour: 9, minute: 0 };
    for (const zone of Intl.supportedValuesOf('timeZone').slice(0, 300)) wallClockToInstant({ year: 2026, month: 3, day: 29 }, nine, zone);
    expect(offsetsKept()).toBeLessThanOrEqual(64 * PER_CALL);
    for (let d = 0; d < 20_000; d++) wallClockToInstant(addDays({ year: 2000, month: 1, day: 1 }, d), nine, 'Europe/Berlin');
    expect(offsetsKept()).toBeLessThanOrEqual(4096 + 63 * PER_CALL);
  });
});
