import { describe, expect, it } from 'vitest';
import { handoffsBetween } from '../../../src/domain/oncall/handoffs';
import { override, rotation, utc } from '../../support/rotations.fixture';

const listed = (handoffs: ReturnType<typeof handoffsBetween>) => handoffs.map((h) => `${h.at.toISOString()} ${h.outgoing ?? '-'} → ${h.incoming ?? '-'}`);

describe('handoffsBetween', () => {
  const primary = rotation({});

  it('lists the rotation handoffs in [from, to), the first one from nobody', () => {
    expect(listed(handoffsBetween(primary, utc('2026-01-01T00:00:00Z'), utc('2026-01-19T08:00:00Z')))).toEqual([
      '2026-01-05T08:00:00.000Z - → alice',
      '2026-01-12T08:00:00.000Z alice → bob',
    ]);
    expect(listed(handoffsBetween(primary, utc('2026-01-12T08:00:00Z'), utc('2026-01-12T08:00:00.001Z')))).toEqual(['2026-01-12T08:00:00.000Z alice → bob']);
  });

  it('Europe/Berlin: the handoff after the spring change is at 07:00Z', () => {
    expect(listed(handoffsBetween(primary, utc('2026-03-23T00:00:00Z'), utc('2026-04-01T00:00:00Z')))).toEqual([
      // Mar 23 is 77 days = 11 weeks after Jan 5: k=11, 11 mod 3 = 2 → carol takes over from bob,
      // still at 09:00 CET; k=12 on Mar 30 → alice, at 09:00 CEST.
      '2026-03-23T08:00:00.000Z bob → carol',
      '2026-03-30T07:00:00.000Z carol → alice',
    ]);
  });

  it('with overrides, counts their starts and ends and drops the handoffs they cover', () => {
    const overrides = [override('dave', '2026-01-11T00:00:00Z', '2026-01-13T00:00:00Z'), override('erin', '2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z')];
    expect(listed(handoffsBetween(primary, utc('2026-01-10T00:00:00Z'), utc('2026-01-20T00:00:00Z'), overrides))).toEqual([
      '2026-01-11T00:00:00.000Z alice → dave',
      '2026-01-13T00:00:00.000Z dave → bob',
      '2026-01-19T08:00:00.000Z bob → carol',
    ]);
    const empty = rotation({ members: [] });
    expect(listed(handoffsBetween(empty, utc('2026-01-01T00:00:00Z'), utc('2026-03-01T00:00:00Z'), overrides))).toEqual([
      '2026-01-11T00:00:00.000Z - → dave',
      '2026-01-13T00:00:00.000Z dave → -',
      '2026-02-01T00:00:00.000Z - → erin',
      '2026-02-02T00:00:00.000Z erin → -',
    ]);
  });
});
