import { describe, expect, it } from 'vitest';
import { severityFromWord } from '../../../src/adapters/webhooks/severity-words';

describe('severityFromWord', () => {
  it.each([
    ['critical', 'sev1'],
    ['Page', 'sev1'],
    ['error', 'sev2'],
    ['HIGH', 'sev2'],
    ['warning', 'sev3'],
    ['warn', 'sev3'],
    ['info', 'sev4'],
    ['sev3', 'sev3'],
    ['4', 'sev4'],
    ['P1', 'sev1'],
    ['p5', 'sev4'],
    [' sev2 ', 'sev2'],
  ])('%s → %s', (word, severity) => expect(severityFromWord(word)).toBe(severity));

  it.each(['none', 'sev5', '', 'p6', 'constructor', '__proto__'])('%s → undefined', (word) => expect(severityFromWord(word)).toBeUndefined());

  it('is undefined without a word', () => expect(severityFromWord(undefined)).toBeUndefined());
});
