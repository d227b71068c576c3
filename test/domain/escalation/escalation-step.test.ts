import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calcEscalation, type EscalationInput, type StepRef } from '../../../src/domain/escalation/escalation-step';
import { escalationPlan, type EscalationPolicy } from '../../../src/domain/escalation/escalation-policy';
import { calcReminder } from '../../../src/domain/escalation/reminder';

const MIN = 60_000;
const opened = new Date('2026-01-07T10:00:00.000Z');
const plus = (m: number) => new Date(opened.getTime() + m * MIN);
const policy: EscalationPolicy = {
  id: 'p',
  steps: [
    { afterMs: 0, targets: [{ rotation: 'primary' }] },
    { afterMs: 10 * MIN, targets: [{ person: 'carol' }] },
    { afterMs: 20 * MIN, targets: [{ person: 'dave' }] },
  ],
  repeat: 2,
};
const input = (over: Partial<EscalationInput>): EscalationInput => ({ policy, openedAt: opened, status: 'triggered', paged: [], trigger: { kind: 'scheduled', step: 0, round: 0 }, ...over });
const ref = (step: number, round: number): StepRef => ({ step, round });

describe('calcEscalation', () => {
  it('pages the scheduled step and schedules the next at its planned offset', () => {
    const d = calcEscalation(input({}), opened);
    expect(d).toMatchObject({ kind: 'page', page: { stepIndex: 0, round: 0 }, next: { step: 1, round: 0, at: plus(10) }, exhausted: false, rounds: 3 });
  });

  it('after the last step starts the next round, and after the last round says the plan is used up', () => {
    expect(calcEscalation(input({ trigger: { kind: 'scheduled', step: 2, round: 0 }, paged: [ref(0, 0), ref(1, 0)] }), plus(20))).toMatchObject({ next: { step: 0, round: 1, at: plus(30) } });
    const last = calcEscalation(input({ trigger: { kind: 'scheduled', step: 2, round: 2 }, paged: [ref(1, 2)] }), plus(80));
    expect(last).toMatchObject({ kind: 'page', next: null, exhausted: true });
  });

  it('stops a scheduled step once acknowledged or resolved', () => {
    expect(calcEscalation(input({ status: 'acknowledged' }), opened)).toEqual({ kind: 'stop', reason: 'acknowledged' });
    expect(calcEscalation(input({ status: 'resolved', trigger: { kind: 'manual' } }), opened)).toEqual({ kind: 'stop', reason: 'resolved' });
    expect(calcEscalation(input({ policy: { ...policy, steps: [] } }), opened)).toEqual({ kind: 'stop', reason: 'no-steps' });
  });

  it('a late step (Tocsin was down) gives the next one its full gap from now', () => {
    const d = calcEscalation(input({ trigger: { kind: 'scheduled', step: 1, round: 0 }, paged: [ref(0, 0)] }), plus(45));
    expect(d).toMatchObject({ kind: 'page', page: { stepIndex: 1 }, next: { step: 2, round: 0, at: plus(55) } });
  });

  it('manual: the step after the last paged, now; an acknowledged incident gets no further schedule', () => {
    expect(calcEscalation(input({ trigger: { kind: 'manual' }, paged: [ref(0, 0)] }), plus(3))).toMatchObject({ kind: 'page', page: { stepIndex: 1, round: 0 }, next: { step: 2, at: plus(20) } });
    expect(calcEscalation(input({ trigger: { kind: 'manual' }, paged: [ref(0, 0)], status: 'acknowledged' }), plus(3))).toMatchObject({ kind: 'page', page: { stepIndex: 1 }, next: null, exhausted: false });
    // Nothing paged yet (the first step waits): manual pages the first step.
    expect(calcEscalation(input({ trigger: { kind: 'manual' } }), opened)).toMatchObject({ page: { stepIndex: 0, round: 0 } });
  });

  it('manual after the whole plan pages the last step again', () => {
    const all = escalationPlan(policy, opened).map((p) => ref(p.stepIndex, p.round));
    expect(calcEscalation(input({ trigger: { kind: 'manual' }, paged: all }), plus(200))).toMatchObject({ kind: 'page', again: true, page: { stepIndex: 2, round: 2 }, next: null, exhausted: false });
  });

  it('a scheduled step already paged (a manual escalation got there first) only schedules what follows', () => {
    expect(calcEscalation(input({ trigger: { kind: 'scheduled', step: 1, round: 0 }, paged: [ref(0, 0), ref(1, 0)] }), plus(10))).toEqual({ kind: 'wait', next: { step: 2, round: 0, at: plus(20) } });
  });

  it('following its own decisions from the first step, it pages the whole plan in order, once each, never earlier than planned', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 3 }), fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 20 }), (offsets, repeat, lateness) => {
        const p: EscalationPolicy = { id: 'x', steps: [...offsets].sort((a, b) => a - b).map((m) => ({ afterMs: m * MIN, targets: [{ person: 'x' }] })), repeat };
        const plan = escalationPlan(p, opened);
        const paged: StepRef[] = [];
        let trigger: EscalationInput['trigger'] = { kind: 'scheduled', step: 0, round: 0 };
        let due = new Date(opened.getTime() + p.steps[0]!.afterMs);
        for (let i = 0; i < plan.length + 2; i++) {
          const now = new Date(due.getTime() + (lateness[i] ?? 0) * MIN);
          const d = calcEscalation({ policy: p, openedAt: opened, status: 'triggered', paged, trigger }, now);
          if (d.kind !== 'page') throw new Error(`expected a page, got ${d.kind}`);
          expect(now.getTime()).toBeGreaterThanOrEqual(plan[paged.length]!.at.getTime());
          paged.push(ref(d.page.stepIndex, d.page.round));
          if (!d.next) break;
          trigger = { kind: 'scheduled', step: d.next.step, round: d.next.round };
          due = d.next.at;
        }
        expect(paged).toEqual(plan.map((x) => ref(x.stepIndex, x.round)));
      }),
    );
  });
});

describe('calcReminder', () => {
  const base = { status: 'acknowledged' as const, reminderMs: 30 * MIN, lastActivityAt: opened };
  it('nudges after the quiet interval, then every interval', () => {
    expect(calcReminder(base, plus(30))).toEqual({ kind: 'nudge', quietMs: 30 * MIN, next: plus(60) });
  });
  it('waits for the interval counted from the last activity', () => {
    expect(calcReminder({ ...base, lastActivityAt: plus(20) }, plus(30))).toEqual({ kind: 'wait', next: plus(50) });
  });
  it('looks again later while triggered, and stops when resolved or without an interval', () => {
    expect(calcReminder({ ...base, status: 'triggered' }, plus(5))).toEqual({ kind: 'wait', next: plus(35) });
    expect(calcReminder({ ...base, status: 'resolved' }, plus(90))).toEqual({ kind: 'stop' });
    expect(calcReminder({ ...base, reminderMs: undefined }, plus(90))).toEqual({ kind: 'stop' });
  });
});
