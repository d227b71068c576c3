/** The only way app code learns the time; tests pass a steppable fake (test/fakes/fake-clock.ts). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
