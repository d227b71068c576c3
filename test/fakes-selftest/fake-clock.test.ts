import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fakes/fake-clock';

describe('FakeClock', () => {
  it('stands still until moved', () => {
    const clock = new FakeClock('2026-01-05T08:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-01-05T08:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-01-05T08:01:30.000Z');
    clock.set(new Date('2026-03-29T00:59:59.999Z'));
    expect(clock.now().toISOString()).toBe('2026-03-29T00:59:59.999Z');
  });

  it('hands out copies and refuses nonsense', () => {
    const clock = new FakeClock();
    clock.now().setFullYear(1999);
    expect(clock.now().getUTCFullYear()).toBe(2026);
    expect(() => clock.advance(-1)).toThrow();
    expect(() => clock.set('yesterday')).toThrow();
  });
});
