import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, bootSlackBot, type SlackBot } from '../support/slack-harness';

// Text from alerts is shown as text (SPEC "Who may do what"): an alert title naming a Slack user id,
// a person of the policy, a user group, a channel or a link mentions and links nothing, in the
// page, the command answers or the announcement. Only the mentions Tocsin writes (the person
// paged, who acknowledged) are mentions. The whole bot, in process, against the fake Slack.

const TITLE = '@U0ADMIN999 cc @bob <!subteam^S0ADMINS|admins> <#C0GENERAL> #general https://evil.example/login [Acknowledge here](https://evil.example/login)';

let bot: SlackBot;
let channel: string;

/** Everything Slack would parse for mentions and links: top-level text and mrkdwn objects, posted or answered. */
function parsedTexts(): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string' && o.type !== 'plain_text') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk([...bot.slack.workspace.messages.values()]);
  walk(bot.slack.responses());
  return out;
}

async function command(text: string): Promise<string> {
  const url = bot.slack.responseUrl();
  await bot.send(bot.signer.slashCommand({ command: '/incident', text, user_id: ALICE, channel_id: channel, response_url: url }));
  return (bot.slack.responses(url) as { text: string }[]).map((r) => r.text).join('\n');
}

beforeAll(async () => {
  bot = await bootSlackBot();
  await bot.webhook({ dedup_key: 'hostile', action: 'trigger', title: TITLE, severity: 'sev2' });
  await bot.deliver();
  // The incident's channel as Tocsin recorded it (the page's direct message now goes first, so the
  // first conversation with messages is the DM).
  const incident = await bot.running.ctx.store.read.incidents.byNumber(1);
  channel = (await bot.running.ctx.store.read.channels.forIncident(incident!.id)).find((l) => l.platform === 'slack')!.channelId;
});
afterAll(() => bot.stop());

describe('an alert title that names people, groups, channels and links', () => {
  it('the page mentions the person paged, and nobody the title names', async () => {
    const page = bot.slack.messages(channel).find((m) => m.text.startsWith('📟'))!;
    expect(page.text).toMatch(new RegExp(`^📟 Paging <@${ALICE}> for INC-1 \\(sev2\\): @U0ADMIN999 cc @bob &lt;!subteam`));
  });

  it('command answers quote the title as text, and still mention whom Tocsin names', async () => {
    expect(await command('list')).toContain('@U0ADMIN999 cc @bob &lt;!subteam^S0ADMINS|admins&gt;');
    expect(await command('status INC-1')).toContain('cc @bob');
    expect(await command('timeline INC-1')).toContain('Alert firing: @U0ADMIN999 cc @bob');
    expect(await command('note INC-1 ask @bob and <!here>')).toBe(`Noted on INC-1 by <@${ALICE}>: ask @bob and &lt;!here&gt;`);
    expect(await command('assign INC-1 @bob')).toBe(`INC-1: <@${BOB}> leads the incident (assigned by <@${ALICE}>)`);
  });

  it('nothing anywhere mentions the ids in the title or links its URLs, and mrkdwn is verbatim', async () => {
    await bot.deliver();
    const texts = parsedTexts();
    expect(texts.length).toBeGreaterThan(5);
    for (const raw of ['<@U0ADMIN999', '<!subteam', '<#C0GENERAL', '<https://evil.example', '<http']) expect(texts.filter((t) => t.includes(raw))).toEqual([]);
    // @bob is mentioned where Tocsin made him the lead, never next to the title's words.
    // (A page of bob as the new lead names him first, as Tocsin's own mention; the title's "@bob" after it stays text.)
    expect(texts.filter((t) => t.includes(`cc <@${BOB}>`))).toEqual([]);
    expect(texts.filter((t) => t.startsWith(`📟 Paging <@${BOB}>`)).every((t) => t.includes('cc @bob'))).toBe(true);
    const mrkdwn = JSON.stringify([...bot.slack.workspace.messages.values()]).match(/"type":"mrkdwn"[^}]*/g) ?? [];
    expect(mrkdwn.length).toBeGreaterThan(0);
    for (const object of mrkdwn) expect(object).toContain('"verbatim":true');
    expect(bot.slack.argsOf('chat.postMessage').every((a) => String(a.parse) === 'none' && String(a.link_names) === 'false')).toBe(true);
  });
});
