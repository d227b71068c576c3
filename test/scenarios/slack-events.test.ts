import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whenText } from '../../src/app/commands/when-text';
import { ALICE, BOB, bootSlackBot, type SlackBot } from '../support/slack-harness';

/** The harness clock's start in the policy's zone, as timeline texts write it (`${WHEN}`). */
const WHEN = whenText('2026-01-07T10:00:00.000Z', 'Europe/Berlin');

let bot: SlackBot;
let channel: string;

/** A message a person wrote in a channel (the fake's API only posts as the bot). */
function humanMessage(where: string, user: string, text: string): string {
  const ts = bot.slack.workspace.nextTs();
  bot.slack.workspace.messages.get(where)!.push({ type: 'message', ts, user, text });
  return ts;
}

const entries = async (kind: string) => (await bot.timeline(1)).filter((e) => e.kind === kind);

beforeAll(async () => {
  bot = await bootSlackBot({ capture: 'all' });
  await bot.webhook({ dedup_key: 'db-down', action: 'trigger', title: 'Primary database down', severity: 'sev1' });
  await bot.deliver();
  channel = bot.slack.channel('inc-1-primary-database-down')!.id;
});
afterAll(() => bot.stop());

describe('requests that are not from Slack', () => {
  it('refuses a bad signature with 401 and does nothing', async () => {
    const forged = bot.signer.slashCommand({ command: '/incident', text: 'resolve', channel_id: channel, user_id: ALICE }, { secret: 'not-the-secret' });
    expect(await bot.send(forged)).toEqual({ status: 401, text: '' });
    const tampered = bot.signer.slashCommand({ command: '/incident', text: 'note hi', channel_id: channel, user_id: ALICE });
    expect((await bot.send({ ...tampered, body: tampered.body.replace('note+hi', 'resolve') })).status).toBe(401);
    expect((await bot.send({ ...tampered, headers: { 'content-type': tampered.headers['content-type']! } })).status).toBe(401);
    expect((await bot.running.ctx.store.read.incidents.byNumber(1))!.status).toBe('triggered');
  });

  it('refuses a correctly signed request older than five minutes (a replay) with 401', async () => {
    const now = Math.floor(bot.clock.now().getTime() / 1000);
    const replay = bot.signer.slashCommand({ command: '/incident', text: 'ack', channel_id: channel, user_id: ALICE }, { timestamp: now - 301 });
    expect((await bot.send(replay)).status).toBe(401);
    const fresh = bot.signer.slashCommand({ command: '/incident', text: 'status', channel_id: channel, user_id: ALICE, response_url: bot.slack.responseUrl() }, { timestamp: now - 299 });
    expect((await bot.send(fresh)).status).toBe(200);
    expect((await bot.running.ctx.store.read.incidents.byNumber(1))!.status).toBe('triggered');
  });

  it('answers the endpoint check Slack sends when the Request URL is saved', async () => {
    const res = await bot.send(bot.signer.urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('acknowledges a command before running it (Slack\'s 3 seconds)', async () => {
    const url = bot.slack.responseUrl();
    const parked = bot.slack.hold('response_url');
    const res = await fetch(`${bot.running.url}/slack/events`, bot.signer.slashCommand({ command: '/incident', text: 'status', channel_id: channel, user_id: ALICE, response_url: url }));
    expect(res.status).toBe(200); // answered while the command's reply is still parked
    expect(await res.text()).toBe('');
    await parked.arrived;
    parked.release();
    await bot.running.slack.idle();
    expect(bot.slack.responses(url)).toHaveLength(1);
  });
});

describe('the timeline from the channel', () => {
  it('adds a message reacted to with 📌, with who pinned it, who wrote it and when (date and zone)', async () => {
    const ts = humanMessage(channel, BOB, 'Replica lag is 40 min, failing over');
    const res = await bot.send(bot.signer.event({ type: 'reaction_added', user: ALICE, reaction: 'pushpin', item: { type: 'message', channel, ts }, item_user: BOB, event_ts: ts }));
    expect(res.status).toBe(200);
    const [pinned] = await entries('chat.pinned');
    expect(pinned).toMatchObject({ actor: { kind: 'person', id: 'alice' }, data: { platform: 'slack', channel, message: ts, author: 'bob' } });
    expect(pinned!.text).toBe(`📌 @alice pinned a message by @bob posted ${WHEN}: Replica lag is 40 min, failing over`);
  });

  it('handles a retried event (X-Slack-Retry-Num) only once', async () => {
    const ts = humanMessage(channel, BOB, 'Failover done');
    const event = { type: 'reaction_added', user: ALICE, reaction: 'pushpin', item: { type: 'message', channel, ts }, item_user: BOB, event_ts: ts };
    const first = bot.signer.event(event, { event_id: 'Ev0RETRY01' });
    // Slack signs each delivery when it sends it: a retry 3 s (then a minute) later has a new timestamp.
    const sentAt = Number(first.headers['x-slack-request-timestamp']);
    const retry = bot.signer.eventEnvelope(JSON.parse(first.body), { retryNum: 1, retryReason: 'http_timeout', timestamp: sentAt + 3 });
    const [a, b] = await Promise.all([bot.send(first), bot.send(retry)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await bot.send(bot.signer.eventEnvelope(JSON.parse(first.body), { retryNum: 2, retryReason: 'http_timeout', timestamp: sentAt + 63 }))).status).toBe(200);
    expect((await entries('chat.pinned')).filter((e) => e.data.message === ts)).toHaveLength(1);
  });

  it('ignores other reactions and pins outside incident channels', async () => {
    const elsewhere = humanMessage(bot.announce, BOB, 'not an incident channel');
    const historyCalls = bot.slack.callsTo('conversations.history').length;
    await bot.send(bot.signer.event({ type: 'reaction_added', user: ALICE, reaction: 'pushpin', item: { type: 'message', channel: bot.announce, ts: elsewhere }, event_ts: elsewhere }));
    await bot.send(bot.signer.event({ type: 'reaction_added', user: ALICE, reaction: 'eyes', item: { type: 'message', channel, ts: elsewhere }, event_ts: elsewhere }));
    expect(bot.slack.callsTo('conversations.history')).toHaveLength(historyCalls);
    expect(await entries('chat.pinned')).toHaveLength(2);
  });

  it('with capture_messages: all, records every message and later edits and deletions as new entries', async () => {
    const ts = humanMessage(channel, BOB, 'Rolling back deploy 41');
    await bot.send(bot.signer.event({ type: 'message', channel, user: BOB, text: 'Rolling back deploy 41', ts, channel_type: 'channel' }));
    await bot.send(bot.signer.event({ type: 'message', subtype: 'message_changed', channel, hidden: true, ts: bot.slack.workspace.nextTs(), message: { type: 'message', user: BOB, text: 'Rolling back deploy 42', ts, edited: { user: BOB, ts: '1' } }, previous_message: { type: 'message', user: BOB, text: 'Rolling back deploy 41', ts } }));
    await bot.send(bot.signer.event({ type: 'message', subtype: 'message_deleted', channel, hidden: true, deleted_ts: ts, ts: bot.slack.workspace.nextTs(), previous_message: { type: 'message', user: BOB, text: 'Rolling back deploy 42', ts } }));
    // Bots (ours included) and messages in other channels are not recorded.
    await bot.send(bot.signer.event({ type: 'message', subtype: 'bot_message', channel, bot_id: 'B0OTHER', text: 'beep', ts: bot.slack.workspace.nextTs() }));
    await bot.send(bot.signer.event({ type: 'message', channel: bot.announce, user: BOB, text: 'elsewhere', ts: bot.slack.workspace.nextTs() }));
    const texts = (await bot.timeline(1)).filter((e) => e.kind.startsWith('chat.') && e.kind !== 'chat.pinned').map((e) => [e.kind, e.actor.id, e.text]);
    expect(texts).toEqual([
      // The channel's opening is on the timeline, as on Teams (one use case for both).
      ['chat.channel', 'tocsin', 'Slack channel #inc-1-primary-database-down opened'],
      ['chat.message', 'bob', `@bob (posted ${WHEN}): Rolling back deploy 41`],
      ['chat.edited', 'bob', `✏️ @bob edited a message posted ${WHEN}; it now reads: Rolling back deploy 42`],
      ['chat.deleted', 'bob', `🗑️ A message by @bob posted ${WHEN} was deleted (it read: Rolling back deploy 42)`],
    ]);
  });
});
