import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertLabels, type AlertGroup, type GroupAlert } from '../../../src/adapters/webhooks/alert-group';

const labelSet = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', '0', '10', '9', 'alertname', 'severity', 'job'), fc.string()), fc.string()), { maxLength: 8 })
  .map((entries) => Object.fromEntries(entries) as Record<string, string>);

describe('alertLabels', () => {
  it('is { ...commonLabels, ...labels }: same keys in the same order, same values, a plain object', () => {
    fc.assert(
      fc.property(labelSet, labelSet, (common, own) => {
        const merged = alertLabels({ commonLabels: common } as AlertGroup, { labels: own } as GroupAlert);
        const spread = { ...common, ...own };
        expect(Object.entries(merged)).toEqual(Object.entries(spread));
        expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a __proto__ label as a label, not as the prototype', () => {
    const own = JSON.parse('{"__proto__":"x","alertname":"A"}') as Record<string, string>;
    const merged = alertLabels({ commonLabels: { job: 'node' } } as unknown as AlertGroup, { labels: own } as GroupAlert);
    expect(Object.keys(merged)).toEqual(['job', '__proto__', 'alertname']);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});
