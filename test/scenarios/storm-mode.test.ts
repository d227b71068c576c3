import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootStormBot, slackIdOf, type StormBot } from './storm-harness';

// Storm mode (SPEC "Alert storms") through the real Slack stack, against a fake Slack that
// rate-limits like Slack's tiers: 30 incidents in half a minute on one service whose threshold is
// 10. The first 10 get channels; the other 20 are still paged (direct messages), get no channel,
// and are listed in one digest message in the announce channel, updated in place. A channel comes
// when asked (command, button, acknowledgement), once; a quiet minute ends the storm.

const ONCALL = slackIdOf('pay');
let bot: StormBot;

interface OutboxRow {
  kind: string;
  delivered_at: string | null;
  failed_at: string | null;
}

const outbox = async () => (await bot.running.ctx.db.kysely.selectFrom('outbox').select(['kind', 'delivered_at', 'failed_at']).where('platform', '=', 'slack').execute()) as OutboxRow[];

/** Delivers, a second of Slack's time per round, until nothing is left to deliver. */
async function settle(): Promise<void> {
  for (let round = 0; round < 120; round++) {
    await bot.deliver();
    if ((await outbox()).every((r) => r.delivered_at !== null || r.failed_at !== null)) return;
    bot.clock.advance(1_000);
  }
  throw new Error('the outbox did not settle');
}

const created = () => bot.slack.calls.filter((c) => c.op === 'conversations.create' && c.status === 200).length;
const announced = () => bot.slack.messages(bot.announce.pay);
const digests = () => announced().filter((m) => /^🌪️ \d+ new incidents? on /.test(m.text));
const channelOf = async (number: number) => {
  const incident = await bot.running.ctx.store.read.incidents.byNumber(number);
  return incident ? bot.running.ctx.store.read.channels.forIncident(incident.id) : [];
};
const kindsOn = async (number: number) => {
  const incident = await bot.running.ctx.store.read.incidents.byNumber(number);
  return incident ? (await bot.running.ctx.store.read.timeline.list(incident.id)).map((e) => e.kind) : [];
};

async function command(text: string, user = ONCALL): Promise<{ text: string }[]> {
  const url = bot.slack.responseUrl();
  expect(await bot.send(bot.signer.slashCommand({ command: '/incident', text, user_id: user, channel_id: bot.announce.pay, response_url: url }))).toBe(200);
  return bot.slack.responses(url) as { text: string }[];
}

beforeAll(async () => {
  bot = await bootStormBot({ storm: { incidents_per_minute: 10 }, startAt: '2026-01-07T10:00:00.000Z' });
});
afterAll(async () => bot?.stop());

