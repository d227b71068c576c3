import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_METHOD_SCOPES } from '../../src/adapters/slack/slack-api';
import { whenText } from '../../src/app/commands/when-text';
import { ALICE, BOB, CAROL, bootSlackBot, type SlackBot } from '../support/slack-harness';

// One incident's life in Slack, through the real bolt HTTP receiver and the fake Web API:
// each test builds on the one before (the channel, the announcement, the timeline).
let bot: SlackBot;
let channel: string;

const texts = (ref: string) => bot.slack.messages(ref).map((m) => m.text);
const blocksOf = (m: { blocks?: unknown }) => JSON.stringify(m.blocks ?? []);

async function command(text: string, options: { command?: string; user?: string; channel?: string } = {}) {
  const url = bot.slack.responseUrl();
  const answer = await bot.send(bot.signer.slashCommand({ command: options.command ?? '/incident', text, user_id: options.user ?? ALICE, channel_id: options.channel ?? channel, response_url: url }));
  return { answer, responses: bot.slack.responses(url) as { response_type: string; text: string }[] };
}

beforeAll(async () => {
  bot = await bootSlackBot();
});
afterAll(() => bot.stop());

describe('an alert in Slack', () => {
  it('opens a channel, invites the on-call person and the responders, announces with buttons and mentions', async () => {
    expect(await bot.webhook({ dedup_key: 'disk-1', action: 'trigger', title: 'Disk full <!channel> on db-1', severity: 'sev2', links: [{ url: 'https://grafana.example.com/d/disk', title: 'Disk dashboard' }] })).toBe(202);
    // The announcement and the page: the webhook wrote both with the incident. (A one-step policy
    // has nothing to use up, so no "automatic paging has stopped" line.)
    expect(await bot.deliver()).toBe(2);
    const created = bot.slack.channel('inc-1-disk-full-channel-on-db-1');
    expect(created).toBeDefined();
    channel = created!.id;
    expect(created!.members).toEqual(expect.arrayContaining([ALICE, BOB, CAROL])); // carol found by email
    expect(bot.slack.argsOf('users.lookupByEmail')).toEqual([{ email: 'carol@example.com' }]);
    expect(created!.topic.value).toBe('🟠 sev2 · Triggered · On it: Alice Adams · INC-1: Disk full ‹!channel> on db-1');
    expect(bot.slack.bookmarks(channel)).toMatchObject([{ title: 'Disk dashboard', link: 'https://grafana.example.com/d/disk' }]);

    const [announcement] = bot.slack.messages(channel);
    expect(announcement!.text).toContain(`<@${ALICE}>`);
    // The alert title cannot ping the channel: escaped everywhere Slack parses mrkdwn.
    expect(announcement!.text).toContain('&lt;!channel&gt;');
    expect(blocksOf(announcement!)).not.toMatch(/"type":"mrkdwn","text":"[^"]*<!channel>/);
    expect(blocksOf(announcement!)).toContain('"action_id":"tocsin.ack"');
    expect(blocksOf(announcement!)).toContain('"action_id":"tocsin.escalate"');
    expect(blocksOf(announcement!)).toContain(whenText('2026-01-07T10:00:00.000Z', 'Europe/Berlin'));
    const [inAnnounce] = bot.slack.messages(bot.announce);
    expect(blocksOf(inAnnounce!)).toContain(`<#${channel}>`);
    // No PUBLIC_URL: no link to a web page (slack-incident-links.test.ts has them).
    expect(blocksOf(announcement!)).not.toContain('in Tocsin');
    const link = await bot.running.ctx.store.read.channels.byChannel('slack', channel);
    expect(link).toMatchObject({ incidentId: 1, name: 'inc-1-disk-full-channel-on-db-1' });
  });

  it('pages the on-call person with the incident, no scheduler round needed: a mention in the channel and a direct message', async () => {
    expect(texts(channel).slice(1)).toEqual([
      `📟 Paging <@${ALICE}> for INC-1 (sev2): Disk full &lt;!channel&gt; on db-1 (step 1, round 1)`,
    ]);
    expect(bot.slack.dms(ALICE).map((m) => m.text)).toEqual([expect.stringMatching(/You are paged for INC-1 \[sev2\].*Acknowledge with `\/incident ack INC-1`\.$/)]);
    // The scheduler finds nothing left to page: nobody is paged twice.
    await bot.tick();
    expect(texts(channel)).toHaveLength(2);
    expect(bot.slack.dms(ALICE)).toHaveLength(1);
    expect((await bot.timeline(1)).filter((e) => e.kind === 'incident.paged').map((e) => e.text)).toEqual(['Paged @alice (step 1, round 1)']);
  });
});

