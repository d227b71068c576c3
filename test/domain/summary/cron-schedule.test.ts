import { describe, expect, it } from 'vitest';
import { latestOccurrence, parseCron } from '../../../src/domain/summary/cron-schedule';

const cron = (e: string) => {
  const s = parseCron(e);
  if (!s) throw new Error(`not parsed: ${e}`);
  return s;
};
const latest = (e: string, zone: string, now: string) => {
  const o = latestOccurrence(cron(e), zone, new Date(now));
  return o && { at: o.at.toISOString(), local: o.local };
};

describe('parseCron', () => {
  it('reads numbers, names, ranges, steps and lists; 7 is Sunday', () => {
    const s = cron('*/15 9-17/4 1,15 jan-mar mon-fri');
    expect(s.minutes).toEqual([0, 15, 30, 45]);
    expect(s.hours).toEqual([9, 13, 17]);
    expect([...s.daysOfMonth]).toEqual([1, 15]);
    expect([...s.months]).toEqual([1, 2, 3]);
    expect([...s.weekdays]).toEqual([1, 2, 3, 4, 5]);
    expect([...cron('0 9 * * 7').weekdays]).toEqual([0]);
    expect(cron('5/20 * * * *').minutes).toEqual([5, 25, 45]);
  });

  it('refuses what is not five valid fields', () => {
    for (const bad of ['0 9 * *', '60 9 * * *', '0 24 * * *', '0 9 0 * *', '0 9 * 13 *', '0 9 * * funday', '0 9-8 * * *', '*/0 * * * *', '0 9 * * * *']) expect(parseCron(bad), bad).toBeUndefined();
  });
});

describe('latestOccurrence', () => {
  it('finds the latest Monday 09:00 in Berlin, in CET and in CEST', () => {
    expect(latest('0 9 * * mon', 'Europe/Berlin', '2026-03-25T12:00:00Z')).toEqual({ at: '2026-03-23T08:00:00.000Z', local: '2026-03-23T09:00' });
    expect(latest('0 9 * * mon', 'Europe/Berlin', '2026-03-30T07:00:00Z')).toEqual({ at: '2026-03-30T07:00:00.000Z', local: '2026-03-30T09:00' });
    expect(latest('0 9 * * mon', 'Europe/Berlin', '2026-03-30T06:59:59.999Z')).toEqual({ at: '2026-03-23T08:00:00.000Z', local: '2026-03-23T09:00' });
  });

  it('a run skipped by spring-forward happens after the gap, at the same offset (02:30 → 03:30 CEST)', () => {
    expect(latest('30 2 * * sun', 'Europe/Berlin', '2026-03-29T01:30:00Z')).toEqual({ at: '2026-03-29T01:30:00.000Z', local: '2026-03-29T02:30' });
    expect(latest('30 2 * * sun', 'Europe/Berlin', '2026-03-29T01:29:00Z')).toEqual({ at: '2026-03-22T01:30:00.000Z', local: '2026-03-22T02:30' });
  });

  it('a run whose time happens twice (fall back) is its first occurrence, so the second tick finds the same period', () => {
    const first = latest('30 2 * * sun', 'Europe/Berlin', '2026-10-25T00:30:00Z');
    expect(first).toEqual({ at: '2026-10-25T00:30:00.000Z', local: '2026-10-25T02:30' });
    // 01:30Z is 02:30 again, in CET: node-cron may tick a second time, but it is the same run.
    expect(latest('30 2 * * sun', 'Europe/Berlin', '2026-10-25T01:30:00Z')).toEqual(first);
  });

  it('around spring-forward, the run read after the gap can be the day\'s latest, and two runs on one instant are one', () => {
    // 02:30 (→ 03:30 CEST) comes after 03:00 CEST although it reads earlier on the wall; 03:30 is the same instant.
    expect(latest('0,30 2,3 29 3 *', 'Europe/Berlin', '2026-03-29T01:45:00Z')).toEqual({ at: '2026-03-29T01:30:00.000Z', local: '2026-03-29T02:30' });
    expect(latest('0 3,2 29 3 *', 'Europe/Berlin', '2026-03-29T01:15:00Z')).toEqual({ at: '2026-03-29T01:00:00.000Z', local: '2026-03-29T02:00' });
  });

  it('New York, a daily run at 08:00 on both sides of 2026-03-08', () => {
    expect(latest('0 8 * * *', 'America/New_York', '2026-03-07T20:00:00Z')?.at).toBe('2026-03-07T13:00:00.000Z');
    expect(latest('0 8 * * *', 'America/New_York', '2026-03-08T20:00:00Z')?.at).toBe('2026-03-08T12:00:00.000Z');
  });

  it('gives up beyond the lookback', () => {
    expect(latestOccurrence(cron('0 9 29 2 *'), 'UTC', new Date('2026-03-01T00:00:00Z'), 30)).toBeUndefined();
    expect(latestOccurrence(cron('0 9 29 2 *'), 'UTC', new Date('2026-03-01T00:00:00Z'))).toBeUndefined();
    expect(latestOccurrence(cron('0 9 29 2 *'), 'UTC', new Date('2026-03-01T00:00:00Z'), 800)?.at.toISOString()).toBe('2024-02-29T09:00:00.000Z');
  });
});
