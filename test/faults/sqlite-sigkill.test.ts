import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerStorm, LoadBalancer, seededRandom, storm } from '../support/alert-storm';
import { bootTocsinProcess, type TocsinProcessBoot } from '../support/boot-tocsin';
import { PROCESS_TOKENS } from '../support/policies';
import { checkStored } from '../support/storm-check';
import { CHILD_TIMEOUT_MS, type TocsinProcess } from '../support/tocsin-process';

// The promise behind every 2xx, tested the hard way: a storm of Alertmanager webhooks (each group
// sent several times as it grows, every send twice as an HA pair does) while `tocsin serve` on
// SQLite is SIGKILLed after a random number of answers, restarted on the same file, and the storm
// finished by senders that retry 5xx and dropped connections. Seed: FAULT_SEED to replay a run.

const GROUPS = 30;
const SENDS = 3;

describe('SQLite: SIGKILL in the middle of a webhook storm', { timeout: CHILD_TIMEOUT_MS }, () => {
  let tocsin: TocsinProcessBoot;
  let databaseUrl: string;

  beforeAll(async () => {
    tocsin = await bootTocsinProcess({ count: 0, env: { WEBHOOK_RATE_LIMIT: '0', SHUTDOWN_DELAY_MS: '0' } });
    databaseUrl = tocsin.setup.databaseUrl;
  });
  afterAll(() => tocsin?.stop());

  it('keeps every acknowledged alert, duplicates no incident, and every timeline chain verifies', async () => {
    const seed = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = seededRandom(seed);
    const hooks = alertmanagerStorm({ groups: GROUPS, sends: SENDS, token: PROCESS_TOKENS.alertmanager, random });
    const killAfter = 10 + Math.floor(random() * (hooks.length * 0.6));
    console.info(`[sqlite-sigkill] FAULT_SEED=${seed}: ${hooks.length} webhooks, SIGKILL after ${killAfter} answers`);

    const first = await tocsin.spawn();
    const lb = new LoadBalancer();
    lb.add(first.url);

    let restart: Promise<TocsinProcess> | undefined;
    const killAndRestart = async (): Promise<TocsinProcess> => {
      lb.remove(first.url);
      const exit = await first.kill('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      const second = await tocsin.spawn();
      lb.add(second.url);
      return second;
    };
    const result = await storm(() => lb.next(), hooks, {
      concurrency: 16,
      onAnswered: (n) => {
        if (n === killAfter) restart = killAndRestart();
      },
    });
    const second = await restart!;

    expect(result.refused).toEqual([]);
    expect(result.answered).toBe(hooks.length);
    const stored = await checkStored(databaseUrl, 'alertmanager-1', result.acknowledged);
    console.info(`[sqlite-sigkill] ${result.retries} retries; ${stored.incidents} incidents, ${stored.timelineEntries} timeline entries`);
    expect(stored.lost).toEqual([]);
    expect(stored.duplicatedIncidents).toEqual([]);
    expect(stored.duplicatedAlerts).toBe(0);
    expect(stored.brokenChains).toEqual([]);
    expect(stored.incidents).toBe(GROUPS);
    expect(await second.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
