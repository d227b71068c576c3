import { describe, expect, it } from 'vitest';
import { topLevelString } from '../../../src/adapters/webhooks/json-head-scan';

describe('topLevelString', () => {
  it.each([
    ['{"routing_key":"abc"}', 'abc'],
    ['\uFEFF { "routing_key" : "a\\"b\\u0063" , "x": 1}', 'a"bc'],
    ['{"payload":{"routing_key":"nested","deep":[[{"}":"]"}]]},"links":[],"n":-1.5e3,"t":true,"z":null,"routing_key":"top"', 'top'],
    // Cut anywhere after the member: the rest is never needed.
    ['{"routing_key":"abc","payload":{"summary":"unfinish', 'abc'],
    ['{"routing_key":"abc"', 'abc'],
    // The first occurrence: the caller checks the full parse (which takes the last) agrees.
    ['{"routing_key":"first","routing_key":"second"}', 'first'],
  ])('finds it in %s', (head, expected) => {
    expect(topLevelString(head, 'routing_key')).toBe(expected);
  });

  it.each([
    ['{"payload":{"routing_key":"nested"}}', 'only nested'],
    ['{"payload":{"summary":"x"', 'cut before it'],
    ['{"routing_key":"ab', 'cut inside it'],
    ['{"routing_key":123}', 'not a string'],
    ['{"routing_key":"\\x"}', 'a bad escape'],
    ['["routing_key","abc"]', 'not an object'],
    ['{"a":1 "routing_key":"abc"}', 'broken between members'],
    ['{"a":}', 'a missing value'],
    ['{"a":1}', 'absent'],
    ['', 'empty'],
  ])('gives nothing for %s (%s)', (head) => {
    expect(topLevelString(head, 'routing_key')).toBeUndefined();
  });

  it('walks deep nesting without recursion', () => {
    const head = `{"a":${'['.repeat(50_000)}`;
    expect(topLevelString(head, 'routing_key')).toBeUndefined();
    expect(topLevelString(`{"a":${'['.repeat(50_000)}${']'.repeat(50_000)},"routing_key":"k"}`, 'routing_key')).toBe('k');
  });
});
