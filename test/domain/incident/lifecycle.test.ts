import { describe, expect, it } from 'vitest';
import { actorText, alertStep, canTransition, refusalOf, type LifecycleState } from '../../../src/domain/incident/lifecycle';

const state = (s: Partial<LifecycleState> = {}): LifecycleState => ({ number: 7, status: 'triggered', severity: 'sev2', acknowledgedBy: null, assignee: null, hasEscalationPolicy: true, ...s });

describe('the incident lifecycle', () => {
  it('allows exactly the status transitions of the state machine', () => {
    const table = (['triggered', 'acknowledged', 'resolved'] as const).map((status) => [status, (['acknowledge', 'resolve', 'reopen'] as const).filter((v) => canTransition(status, v))]);
    expect(table).toEqual([
      ['triggered', ['acknowledge', 'resolve']],
      ['acknowledged', ['resolve']],
      ['resolved', ['reopen']],
    ]);
  });

  it('says why a verb cannot act, in the words chat shows', () => {
    expect(refusalOf(state({ status: 'acknowledged', acknowledgedBy: 'bob' }), { verb: 'acknowledge' })).toBe('INC-7 is already acknowledged by bob.');
    expect(refusalOf(state({ status: 'resolved' }), { verb: 'acknowledge' })).toBe('INC-7 is resolved: nothing to acknowledge.');
    expect(refusalOf(state({ status: 'resolved' }), { verb: 'resolve' })).toBe('INC-7 is already resolved.');
    expect(refusalOf(state(), { verb: 'reopen' })).toBe('INC-7 is not resolved: nothing to reopen.');
    expect(refusalOf(state({ status: 'resolved' }), { verb: 'escalate' })).toBe('INC-7 is resolved: nothing to escalate.');
    expect(refusalOf(state({ hasEscalationPolicy: false }), { verb: 'escalate' })).toMatch(/has no escalation policy/);
    expect(refusalOf(state({ assignee: 'dana' }), { verb: 'assign', person: 'dana' })).toBe('@dana already leads INC-7.');
    expect(refusalOf(state(), { verb: 'setSeverity', severity: 'sev2' })).toBe('INC-7 is already sev2.');
    expect(refusalOf(state(), { verb: 'acknowledge' })).toBeUndefined();
    expect(refusalOf(state({ status: 'acknowledged' }), { verb: 'escalate' })).toBeUndefined();
  });

  it('names actors the same way on every path', () => {
    expect([actorText({ kind: 'person', id: 'alice' }), actorText({ kind: 'source', id: 'prod-am' }), actorText({ kind: 'tocsin', id: 'tocsin' })]).toEqual(['@alice', 'the source prod-am', 'Tocsin']);
  });

  it('reads what a webhook says of one alert', () => {
    expect(alertStep(undefined, 'trigger')).toBe('opened');
    expect(alertStep('firing', 'trigger')).toBe('repeat');
    expect(alertStep('resolved', 'trigger')).toBe('refire');
    expect(alertStep('firing', 'resolve')).toBe('resolve');
    expect(alertStep('resolved', 'resolve')).toBe('repeat');
    expect(alertStep(undefined, 'resolve')).toBe('unknown');
  });
});
