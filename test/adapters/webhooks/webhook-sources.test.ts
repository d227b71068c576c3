import { describe, expect, it } from 'vitest';
import { WEBHOOK_SOURCES } from '../../../src/adapters/webhooks/webhook-sources';
import { INTEGRATION_KINDS } from '../../../src/domain/alert/integration-kind';
import { INTEGRATION_KINDS as POLICY_KINDS } from '../../../src/config/policy-schema-paging';

// The one table of webhook kinds, pinned to the contract: SPEC "HTTP endpoints" and
// ../shared/reference/INTEGRATIONS.md (who resends after a 5xx). Everything else reads the table.
describe('the table of webhook kinds', () => {
  it('has each kind at the path the SPEC gives, and says who resends after a 5xx', () => {
    expect(Object.fromEntries(Object.entries(WEBHOOK_SOURCES).map(([k, s]) => [k, [s.path, s.resendsAfter5xx]]))).toEqual({
      alertmanager: ['/webhooks/alertmanager', true],
      grafana: ['/webhooks/grafana', false],
      datadog: ['/webhooks/datadog', true],
      generic: ['/webhooks/generic', false],
      pagerduty: ['/v2/enqueue', true],
    });
  });

  it('covers exactly the kinds the policy file accepts', () => {
    expect(Object.keys(WEBHOOK_SOURCES).sort()).toEqual([...INTEGRATION_KINDS].sort());
    expect(POLICY_KINDS).toBe(INTEGRATION_KINDS);
  });
});
