import { describe, expect, it } from 'vitest';
import { PacedError } from '../../../src/adapters/shared/paced-calls';
import { connectorFailure } from '../../../src/adapters/teams/delivery-errors';
import { pacedPoster, teamsPacer } from '../../../src/adapters/teams/teams-pacing';
import type { ConversationAt, TeamsPoster } from '../../../src/adapters/teams/teams-poster';
import { FakeClock } from '../../fakes/fake-clock';
import { ConnectorRateLimits } from '../../fakes/fake-bot-connector-limits';

const TEAM = { serviceUrl: 'https://smba.example/amer/', tenantId: 'tenant-1' };
const CHANNEL = '19:payments@thread.tacv2';
const thread = (n: number): ConversationAt => ({ ...TEAM, conversationId: `${CHANNEL};messageid=${1000 + n}` });
const CHAT: ConversationAt = { ...TEAM, conversationId: 'a:personal-alice' };

/** A poster that counts what reached it, and can be told to answer one call with a 429. */
function countingPoster() {
  const made: string[] = [];
  let throttle: { retryAfter: string } | undefined;
  const answer = (what: string) => {
    if (throttle) {
      const retryAfter = throttle.retryAfter;
      throttle = undefined;
      throw Object.assign(new Error('Too many requests.'), { statusCode: 429, code: 'Throttled', response: { headers: { get: () => retryAfter } } });
    }
    made.push(what);
  };
  const poster: TeamsPoster = {
    async openThread(_at, channelId) {
      answer(`open ${channelId}`);
      return { conversationId: `${channelId};messageid=${made.length}`, activityId: String(made.length) };
    },
    async send(at) {
      answer(`send ${at.conversationId}`);
      return String(made.length);
    },
    async update(at) {
      answer(`update ${at.conversationId}`);
    },
  };
  return { poster, made, throttleNext: (retryAfter: string) => (throttle = { retryAfter }) };
}

const pacedMs = async (call: Promise<unknown>): Promise<number> =>
  call.then(
    () => 0,
    (e: unknown) => {
      if (e instanceof PacedError) return e.afterMs;
      throw e;
    },
  );

describe('Teams pacing (Bot Connector)', () => {
  it('counts a channel and its threads as one conversation and keeps its last token for a page', async () => {
    const clock = new FakeClock();
    const { poster, made } = countingPoster();
    const pacer = teamsPacer(clock);
    const ordinary = pacedPoster(poster, pacer, false);
    const page = pacedPoster(poster, pacer, true);
    for (let n = 0; n < 3; n++) expect(await pacedMs(ordinary.openThread(TEAM, CHANNEL, {}))).toBe(0);
    // Burst 4, one kept for pages: the fourth card waits, a page in a thread of that channel goes.
    expect(await pacedMs(ordinary.send(thread(1), {}))).toBeGreaterThan(0);
    expect(await pacedMs(page.send(thread(1), {}))).toBe(0);
    // Then a page waits for the next token (1.8 a second), and cards after the pages.
    expect(await pacedMs(page.send(thread(2), {}))).toBe(556);
    expect(made).toHaveLength(4);
    // Another conversation has its own budget (the tenant's last token is a page's too).
    expect(await pacedMs(page.send(CHAT, {}))).toBe(0);
    expect(made).toHaveLength(5);
  });

  it('turns a paced call into a deferred row, not a failed attempt', () => {
    expect(connectorFailure(new PacedError('Bot Connector send', 1_200), 'posting INC-1')).toEqual({ kind: 'deferred', afterMs: 1_200, reason: 'posting INC-1: Bot Connector send paced' });
  });

  it('pauses only the conversation a 429 came from, for its Retry-After', async () => {
    const clock = new FakeClock();
    const { poster, throttleNext } = countingPoster();
    const paced = pacedPoster(poster, teamsPacer(clock), true);
    throttleNext('5');
    await expect(paced.send(thread(1), {})).rejects.toMatchObject({ statusCode: 429 });
    expect(await pacedMs(paced.send(thread(2), {}))).toBe(5_000);
    expect(await pacedMs(paced.send(CHAT, {}))).toBe(0);
    clock.advance(5_000);
    expect(await pacedMs(paced.send(thread(2), {}))).toBe(0);
  });

  it('never goes over the documented windows, sending as fast as it is let for an hour', async () => {
    const clock = new FakeClock();
    const { poster, made } = countingPoster();
    const pacer = teamsPacer(clock);
    const limits = new ConnectorRateLimits(clock);
    const over: string[] = [];
    const checked: TeamsPoster = {
      openThread: (at, channelId, activity) => (limits.take(channelId, 'tenant') === undefined ? poster.openThread(at, channelId, activity) : Promise.reject(new Error(`429 ${channelId}`))),
      send: (at, activity) => (limits.take(at.conversationId, 'tenant') === undefined ? poster.send(at, activity) : Promise.reject(new Error(`429 ${at.conversationId}`))),
      update: (at, id, activity) => poster.update(at, id, activity),
    };
    // Fine steps for the first minute (the 1 s, 2 s and 30 s windows), coarser for the rest of the hour.
    for (let t = 0, step = 10; t < 3_600_000; t += step, step = t < 60_000 ? 10 : 500) {
      for (const urgent of [true, false]) {
        const each = pacedPoster(checked, pacer, urgent);
        for (const call of [() => each.send(CHAT, {}), () => each.openThread(TEAM, CHANNEL, {}), () => each.send(thread(t), {})]) {
          await call().catch((e: unknown) => {
            if (!(e instanceof PacedError)) over.push(String(e));
          });
        }
      }
      clock.advance(step);
    }
    expect(over).toEqual([]);
    const inChat = made.filter((m) => m === `send ${CHAT.conversationId}`).length;
    // The 1:1 chat gets close to its 1800 an hour; the channel, with no hourly limit, close to 1.8 a second.
    expect(inChat).toBeGreaterThan(1_700);
    expect(inChat).toBeLessThanOrEqual(1_800);
    expect(made.length - inChat).toBeGreaterThan(6_300);
  }, 60_000);
});