describe('slash commands', () => {
  it('acknowledges at once, then answers in the channel, updates the announcements in place and the topic', async () => {
    const before = bot.slack.messages(channel).length;
    const { answer, responses } = await command('ack');
    expect(answer).toEqual({ status: 200, text: '' });
    expect(responses).toEqual([{ response_type: 'in_channel', replace_original: false, text: `INC-1: Acknowledged by <@${ALICE}>` }]);
    await bot.deliver();
    const [announcement] = bot.slack.messages(channel);
    expect(announcement!.edited).toBeDefined();
    expect(blocksOf(announcement!)).not.toContain('tocsin.ack');
    expect(blocksOf(announcement!)).toContain('Acknowledged by');
    expect(blocksOf(bot.slack.messages(bot.announce)[0]!)).not.toContain('tocsin.ack');
    expect(bot.slack.channel(channel)!.topic.value).toMatch(/^🟠 sev2 · Acknowledged · On it: Alice Adams/);
    // The answer already said it in the channel: the outbox line is not posted a second time.
    expect(bot.slack.messages(channel)).toHaveLength(before);
    const last = (await bot.timeline(1)).filter((e) => e.kind === 'command').at(-1);
    expect(last).toMatchObject({ actor: { kind: 'person', id: 'alice' }, text: '/incident ack', data: { accepted: true, platform: 'slack' } });
  });

  it('refuses with an ephemeral usage line, never a stack trace', async () => {
    const { responses } = await command('sev 9');
    expect(responses).toEqual([{ response_type: 'ephemeral', replace_original: false, text: expect.stringMatching(/Usage: \/incident/) }]);
    const again = await command('ack');
    expect(again.responses[0]).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('already acknowledged') });
  });

  it('notes, changes severity and assigns a lead (mentions as Slack escapes them), each on the timeline with the Slack user', async () => {
    expect((await command('note Restarted <!here> the writer & checked', { user: BOB })).responses[0]!.text).toBe('Noted on INC-1 by @U0BOB0001: Restarted &lt;!here&gt; the writer &amp; checked'.replace('@U0BOB0001', `<@${BOB}>`));
    await command('sev 1');
    await command(`assign <@${BOB}|bob>`);
    await bot.deliver();
    expect(bot.slack.channel(channel)!.topic.value).toMatch(/^🔴 sev1 · Acknowledged · On it: Bob Brown/);
    const entries = await bot.timeline(1);
    expect(entries.find((e) => e.kind === 'note')).toMatchObject({ actor: { id: 'bob' }, text: 'Restarted <!here> the writer & checked' });
    expect(entries.find((e) => e.kind === 'incident.assigned')).toMatchObject({ data: { assignee: 'bob' } });
  });

  it('answers the views ephemerally: status, timeline, list, help, /oncall', async () => {
    for (const text of ['status', 'timeline', 'list', 'help']) {
      const { responses } = await command(text);
      expect(responses, text).toEqual([expect.objectContaining({ response_type: 'ephemeral' })]);
      expect(responses[0]!.text, text).not.toContain('in Tocsin');
    }
    const { responses } = await command('', { command: '/oncall' });
    expect(responses[0]!.text).toContain(`<@${ALICE}>`);
    const next = await command('next primary', { command: '/oncall' });
    expect(next.responses[0]!.response_type).toBe('ephemeral');
  });

  it('/oncall cover @person <span> writes an override from chat', async () => {
    const { responses } = await command(`cover <@${BOB}|bob> 2h`, { command: '/oncall' });
    expect(responses[0]!.text).toMatch(/bob|Bob|U0BOB/);
    const overrides = await bot.running.ctx.store.read.catalog.overrides('primary', new Date('2026-01-01'), new Date('2026-02-01'));
    expect(overrides.map((o) => o.personId)).toContain('bob');
  });

  it('declares a new incident from chat, which gets its own channel', async () => {
    const { responses } = await command('declare Checkout is slow sev3 storefront', { channel: bot.announce });
    expect(responses[0]).toMatchObject({ response_type: 'in_channel', text: expect.stringContaining('INC-2 declared') });
    await bot.deliver();
    expect(bot.slack.channel('inc-2-checkout-is-slow')).toBeDefined();
  });
});

