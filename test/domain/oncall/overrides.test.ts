import { describe, expect, it } from 'vitest';
import { checkOverride } from '../../../src/domain/oncall/override';
import { shiftsBetween } from '../../../src/domain/oncall/shifts';
import { onCallAt } from '../../../src/domain/oncall/who-is-on-call';
import { override, plain, rotation, utc } from '../../support/rotations.fixture';

// The policy example's rotation: weekly, Monday 09:00 Berlin, from Monday 2026-01-05. In winter a
// handoff is 08:00Z. Shift k starts 2026-01-05 + k weeks: Jan 12 bob, Jan 19 carol, Jan 26 alice.
const primary = rotation({});
const onCall = (overrides: Parameters<typeof onCallAt>[1], at: string) => {
  const { current, next } = onCallAt(primary, overrides, utc(at));
  return plain([current, next]);
};

describe('overrides', () => {
  const cover = override('dave', '2026-01-14T00:00:00Z', '2026-01-16T00:00:00Z', 'o1');

  it('wins inside its span and splits the shift it covers', () => {
    expect(plain(shiftsBetween(primary, [cover], utc('2026-01-12T08:00:00Z'), utc('2026-01-19T08:00:00Z')))).toEqual([
      'bob 2026-01-12T08:00:00.000Z→2026-01-14T00:00:00.000Z',
      'dave 2026-01-14T00:00:00.000Z→2026-01-16T00:00:00.000Z (o1)',
      'bob 2026-01-16T00:00:00.000Z→2026-01-19T08:00:00.000Z',
    ]);
  });

  it('shows the covered person until the override, the override until its end, then the person again', () => {
    expect(onCall([cover], '2026-01-13T00:00:00Z')).toEqual(['bob 2026-01-12T08:00:00.000Z→2026-01-14T00:00:00.000Z', 'dave 2026-01-14T00:00:00.000Z→2026-01-16T00:00:00.000Z (o1)']);
    expect(onCall([cover], '2026-01-15T00:00:00Z')).toEqual(['dave 2026-01-14T00:00:00.000Z→2026-01-16T00:00:00.000Z (o1)', 'bob 2026-01-16T00:00:00.000Z→2026-01-19T08:00:00.000Z']);
  });

  it('the one listed later wins where two overlap', () => {
    const later = override('erin', '2026-01-15T00:00:00Z', '2026-01-20T00:00:00Z', 'o2');
    expect(plain(shiftsBetween(primary, [cover, later], utc('2026-01-14T00:00:00Z'), utc('2026-01-21T00:00:00Z')))).toEqual([
      'dave 2026-01-14T00:00:00.000Z→2026-01-15T00:00:00.000Z (o1)',
      'erin 2026-01-15T00:00:00.000Z→2026-01-20T00:00:00.000Z (o2)',
      'carol 2026-01-20T00:00:00.000Z→2026-01-21T00:00:00.000Z',
    ]);
    expect(plain(shiftsBetween(primary, [later, cover], utc('2026-01-14T00:00:00Z'), utc('2026-01-16T12:00:00Z')))).toEqual([
      'dave 2026-01-14T00:00:00.000Z→2026-01-16T00:00:00.000Z (o1)',
      'erin 2026-01-16T00:00:00.000Z→2026-01-16T12:00:00.000Z (o2)',
    ]);
  });

  it('joins an override to the shift of the person it hands to: nothing changes hands there', () => {
    // The policy example: carol covers Christmas, and the week of Monday Dec 21 (k=50, 50 mod 3 = 2)
    // is carol's anyway, so she is on until Dec 28 09:00 CET (08:00Z), then alice (k=51).
    const christmas = { rotationId: 'r1', personId: 'carol', start: '2026-12-24T00:00:00+01:00', end: '2026-12-27T00:00:00+01:00' };
    expect(onCall([christmas], '2026-12-25T12:00:00Z')).toEqual(['carol 2026-12-21T08:00:00.000Z→2026-12-28T08:00:00.000Z', 'alice 2026-12-28T08:00:00.000Z→2027-01-04T08:00:00.000Z']);
    // Reaching across a handoff into carol's next shift joins that too.
    const bridge = override('carol', '2026-01-16T00:00:00Z', '2026-01-20T00:00:00Z', 'o3');
    expect(onCall([bridge], '2026-01-17T00:00:00Z')).toEqual(['carol 2026-01-16T00:00:00.000Z→2026-01-26T08:00:00.000Z (o3)', 'alice 2026-01-26T08:00:00.000Z→2026-02-02T08:00:00.000Z']);
  });

  it('puts someone on call before the rotation starts and where it has no members', () => {
    const early = override('dave', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z');
    expect(onCall([early], '2026-01-01T12:00:00Z')).toEqual(['dave 2026-01-01T00:00:00.000Z→2026-01-02T00:00:00.000Z', 'nobody']);
    expect(onCall([early], '2025-12-31T12:00:00Z')).toEqual(['nobody', 'dave 2026-01-01T00:00:00.000Z→2026-01-02T00:00:00.000Z']);
    expect(onCall([early], '2026-01-03T00:00:00Z')).toEqual(['nobody', 'alice 2026-01-05T08:00:00.000Z→2026-01-12T08:00:00.000Z']);
    const empty = rotation({ members: [] });
    expect(plain(shiftsBetween(empty, [early], utc('2025-12-01T00:00:00Z'), utc('2026-03-01T00:00:00Z')))).toEqual(['dave 2026-01-01T00:00:00.000Z→2026-01-02T00:00:00.000Z']);
    expect(plain(shiftsBetween(empty, [], utc('2025-12-01T00:00:00Z'), utc('2026-03-01T00:00:00Z')))).toEqual([]);
  });

  it('ignores overrides of other rotations', () => {
    const elsewhere = { ...cover, rotationId: 'other' };
    expect(onCall([elsewhere], '2026-01-15T00:00:00Z')).toEqual(['bob 2026-01-12T08:00:00.000Z→2026-01-19T08:00:00.000Z', 'carol 2026-01-19T08:00:00.000Z→2026-01-26T08:00:00.000Z']);
  });

  it('are checked with every problem named', () => {
    expect(checkOverride(cover)).toEqual([]);
    expect(checkOverride(override('', '2026-01-16T00:00:00', '2026-01-14T00:00:00Z'), 'overrides[0]')).toEqual([
      { path: 'overrides[0].person', message: 'an override needs a person id' },
      { path: 'overrides[0].start', message: '"2026-01-16T00:00:00" is not an ISO-8601 instant with an offset, like 2026-12-24T00:00:00+01:00' },
    ]);
    expect(checkOverride(override('dave', '2026-01-16T00:00:00Z', '2026-01-16T00:00:00Z'))).toEqual([{ path: 'override.end', message: 'the end must come after the start' }]);
    expect(() => onCallAt(primary, [override('dave', 'soon', 'later')], utc('2026-01-16T00:00:00Z'))).toThrow(RangeError);
  });
});
