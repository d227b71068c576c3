import { afterEach, describe, expect, it } from 'vitest';
import { bootBot, type Bot } from '../support/escalation-harness';

/** Tuesday 2026-03-17 02:00 UTC (03:00 in Berlin): an incident in the night. */
const NIGHT = '2026-03-17T02:00:00.000Z';
/** Monday 2026-03-23 09:00 CET: the weekly summary's run, in the week the clocks go forward. */
const RUN = '2026-03-23T08:00:00.000Z';

describe('weekly summary, whole bot', () => {
  let bot: Bot | undefined;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  it('posts once through the outbox, and `tocsin summary post --dry-run` prints the same text', async () => {
    bot = await bootBot(NIGHT);
    await bot.tick(NIGHT);
    // Last week's posts are recorded from here on; this night's page is last week's story.
    await bot.running.ctx.db.kysely.insertInto('summary_posts').values({ summary_id: 'weekly', period_key: '2026-03-16T09:00', posted_at: '2026-03-16T08:00:00.000Z' }).execute();
    expect(await bot.webhook({ dedup_key: 'night', action: 'trigger', title: 'Queue backlog', severity: 'sev2' })).toBe(202);
    await bot.tick(NIGHT);
    await bot.tick('2026-03-17T02:04:00.000Z');
    expect(await bot.webhook({ dedup_key: 'night', action: 'acknowledge' })).toBe(202);
    bot.clock.set('2026-03-17T02:30:00.000Z');
    expect(await bot.webhook({ dedup_key: 'night', action: 'resolve' })).toBe(202);

    // Down over the run: caught up at start, once.
    await bot.restart('2026-03-23T09:15:00.000Z');
    const round = await bot.tick('2026-03-23T09:15:00.000Z');
    expect(round.summaries.map((s) => s.period)).toEqual(['2026-03-23T09:00']);
    await bot.tick('2026-03-23T09:16:00.000Z');
    const posts = await bot.running.ctx.db.kysely.selectFrom('outbox').select(['platform', 'payload']).where('kind', '=', 'notice.channel_post').execute();
    const summaries = posts.map((p) => JSON.parse(p.payload)).filter((p) => p.summary === 'weekly');
    expect(summaries).toHaveLength(1);
    const text: string = summaries[0].text;
    expect(text).toContain('• @bob: Mon 23 Mar 2026 09:00 CET → Mon 30 Mar 2026 09:00 CEST');
    expect(text).toContain('• @alice: Mon 30 Mar 2026 09:00 CEST → Mon 6 Apr 2026 09:00 CEST');
    expect(text).toContain('1 incident: 1 sev2');
    expect(text).toContain('Time to acknowledge: mean 4m, median 4m (1 incident acknowledged)');
    expect(text).toContain('Time to resolve: mean 30m, median 30m (1 incident resolved)');
    expect(text).toContain('Pages: @alice 1 (1 outside working hours)');
    expect(text).toContain('Who is on call now and next, on every rotation: https://tocsin.example.com/oncall');

    const dry = await bot.cli('summary', 'post', '--dry-run', '--at', RUN);
    expect(dry.code).toBe(0);
    expect(dry.out).toBe(`${text}\n\n(dry run: not posted to slack:C01ONCALL)`);
    // A dry run posts nothing and records nothing.
    expect(await bot.running.ctx.db.kysely.selectFrom('summary_posts').select('period_key').orderBy('period_key').execute()).toEqual([{ period_key: '2026-03-16T09:00' }, { period_key: '2026-03-23T09:00' }]);
  });
});
