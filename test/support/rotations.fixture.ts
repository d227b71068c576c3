import type { Override } from '../../src/domain/oncall/override';
import type { Rotation } from '../../src/domain/oncall/rotation';
import type { Shift } from '../../src/domain/oncall/shifts';

export const rotation = (fields: Partial<Rotation>): Rotation => ({
  id: 'r1',
  timezone: 'Europe/Berlin',
  period: { kind: 'weekly' },
  handoff: { weekday: 'mon', time: '09:00' },
  start: '2026-01-05',
  members: ['alice', 'bob', 'carol'],
  ...fields,
});

export const override = (personId: string, start: string, end: string, id?: string): Override => ({
  rotationId: 'r1',
  personId,
  start,
  end,
  ...(id === undefined ? {} : { id }),
});

export const utc = (iso: string) => new Date(iso);

/** Shifts as `person start→end` lines (ISO UTC), so a failing test shows the whole schedule. */
export const plain = (shifts: readonly (Shift | null)[]) =>
  shifts.map((s) => (s ? `${s.personId} ${s.start.toISOString()}→${s.end.toISOString()}${s.overrideId ? ` (${s.overrideId})` : ''}` : 'nobody'));

/**
 * A deterministic measure of what an on-call question costs: working out who takes a rotation shift
 * reads the member list once, so reads count the shifts worked out (plus one per member when the
 * rotation is checked). Past `budget` reads it throws, so a lookup that walks centuries of shifts
 * fails at once instead of hanging the test.
 */
export function countingReads(r: Rotation, budget = Infinity): { readonly rotation: Rotation; readonly reads: () => number } {
  let reads = 0;
  const members = new Proxy([...r.members], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key) && ++reads > budget) throw new Error(`more than ${budget} reads of the member list`);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { rotation: { ...r, members }, reads: () => reads };
}