describe('buttons', () => {
  const press = async (action: string, ref: string, user = ALICE, where = bot.announce) => {
    const url = bot.slack.responseUrl('actions');
    const answer = await bot.send(bot.signer.buttonPress({ user, channel: where, responseUrl: url, actionId: action, value: ref }));
    return { answer, responses: bot.slack.responses(url) as { response_type: string; text: string }[] };
  };

  it('Acknowledge, Escalate and Resolve run the same commands as typing them', async () => {
    const ack = await press('tocsin.ack', 'INC-2');
    expect(ack.answer.status).toBe(200);
    expect(ack.responses[0]).toMatchObject({ response_type: 'in_channel', text: `INC-2: Acknowledged by <@${ALICE}>` });
    const escalate = await press('tocsin.escalate', 'INC-2', BOB);
    expect(escalate.responses[0]!.text).toMatch(/INC-2/);
    const resolve = await press('tocsin.resolve', 'INC-2');
    expect(resolve.responses[0]).toMatchObject({ response_type: 'in_channel', text: expect.stringContaining('INC-2 resolved by') });
    const commands = (await bot.timeline(2)).filter((e) => e.kind === 'command').map((e) => [e.actor.id, e.text]);
    expect(commands).toEqual([['alice', '/incident declare Checkout is slow sev3 storefront'], ['alice', '/incident ack INC-2'], ['bob', '/incident escalate INC-2'], ['alice', '/incident resolve INC-2']]);
    await bot.deliver();
    const summary = texts('inc-2-checkout-is-slow').at(-1);
    expect(summary).toMatch(/^✅ INC-2 resolved by <@U0ALICE01> after/);
  });
});

describe('who may do what, through the real Slack stack', () => {
  it('a button pressed or a command typed by a Slack user the policy does not name is refused, said why and recorded', async () => {
    const press = await bot.send(bot.signer.blockActions({ type: 'block_actions', user: { id: 'U0STRANGER', username: 'x', team_id: 'T0TOCSIN01' }, api_app_id: 'A0TOCSINAPP', token: 'verification-token', container: { type: 'message', message_ts: '1.2', channel_id: bot.announce, is_ephemeral: false }, trigger_id: '1.2.x', team: { id: 'T0TOCSIN01', domain: 'tocsin-test' }, channel: { id: bot.announce, name: 'incidents' }, response_url: bot.slack.responseUrl('actions'), actions: [{ action_id: 'tocsin.resolve', block_id: 'incident:INC-1', text: { type: 'plain_text', text: 'x' }, value: 'INC-1', type: 'button', action_ts: '1.3' }] }));
    expect(press.status).toBe(200);
    const typed = await command('resolve INC-1 not mine', { user: 'U0STRANGER' });
    expect(typed.responses[0]).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Not allowed: the policy file does not name you/) });
    expect((await bot.running.ctx.store.read.incidents.byNumber(1))?.status).not.toBe('resolved');
    const refused = (await bot.timeline(1)).filter((e) => e.kind === 'command' && e.actor.id === 'U0STRANGER').map((e) => [e.text, e.data.accepted]);
    expect(refused).toEqual([['/incident resolve INC-1', false], ['/incident resolve INC-1 not mine', false]]);
  });

  it('a person the policy names by email only is recognised by the email Slack confirms (users.info)', async () => {
    const { responses } = await command('note INC-1 checking the replicas', { user: CAROL });
    expect(responses[0]?.text).not.toMatch(/Not allowed/);
    // Asked once per user, an unknown one included, and never for users matched by Slack id.
    expect(bot.slack.argsOf('users.info')).toEqual([{ user: 'U0STRANGER' }, { user: CAROL }]);
    const note = (await bot.timeline(1)).filter((e) => e.kind === 'note').at(-1);
    expect(note).toMatchObject({ text: 'checking the replicas', actor: { id: 'carol' } });
  });
});

describe('resolving', () => {
  it('posts a summary with duration, time to acknowledge and who did what; the buttons go', async () => {
    bot.clock.advance(42 * 60_000);
    await command('resolve Freed 40 GB of WAL');
    await bot.deliver();
    const summary = bot.slack.messages(channel).at(-1)!;
    expect(summary.text).toBe(`✅ INC-1 resolved by <@${ALICE}> after 42m; time to acknowledge: 0s (by <@${ALICE}>).`);
    expect(blocksOf(summary)).toContain('Freed 40 GB of WAL');
    expect(blocksOf(summary)).toContain('Who did what');
    expect(blocksOf(summary)).toContain(`<@${BOB}>: note`);
    for (const m of [bot.slack.messages(channel)[0]!, bot.slack.messages(bot.announce)[0]!]) expect(blocksOf(m)).not.toContain('"type":"actions"');
  });

  it('archives the channel when the archive timer fires (archive_after: 1h)', async () => {
    bot.clock.advance(61 * 60_000);
    await bot.tick();
    expect(bot.slack.channel(channel)!.is_archived).toBe(true);
  });

  it('called only Web API methods listed with their scopes (and the fake granted only the manifest\'s)', () => {
    const methods = new Set(bot.slack.calls.map((c) => c.op).filter((op) => op !== 'response_url'));
    for (const m of methods) expect(Object.keys(SLACK_METHOD_SCOPES)).toContain(m);
    expect(bot.slack.calls.filter((c) => (c.body as { error?: string } | undefined)?.error === 'missing_scope')).toEqual([]);
  });
});
