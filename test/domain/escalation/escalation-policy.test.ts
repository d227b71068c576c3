import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOOP_DELAY_MS, escalationPlan, loopDelayMs, type EscalationPolicy } from '../../../src/domain/escalation/escalation-policy';

const MIN = 60_000;
const opened = new Date('2026-01-05T08:00:00.000Z');
const minutesAfterOpen = (policy: EscalationPolicy) => escalationPlan(policy, opened).map((p) => [p.round, p.stepIndex, (p.at.getTime() - opened.getTime()) / MIN]);

const platform: EscalationPolicy = {
  id: 'platform',
  steps: [
    { afterMs: 0, targets: [{ rotation: 'platform-primary' }] },
    { afterMs: 10 * MIN, targets: [{ rotation: 'platform-secondary' }, { person: 'alice' }] },
    { afterMs: 20 * MIN, targets: [{ channel: { platform: 'slack', id: 'C01INCIDENTS' } }] },
  ],
  repeat: 2,
  reminderMs: 30 * MIN,
};

describe('escalationPlan', () => {
  it('pages each step at its offset from the opening, then repeats one escalation delay after the last step', () => {
    expect(minutesAfterOpen(platform)).toEqual([
      [0, 0, 0], [0, 1, 10], [0, 2, 20],
      [1, 0, 30], [1, 1, 40], [1, 2, 50],
      [2, 0, 60], [2, 1, 70], [2, 2, 80],
    ]);
  });

  it('carries each step\'s targets', () => {
    const plan = escalationPlan(platform, opened);
    expect(plan[1].targets).toEqual([{ rotation: 'platform-secondary' }, { person: 'alice' }]);
    expect(plan[5].targets).toEqual([{ channel: { platform: 'slack', id: 'C01INCIDENTS' } }]);
    expect(plan[0].at.toISOString()).toBe('2026-01-05T08:00:00.000Z');
  });

  it('runs the list once when repeat is 0', () => {
    expect(minutesAfterOpen({ ...platform, repeat: 0 })).toEqual([[0, 0, 0], [0, 1, 10], [0, 2, 20]]);
  });

  it('repeats a single delayed step after its own offset', () => {
    const single: EscalationPolicy = { id: 's', steps: [{ afterMs: 5 * MIN, targets: [{ person: 'bob' }] }], repeat: 2 };
    expect(minutesAfterOpen(single)).toEqual([[0, 0, 5], [1, 0, 15], [2, 0, 25]]);
  });

  it('falls back to PagerDuty\'s 30-minute delay when the policy gives no gap', () => {
    const immediate: EscalationPolicy = { id: 'i', steps: [{ afterMs: 0, targets: [{ person: 'bob' }] }], repeat: 1 };
    expect(loopDelayMs(immediate)).toBe(DEFAULT_LOOP_DELAY_MS);
    expect(minutesAfterOpen(immediate)).toEqual([[0, 0, 0], [1, 0, 30]]);
    const together: EscalationPolicy = { id: 't', steps: [{ afterMs: 0, targets: [] }, { afterMs: 0, targets: [] }], repeat: 1 };
    expect(minutesAfterOpen(together)).toEqual([[0, 0, 0], [0, 1, 0], [1, 0, 30], [1, 1, 30]]);
  });

  it('plans nothing for a policy without steps', () => {
    expect(escalationPlan({ id: 'e', steps: [], repeat: 3 }, opened)).toEqual([]);
  });

  it('always gives steps × (repeat + 1) pages in time order, rounds never overlapping', () => {
    const policies = fc
      .array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 6 })
      .chain((offsets) => fc.record({ offsets: fc.constant([...offsets].sort((a, b) => a - b)), repeat: fc.integer({ min: 0, max: 4 }) }));
    fc.assert(
      fc.property(policies, ({ offsets, repeat }) => {
        const policy: EscalationPolicy = { id: 'p', steps: offsets.map((m) => ({ afterMs: m * MIN, targets: [] })), repeat };
        const plan = escalationPlan(policy, opened);
        expect(plan).toHaveLength(offsets.length * (repeat + 1));
        for (let i = 1; i < plan.length; i++) {
          expect(plan[i].at.getTime()).toBeGreaterThanOrEqual(plan[i - 1].at.getTime());
          expect(plan[i].round).toBeGreaterThanOrEqual(plan[i - 1].round);
        }
        // A later round starts strictly after the previous round's last page.
        for (let r = 1; r <= repeat; r++) {
          const lastOfPrev = Math.max(...plan.filter((p) => p.round === r - 1).map((p) => p.at.getTime()));
          const firstOfThis = Math.min(...plan.filter((p) => p.round === r).map((p) => p.at.getTime()));
          expect(firstOfThis).toBeGreaterThan(lastOfPrev);
        }
      }),
    );
  });
});
