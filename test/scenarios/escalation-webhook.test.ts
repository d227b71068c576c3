import { afterEach, describe, expect, it } from 'vitest';
import { bootBot, type Bot } from '../support/escalation-harness';

const T0 = '2026-01-07T10:00:00.000Z';
const plus = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

describe('escalation, whole bot: webhook in, pages out, acknowledgement from the source', () => {
  let bot: Bot | undefined;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  it('pages alice at once and carol after 10 minutes, stops when the source acknowledges, then nudges the quiet incident', async () => {
    bot = await bootBot(T0);
    expect(await bot.webhook({ dedup_key: 'db-down', action: 'trigger', title: 'Database down', severity: 'sev1' })).toBe(202);
    // alice is paged by the webhook's own transaction: the 202 comes with the page, before any tick.
    const before = await bot.running.ctx.db.kysely.selectFrom('timeline_entries').select(['at', 'text']).where('kind', '=', 'incident.paged').execute();
    expect(before.map((e) => `${e.at} ${e.text}`)).toEqual([`${T0} Paged @alice (step 1, round 1)`]);
    for (let m = 0; m <= 11; m++) await bot.tick(plus(m));
    bot.clock.set(plus(11.5));
    expect(await bot.webhook({ dedup_key: 'db-down', action: 'acknowledge' })).toBe(202);
    for (let m = 12; m <= 45; m++) await bot.tick(plus(m));

    const shown = await bot.cli('incident', 'show', 'INC-1', '--json');
    expect(shown.code).toBe(0);
    const timeline: { at: string; kind: string; text: string }[] = JSON.parse(shown.out).timeline;
    expect(timeline.filter((e) => e.kind === 'incident.paged').map((e) => `${e.at} ${e.text}`)).toEqual([`${T0} Paged @alice (step 1, round 1)`, `${plus(10)} Paged @carol (step 2, round 1)`]);
    expect(timeline.filter((e) => e.kind === 'incident.escalated').map((e) => e.text)).toEqual(['Not acknowledged after 10m: escalating to step 2 of 3, round 1 of 3']);
    // Acknowledged at +11.5: quiet for 30 minutes at +41.5, seen at the +42 round.
    expect(timeline.filter((e) => e.kind === 'incident.reminder').map((e) => e.at)).toEqual([plus(42)]);
    // The chain still verifies with the engine's entries in it.
    expect((await bot.cli('timeline', 'verify', 'INC-1')).code).toBe(0);

    const pages = await bot.running.ctx.db.kysely.selectFrom('outbox').select(['platform', 'payload']).where('kind', '=', 'notice.incident_page').orderBy('id').execute();
    expect(pages.map((p) => [p.platform, JSON.parse(p.payload).people.map((x: { slackId: string }) => x.slackId)])).toEqual([
      ['slack', ['U01ALICE']],
      ['slack', ['U01CAROL']],
    ]);
  });

  it('a timer due while the bot was down fires once when it starts again', async () => {
    bot = await bootBot(T0);
    expect(await bot.webhook({ dedup_key: 'disk-full', action: 'trigger', title: 'Disk full' })).toBe(202);
    await bot.tick(T0);
    // Down for 15 minutes (step 2 came due at +10); then the same database, a new process.
    await bot.restart(plus(15));
    await bot.tick(plus(15));
    await bot.tick(plus(15));
    const paged = await bot.running.ctx.db.kysely.selectFrom('timeline_entries').select(['at', 'text']).where('kind', '=', 'incident.paged').orderBy('seq').execute();
    expect(paged.map((e) => `${e.at} ${e.text}`)).toEqual([`${T0} Paged @alice (step 1, round 1)`, `${plus(15)} Paged @carol (step 2, round 1)`]);
  });
});
