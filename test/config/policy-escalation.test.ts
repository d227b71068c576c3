import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from '../../src/config/policy-check';
import { toEscalationPolicy } from '../../src/config/policy-escalation';
import { escalationPlan } from '../../src/domain/escalation/escalation-policy';

describe('toEscalationPolicy', () => {
  it('turns the shared example\'s policy into the engine\'s terms', () => {
    const policy = checkPolicyText(readFileSync(new URL('../fixtures/policy/policy-example.yml', import.meta.url), 'utf8'), {}).policy!;
    const platform = toEscalationPolicy(policy.escalation_policies[0]);
    expect(platform).toEqual({
      id: 'platform',
      steps: [
        { afterMs: 0, targets: [{ rotation: 'platform-primary' }] },
        { afterMs: 600_000, targets: [{ rotation: 'platform-secondary' }, { person: 'alice' }] },
        { afterMs: 1_200_000, targets: [{ channel: { platform: 'slack', id: 'C01INCIDENTS' } }] },
      ],
      repeat: 2,
      reminderMs: 1_800_000,
    });
    expect(escalationPlan(platform, new Date('2026-01-05T08:00:00.000Z'))).toHaveLength(9);
  });
});
