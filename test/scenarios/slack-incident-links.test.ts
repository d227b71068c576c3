import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, bootSlackBot, type SlackBot } from '../support/slack-harness';

// With PUBLIC_URL set, what Tocsin says about an incident in Slack links to its web page: the
// announcements (incident channel and announce channel, before and after a change), the page's
// direct message and the `/incident status` answer. The whole bot, the real bolt receiver, the
// fake Web API. (slack-incident.test.ts runs without PUBLIC_URL and finds no such link.)
const PAGE = 'https://tocsin.example/incidents/INC-1';
const LINK = `<${PAGE}|INC-1 in Tocsin>`;
let bot: SlackBot;
let channel: string;

const blocksOf = (m: { blocks?: unknown } | undefined) => JSON.stringify(m?.blocks ?? []);

async function command(text: string) {
  const url = bot.slack.responseUrl();
  await bot.send(bot.signer.slashCommand({ command: '/incident', text, user_id: ALICE, channel_id: channel, response_url: url }));
  return bot.slack.responses(url) as { response_type: string; text: string }[];
}

beforeAll(async () => {
  // A trailing slash on PUBLIC_URL makes no double slash in the links.
  bot = await bootSlackBot({ env: { PUBLIC_URL: 'https://tocsin.example/' } });
  expect(await bot.webhook({ dedup_key: 'disk-1', action: 'trigger', title: 'Disk full & <b>', severity: 'sev2' })).toBe(202);
  await bot.deliver();
  channel = bot.slack.channel('inc-1-disk-full-b')!.id;
});
afterAll(() => bot.stop());

describe('links to the incident page in Slack (PUBLIC_URL set)', () => {
  it('the announcement links to the page, in the incident channel and in the announce channel', () => {
    expect(blocksOf(bot.slack.messages(channel)[0])).toContain(LINK);
    expect(blocksOf(bot.slack.messages(bot.announce)[0])).toContain(LINK);
  });

  it("the page's direct message links to the page", () => {
    // The DM waits for nothing, so it names the channel only when it already existed.
    const [dm, ...more] = bot.slack.dms(ALICE).map((m) => m.text);
    expect(more).toEqual([]);
    expect(dm?.replace(` in <#${channel}>`, '')).toBe(`📟 You are paged for INC-1 [sev2] Disk full &amp; &lt;b&gt;. Acknowledge with \`/incident ack INC-1\` or open ${LINK}.`);
  });

  it('/incident status answers with the link under the facts', async () => {
    const [answer] = await command('status');
    expect(answer).toMatchObject({ response_type: 'ephemeral' });
    expect(answer!.text).toMatch(/^INC-1 Disk full &amp; &lt;b&gt;\nsev2 · triggered · /);
    expect(answer!.text.endsWith(`\n${LINK}`)).toBe(true);
  });

  it('an answer that is no view of the incident carries no link', async () => {
    const [answer] = await command('ack');
    expect(answer!.text).not.toContain(PAGE);
  });

  it('the announcements keep the link when they are updated, and once resolved', async () => {
    await bot.deliver();
    expect(bot.slack.messages(channel)[0]!.edited).toBeDefined();
    expect(blocksOf(bot.slack.messages(channel)[0])).toContain(LINK);
    await command('resolve');
    await bot.deliver();
    const [announcement] = bot.slack.messages(channel);
    expect(blocksOf(announcement)).not.toContain('tocsin.resolve');
    expect(blocksOf(announcement)).toContain(LINK);
    expect(blocksOf(bot.slack.messages(bot.announce)[0])).toContain(LINK);
  });
});
