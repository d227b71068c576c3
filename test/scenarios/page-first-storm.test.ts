import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../fakes/http-fake-base';
import { bootStormBot, slackIdOf, TEAMS, type StormBot } from './storm-harness';
import { NO_STORM } from '../support/policies';

// Pages before everything (docs/adr/0008-page-first-outbox.md): 100 incidents at once on five
// services, against a fake Slack that rate-limits like Slack's tiers (conversations.create about
// 20 a minute, chat.postMessage about one a second per channel). Every page (the direct message to
// the person on call and the mention in the service's announce channel) is posted before the 20th
// incident channel exists, each once. Then the channels catch up as fast as Slack allows: paced
// by the tiers known in advance, none is refused with a 429, none is made twice, no row is given up.

const PER_TEAM = 20;

interface Row {
  id: number;
  kind: string;
  delivered_at: string | null;
}

const metaOf = (c: RecordedCall) => (c.body as { metadata?: { event_type?: string; event_payload?: { outbox_id?: unknown; part?: unknown } } } | undefined)?.metadata?.event_payload;

describe('a 100-incident storm against Slack rate limits', () => {
  let bot: StormBot;
  beforeAll(async () => {
    // Storm mode off: this storm is about pages before channels, one channel per incident.
    bot = await bootStormBot({ storm: NO_STORM });
  });
  afterAll(async () => bot?.stop());

  it('posts every page before the 20th channel exists, each once', async () => {
    for (let n = 0; n < PER_TEAM; n++) for (const team of TEAMS) expect(await bot.trigger(team, `${team}-${n}`)).toBe(202);
    const rows = async () => (await bot.running.ctx.db.kysely.selectFrom('outbox').select(['id', 'kind', 'delivered_at']).where('platform', '=', 'slack').execute()) as Row[];

    // A second of Slack's time per round, until every page is delivered and 20 channels exist.
    const pagesOf = async () => (await rows()).filter((r) => r.kind === 'notice.incident_page');
    const createdOf = () => bot.slack.calls.filter((c) => c.op === 'conversations.create' && c.status === 200).length;
    for (let round = 0; round < 300; round++) {
      await bot.deliver();
      if ((await pagesOf()).every((r) => r.delivered_at !== null) && createdOf() >= 20) break;
      bot.clock.advance(1_000);
    }
    const pages = new Set((await pagesOf()).filter((r) => r.delivered_at !== null).map((r) => String(r.id)));
    expect(pages.size).toBe(TEAMS.length * PER_TEAM);

    // In the order Slack answered them, successful calls only.
    const answered = bot.slack.calls.map((c, at) => ({ c, at })).filter(({ c }) => c.status === 200);
    const created = answered.filter(({ c }) => c.op === 'conversations.create');
    expect(created.length).toBeGreaterThanOrEqual(20);
    const pagePosts = answered.filter(({ c }) => c.op === 'chat.postMessage' && pages.has(String(metaOf(c)?.outbox_id)));
    const parts = pagePosts.map(({ c }) => `${String(metaOf(c)?.outbox_id)}/${String(metaOf(c)?.part)}`);
    expect(new Set(parts).size).toBe(parts.length);
    expect(parts).toHaveLength(2 * pages.size);
    expect(pagePosts.filter(({ at }) => at > created[19]!.at).map(({ c }) => String(metaOf(c)?.outbox_id))).toEqual([]);

    for (const team of TEAMS) {
      expect(bot.slack.dms(slackIdOf(team))).toHaveLength(PER_TEAM);
      expect(bot.slack.messages(bot.announce[team]).filter((m) => m.text?.startsWith('📟'))).toHaveLength(PER_TEAM);
    }
  }, 120_000);

  it('then creates every channel as fast as conversations.create allows, none twice, with no 429 and no attempt used up', async () => {
    const started = bot.clock.now().getTime();
    const open = async () => (await bot.running.ctx.db.kysely.selectFrom('outbox').select(['id', 'attempts', 'last_error']).where('delivered_at', 'is', null).execute()).length;
    for (let round = 0; round < 600 && (await open()) > 0; round++) {
      bot.clock.advance(1_000);
      await bot.deliver();
    }
    expect(await open()).toBe(0);
    const all = await bot.running.ctx.db.kysely.selectFrom('outbox').select(['kind', 'attempts', 'failed_at']).execute();
    expect(all.filter((r) => r.failed_at !== null || Number(r.attempts) > 0)).toEqual([]);
    const names = bot.slack.argsOf('conversations.create').map((a) => String(a.name));
    expect(new Set(names).size).toBe(TEAMS.length * PER_TEAM);
    expect(bot.slack.calls.filter((c) => c.status === 429).map((c) => c.op)).toEqual([]);
    // Tier 2 is 20 a minute: 100 channels take about five minutes of Slack's time, not much more.
    expect(bot.clock.now().getTime() - started).toBeLessThan(6 * 60_000);
  }, 300_000);
});
