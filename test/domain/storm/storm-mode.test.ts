import { describe, expect, it } from 'vitest';
import { digestLine, digestSlot, STORM_OFF, stormAfterMinute, stormCountLimit, stormMinute, stormOnOpen, summarizeDigest } from '../../../src/domain/storm/storm-mode';

describe('storm mode: the decision when an incident opens', () => {
  it('stays calm up to the threshold, counting the incident just opened', () => {
    expect(stormOnOpen(false, 1, 10)).toBe('calm');
    expect(stormOnOpen(false, 10, 10)).toBe('calm');
  });
  it('starts when the last minute holds more than the threshold', () => {
    expect(stormOnOpen(false, 11, 10)).toBe('starts');
    expect(stormOnOpen(false, 2, 1)).toBe('starts');
  });
  it('continues for every incident while the storm lasts, however few', () => {
    expect(stormOnOpen(true, 0, 10)).toBe('continues');
    expect(stormOnOpen(true, 500, 10)).toBe('continues');
  });
  it('never starts with a threshold of 0 (no limit), however many open', () => {
    expect(stormOnOpen(false, 100_000, STORM_OFF)).toBe('calm');
  });
  it('needs the count no further than one past the threshold, and none when off', () => {
    expect(stormCountLimit(10)).toBe(11);
    expect(stormOnOpen(false, stormCountLimit(10), 10)).toBe('starts');
    expect(stormOnOpen(false, stormCountLimit(10) - 1, 10)).toBe('calm');
    expect(stormCountLimit(STORM_OFF)).toBe(0);
  });
});

describe('storm mode: the end of each storm minute', () => {
  it('ends after a minute with at most the threshold of new incidents', () => {
    expect(stormAfterMinute(0, 10)).toBe('ends');
    expect(stormAfterMinute(10, 10)).toBe('ends');
  });
  it('continues after a busier minute', () => {
    expect(stormAfterMinute(11, 10)).toBe('continues');
  });
  it('ends at the next minute\'s end once the threshold is set to 0 (storm mode off)', () => {
    expect(stormAfterMinute(500, STORM_OFF)).toBe('ends');
  });
});

describe('storm minutes', () => {
  const start = '2026-01-07T10:00:05.250Z';
  it('counts minutes from the storm start, not the clock', () => {
    expect(stormMinute(start, new Date(start))).toEqual({ start, end: '2026-01-07T10:01:05.250Z' });
    expect(stormMinute(start, new Date('2026-01-07T10:01:05.249Z')).start).toBe(start);
    expect(stormMinute(start, new Date('2026-01-07T10:01:05.250Z')).start).toBe('2026-01-07T10:01:05.250Z');
    expect(stormMinute(start, new Date('2026-01-07T10:07:00.000Z')).start).toBe('2026-01-07T10:06:05.250Z');
  });
  it('puts an instant before the start (a clock step back) in the first minute', () => {
    expect(stormMinute(start, new Date('2026-01-07T10:00:00.000Z')).start).toBe(start);
  });
  it('gives one refresh slot per 5 s: many incidents share one digest row', () => {
    const slots = new Set(Array.from({ length: 100 }, (_, i) => digestSlot(new Date(Date.parse('2026-01-07T10:00:00.000Z') + i * 50))));
    expect(slots.size).toBe(1);
    expect(digestSlot(new Date(Date.parse(start) + 5_000))).not.toBe(digestSlot(new Date(start)));
  });
});

describe('the digest line', () => {
  it('says the count, the span of refs and the top alert titles by count', () => {
    const incidents = [
      ...Array.from({ length: 6 }, (_, i) => ({ number: 45 + i, title: 'disk full' })),
      ...Array.from({ length: 5 }, (_, i) => ({ number: 40 + i, title: 'api 5xx' })),
      { number: 53, title: 'cpu hot' },
      { number: 51, title: 'cpu hot' },
      { number: 52, title: 'dns' },
    ];
    const d = summarizeDigest(incidents);
    expect(d.count).toBe(14);
    expect(d.span).toBe('INC-40…INC-53');
    expect(d.top).toEqual([
      { title: 'disk full', count: 6 },
      { title: 'api 5xx', count: 5 },
      { title: 'cpu hot', count: 2 },
    ]);
    expect(digestLine('payments', d)).toBe('14 new incidents on payments in the last minute: INC-40…INC-53, top alerts: disk full (6), api 5xx (5), cpu hot (2)');
  });
  it('speaks of one incident in the singular and escapes titles through the renderer given', () => {
    const d = summarizeDigest([{ number: 7, title: '<!channel> down' }]);
    expect(digestLine('web', d, (s) => s.replace(/</g, '&lt;'))).toBe('1 new incident on web in the last minute: INC-7, top alerts: &lt;!channel> down (1)');
  });
});
