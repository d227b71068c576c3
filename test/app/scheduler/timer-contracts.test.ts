import { describe, expect, it } from 'vitest';
import { NOTICE } from '../../../src/app/outbox/notice-contracts';
import { archiveKey, archiveTimer, escalateKey, escalationTimer, handoffTimer, incidentTimersPrefix, notifyKey, notifyPersonPrefix, notifyPrefix, notifyRuleTimer, reminderKey, reminderTimer, TIMER } from '../../../src/app/scheduler/timer-contracts';
import { TIMELINE_KINDS } from '../../../src/domain/timeline/timeline-entry';

describe('string contracts', () => {
  it('no string means two things: timeline, notice and timer kinds are all different', () => {
    const all = [...TIMELINE_KINDS, ...Object.values(NOTICE), ...Object.values(TIMER)];
    expect(new Set(all).size).toBe(all.length);
    expect(Object.values(NOTICE).every((k) => k.startsWith('notice.'))).toBe(true);
    expect(Object.values(TIMER).every((k) => k.startsWith('timer.'))).toBe(true);
  });
});

describe('timer keys', () => {
  it('cancel by prefix the way the lifecycle needs', () => {
    const under = (key: string, prefix: string) => key.startsWith(prefix);
    // Resolving cancels everything under the incident's prefix …
    for (const key of [escalateKey(12), reminderKey(12), notifyKey(12, 'alice', 1)]) expect(under(key, incidentTimersPrefix(12))).toBe(true);
    // … but not the archive timer it sets, nor another incident's timers (12 vs 120).
    expect(under(archiveKey(12), incidentTimersPrefix(12))).toBe(false);
    expect(under(escalateKey(120), incidentTimersPrefix(12))).toBe(false);
    // Acknowledging cancels the escalation and every notification, not the reminder.
    expect(under(reminderKey(12), escalateKey(12))).toBe(false);
    expect(under(reminderKey(12), notifyPrefix(12))).toBe(false);
    expect(under(notifyKey(12, 'alice', 3), notifyPrefix(12))).toBe(true);
    // Paging alice again restarts her rules only (alice vs alice2).
    expect(under(notifyKey(12, 'alice2', 1), notifyPersonPrefix(12, 'alice'))).toBe(false);
  });

  it('each builder pairs its key with its kind', () => {
    const at = '2026-01-07T10:00:00.000Z';
    expect(escalationTimer(3, at, { step: 1, round: 0 })).toEqual({ key: 'incident:3:escalate', kind: TIMER.escalationStep, dueAt: at, payload: { incidentId: 3, step: 1, round: 0 } });
    expect(escalationTimer(3, at, { manual: true })).toMatchObject({ key: 'incident:3:escalate', payload: { incidentId: 3, manual: true } });
    expect(reminderTimer(3, at)).toEqual({ key: 'incident:3:reminder', kind: TIMER.incidentReminder, dueAt: at, payload: { incidentId: 3 } });
    expect(notifyRuleTimer({ incidentId: 3, personId: 'alice', rule: 2 }, at)).toMatchObject({ key: 'incident:3:notify:alice:2', kind: TIMER.notifyRule });
    expect(archiveTimer(3, at)).toMatchObject({ key: 'archive:incident:3', kind: TIMER.channelArchive, payload: { incidentId: 3 } });
    expect(handoffTimer('primary', at)).toMatchObject({ key: 'rotation:primary:handoff', kind: TIMER.rotationHandoff, payload: { rotationId: 'primary' } });
  });
});
