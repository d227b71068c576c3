import { describe, expect, it } from 'vitest';
import { shiftsBetween } from '../../../src/domain/oncall/shifts';
import { onCallAt } from '../../../src/domain/oncall/who-is-on-call';
import { plain, rotation, utc } from '../../support/rotations.fixture';

// Transitions as the tz database has them (checked with `zdump -v -c 2026,2027 <zone>`):
//   Europe/Berlin        2026-03-29 01:00Z  +1 → +2      2026-10-25 01:00Z  +2 → +1
//   America/New_York     2026-03-08 07:00Z  −5 → −4      2026-11-01 06:00Z  −4 → −5
//   Australia/Lord_Howe  2026-04-04 15:00Z  +11 → +10:30 2026-10-03 15:30Z  +10:30 → +11
//   Pacific/Chatham      2026-04-04 14:00Z  +13:45 → +12:45  2026-09-26 14:00Z  +12:45 → +13:45
const daily = (timezone: string, time: string, start: string) => rotation({ timezone, period: { kind: 'daily' }, handoff: { time }, start, members: ['ann', 'ben'] });
const between = (r: Parameters<typeof shiftsBetween>[0], from: string, to: string) => plain(shiftsBetween(r, [], utc(from), utc(to)));

describe('handoffs keep their local time across DST', () => {
  // 2026-03-02 is a Monday: shift k starts Monday 2026-03-02 + k weeks, 09:00 Berlin.
  const berlin = rotation({ start: '2026-03-02' });

  it('Europe/Berlin weekly Monday 09:00: the week of 2026-03-29 is 167 h', () => {
    // k=2 Mar 16 carol; k=3 Mar 23 09:00 CET = 08:00Z alice; k=4 Mar 30 09:00 CEST = 07:00Z bob.
    expect(between(berlin, '2026-03-20T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      'carol 2026-03-20T00:00:00.000Z→2026-03-23T08:00:00.000Z',
      'alice 2026-03-23T08:00:00.000Z→2026-03-30T07:00:00.000Z',
      'bob 2026-03-30T07:00:00.000Z→2026-04-01T00:00:00.000Z',
    ]);
  });

  it('Europe/Berlin weekly Monday 09:00: the week of 2026-10-25 is 169 h', () => {
    // Oct 19 is 33 weeks after Mar 2: k=33, 33 mod 3 = 0 → alice, 09:00 CEST = 07:00Z;
    // k=34 Oct 26 09:00 CET = 08:00Z → bob.
    const { current, next } = onCallAt(berlin, [], utc('2026-10-25T12:00:00Z'));
    expect(plain([current, next])).toEqual(['alice 2026-10-19T07:00:00.000Z→2026-10-26T08:00:00.000Z', 'bob 2026-10-26T08:00:00.000Z→2026-11-02T08:00:00.000Z']);
  });

  it('America/New_York daily 02:30: on 2026-03-08 02:30 does not exist and the handoff is 03:30 EDT', () => {
    const ny = daily('America/New_York', '02:30', '2026-03-06');
    // k=1 Mar 7 02:30 EST = 07:30Z ben; k=2 Mar 8 02:30 read at −5 = 07:30Z (03:30 EDT) ann;
    // k=3 Mar 9 02:30 EDT = 06:30Z ben. Ann's shift is 23 h.
    expect(between(ny, '2026-03-07T07:30:00Z', '2026-03-09T12:00:00Z')).toEqual([
      'ben 2026-03-07T07:30:00.000Z→2026-03-08T07:30:00.000Z',
      'ann 2026-03-08T07:30:00.000Z→2026-03-09T06:30:00.000Z',
      'ben 2026-03-09T06:30:00.000Z→2026-03-09T12:00:00.000Z',
    ]);
    // 03:00 EDT (07:00Z) is still ben's; 03:30 EDT is ann's.
    expect(onCallAt(ny, [], utc('2026-03-08T07:00:00Z')).current?.personId).toBe('ben');
    expect(onCallAt(ny, [], utc('2026-03-08T07:30:00Z')).current?.personId).toBe('ann');
  });

  it('America/New_York daily 02:30 on 2026-11-01: 02:30 happens once (EST), that day is 25 h', () => {
    const ny = daily('America/New_York', '02:30', '2026-10-30');
    // k=1 Oct 31 02:30 EDT = 06:30Z ben; k=2 Nov 1 02:30 EST = 07:30Z ann; k=3 Nov 2 07:30Z ben.
    expect(between(ny, '2026-10-31T06:30:00Z', '2026-11-02T07:30:00Z')).toEqual([
      'ben 2026-10-31T06:30:00.000Z→2026-11-01T07:30:00.000Z',
      'ann 2026-11-01T07:30:00.000Z→2026-11-02T07:30:00.000Z',
    ]);
  });

  it('America/New_York daily 01:30 on 2026-11-01: 01:30 happens twice and the first (EDT) counts', () => {
    const ny = daily('America/New_York', '01:30', '2026-10-31');
    // k=0 Oct 31 01:30 EDT = 05:30Z ann; k=1 Nov 1 01:30 EDT (first) = 05:30Z ben;
    // k=2 Nov 2 01:30 EST = 06:30Z ann. The second 01:30 (06:30Z on Nov 1) is no handoff.
    expect(between(ny, '2026-10-31T05:30:00Z', '2026-11-02T06:30:00Z')).toEqual([
      'ann 2026-10-31T05:30:00.000Z→2026-11-01T05:30:00.000Z',
      'ben 2026-11-01T05:30:00.000Z→2026-11-02T06:30:00.000Z',
    ]);
  });

  it('Australia/Lord_Howe daily 02:15 on 2026-10-04: the 30-minute gap moves the handoff to 02:45 +11', () => {
    const lh = daily('Australia/Lord_Howe', '02:15', '2026-10-02');
    // k=1 Oct 3 02:15 +10:30 = Oct 2 15:45Z ben; k=2 Oct 4 02:15 read at +10:30 = Oct 3 15:45Z ann;
    // k=3 Oct 5 02:15 +11 = Oct 4 15:15Z ben. Ann's shift is 23.5 h.
    expect(between(lh, '2026-10-02T15:45:00Z', '2026-10-04T15:15:00Z')).toEqual([
      'ben 2026-10-02T15:45:00.000Z→2026-10-03T15:45:00.000Z',
      'ann 2026-10-03T15:45:00.000Z→2026-10-04T15:15:00.000Z',
    ]);
  });

  it('Australia/Lord_Howe daily 01:45 on 2026-04-05: 01:45 happens twice, the first (+11) counts', () => {
    const lh = daily('Australia/Lord_Howe', '01:45', '2026-04-04');
    // k=1 Apr 5 01:45 +11 = Apr 4 14:45Z ben; k=2 Apr 6 01:45 +10:30 = Apr 5 15:15Z ann: 24.5 h.
    const { current, next } = onCallAt(lh, [], utc('2026-04-05T00:00:00Z'));
    expect(plain([current, next])).toEqual(['ben 2026-04-04T14:45:00.000Z→2026-04-05T15:15:00.000Z', 'ann 2026-04-05T15:15:00.000Z→2026-04-06T15:15:00.000Z']);
  });

  it('Asia/Kolkata weekly Wednesday 10:00: always 04:30Z, always 168 h, nobody before the first handoff', () => {
    // 2026-01-01 is a Thursday; the first Wednesday on or after it is Jan 7. 10:00 − 5:30 = 04:30Z.
    const kolkata = rotation({ timezone: 'Asia/Kolkata', handoff: { weekday: 'wed', time: '10:00' }, start: '2026-01-01' });
    expect(between(kolkata, '2026-01-01T00:00:00Z', '2026-01-21T04:30:00Z')).toEqual([
      'alice 2026-01-07T04:30:00.000Z→2026-01-14T04:30:00.000Z',
      'bob 2026-01-14T04:30:00.000Z→2026-01-21T04:30:00.000Z',
    ]);
    const before = onCallAt(kolkata, [], utc('2026-01-05T00:00:00Z'));
    expect(plain([before.current, before.next])).toEqual(['nobody', 'alice 2026-01-07T04:30:00.000Z→2026-01-14T04:30:00.000Z']);
  });

  it('Pacific/Chatham every 3 days at 03:00, across 2026-04-05 (03:00 twice) and 2026-09-27 (03:00 skipped)', () => {
    const april = rotation({ timezone: 'Pacific/Chatham', period: { kind: 'days', days: 3 }, handoff: { time: '03:00' }, start: '2026-04-02' });
    // k=0 Apr 2 03:00 +13:45 = Apr 1 13:15Z; k=1 Apr 5 03:00 first (+13:45) = Apr 4 13:15Z;
    // k=2 Apr 8 03:00 +12:45 = Apr 7 14:15Z (73 h).
    expect(between(april, '2026-04-01T13:15:00Z', '2026-04-07T14:15:00Z')).toEqual([
      'alice 2026-04-01T13:15:00.000Z→2026-04-04T13:15:00.000Z',
      'bob 2026-04-04T13:15:00.000Z→2026-04-07T14:15:00.000Z',
    ]);
    const september = rotation({ timezone: 'Pacific/Chatham', period: { kind: 'days', days: 3 }, handoff: { time: '03:00' }, start: '2026-09-24' });
    // k=1 Sep 27 03:00 read at +12:45 = Sep 26 14:15Z (04:00 +13:45); k=2 Sep 30 03:00 +13:45 = Sep 29 13:15Z (71 h).
    expect(between(september, '2026-09-26T14:15:00Z', '2026-09-29T13:15:00Z')).toEqual(['bob 2026-09-26T14:15:00.000Z→2026-09-29T13:15:00.000Z']);
  });
});