describe('a storm of 30 incidents in a minute on one service (threshold 10)', () => {
  it('opens channels for the first 10, pages all 30, and lists the other 20 in one digest updated in place', async () => {
    for (let n = 1; n <= 30; n++) {
      expect(await bot.trigger('pay', `pay-${n}`)).toBe(202);
      await bot.deliver();
      bot.clock.advance(1_000);
    }
    await settle();

    expect(created()).toBe(10);
    for (let n = 1; n <= 10; n++) expect(await channelOf(n)).toHaveLength(1);
    for (let n = 11; n <= 30; n++) expect(await channelOf(n)).toHaveLength(0);
    expect(bot.slack.dms(ONCALL)).toHaveLength(30);

    const started = announced().filter((m) => m.text.startsWith('🌪️ Storm started on pay'));
    expect(started).toHaveLength(1);
    expect(digests()).toHaveLength(1);
    const digest = digests()[0]!;
    expect(digest.text).toBe('🌪️ 20 new incidents on pay in the last minute: INC-11…INC-30, top alerts: pay alert pay-11 (1), pay alert pay-12 (1), pay alert pay-13 (1)');
    expect(digest.edited).toBeDefined();
    expect(JSON.stringify(digest.blocks)).toContain('tocsin.channel.11');

    // Coalesced: one row per 5 s refresh slot of the minute, not one per incident.
    const rows = (await outbox()).filter((r) => r.kind === 'notice.storm_digest');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.length).toBeLessThanOrEqual(7);
    const updates = bot.slack.calls.filter((c) => c.op === 'chat.update' && (c.body as { ts?: string } | undefined)?.ts === digest.ts);
    expect(updates.length).toBe(rows.length - 1);

    expect(await kindsOn(11)).toContain('incident.storm_started');
    expect(await kindsOn(30)).toContain('incident.storm_started');
    expect(await kindsOn(10)).not.toContain('incident.storm_started');
    expect(await kindsOn(30)).toContain('incident.paged');
  }, 60_000);

  it('a storm incident resolved at the source, with no channel asked for, is not said on its own in the announce channel', async () => {
    const before = announced().length;
    expect(await bot.trigger('pay', 'pay-20', 'resolve')).toBe(202);
    await settle();
    expect((await bot.running.ctx.store.read.incidents.byNumber(20))?.status).toBe('resolved');
    expect(announced().slice(before).map((m) => m.text)).toEqual([]);
    expect(await channelOf(20)).toHaveLength(0);
  }, 30_000);

  it('/incident channel INC-n opens one channel and invites who asked; asked again, still one', async () => {
    // Someone from another team joins: the channel opens with them in it, beside the on-call.
    const first = await command('channel INC-12', slackIdOf('web'));
    expect(first[0]?.text).toMatch(/^Opening a channel for INC-12/);
    await settle();
    expect(await channelOf(12)).toHaveLength(1);
    const [link] = await channelOf(12);
    expect(bot.slack.channel(link!.channelId)!.members).toEqual(expect.arrayContaining([ONCALL, slackIdOf('web')]));
    // The digest says so, and its button for INC-12 is gone.
    const blocks = JSON.stringify(digests()[0]!.blocks);
    expect(blocks).toContain('Channels asked for: INC-12.');
    expect(blocks).not.toContain('tocsin.channel.12"');
    expect(blocks).toContain('tocsin.channel.15"');
    const again = await command('channel INC-12');
    expect(again[0]?.text).toMatch(/already asked for/);
    await settle();
    expect(await channelOf(12)).toHaveLength(1);
    expect(created()).toBe(11);
  }, 30_000);

  it('a bad /incident channel gets the usage line', async () => {
    const answer = await command('channel');
    expect(answer[0]?.text).toContain('/incident channel INC-n');
  });

  it('acknowledging an incident of the storm opens its channel, and the digest button does too', async () => {
    await command('ack INC-13');
    const url = bot.slack.responseUrl('actions');
    const press = bot.signer.buttonPress({ user: ONCALL, channel: bot.announce.pay, responseUrl: url, actionId: 'tocsin.channel.14', value: 'INC-14', blockId: 'storm-digest:pay', messageTs: digests()[0]!.ts });
    expect(await bot.send(press)).toBe(200);
    await settle();
    expect(await channelOf(13)).toHaveLength(1);
    expect(await channelOf(14)).toHaveLength(1);
    expect(created()).toBe(13);
  }, 30_000);

  it('an incident declared by hand during the storm gets its channel: someone is on it already', async () => {
    const answer = await command('declare checkout down by hand sev2 pay');
    expect(answer[0]?.text).toMatch(/^INC-31 declared/);
    await settle();
    expect(await channelOf(31)).toHaveLength(1);
    expect(await kindsOn(31)).not.toContain('incident.storm_started');
  }, 30_000);

  it('ends after a quiet minute: said in the announce channel and on the timeline of every storm incident', async () => {
    // The storm started with INC-11 at 10:00:10; its first minute held 20 incidents, the next none.
    bot.clock.set('2026-01-07T10:01:10.000Z');
    await bot.tick();
    expect(announced().filter((m) => m.text.startsWith('☀️'))).toHaveLength(0);
    bot.clock.set('2026-01-07T10:02:10.000Z');
    await bot.tick();
    await settle();
    const ended = announced().filter((m) => m.text.startsWith('☀️ Storm ended on pay'));
    expect(ended).toHaveLength(1);
    expect(ended[0]!.text).toContain('20 incidents opened during it (INC-11…INC-30)');
    for (const n of [11, 20, 30]) expect(await kindsOn(n)).toContain('incident.storm_ended');
    expect(await kindsOn(5)).not.toContain('incident.storm_ended');

    // And the next incident gets its own channel again.
    expect(await bot.trigger('pay', 'pay-after')).toBe(202);
    await settle();
    expect(await channelOf(32)).toHaveLength(1);
  }, 30_000);
});
