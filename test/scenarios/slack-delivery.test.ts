import { afterEach, describe, expect, it } from 'vitest';
import { METADATA_EVENT } from '../../src/adapters/slack/post-once';
import type { SlackMessage } from '../fakes/fake-slack-api';
import { ALICE, bootSlackBot, type SlackBot } from '../support/slack-harness';

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const MIN = 60_000;

async function command(b: SlackBot, text: string, channel: string) {
  await b.send(b.signer.slashCommand({ command: '/incident', text, user_id: ALICE, channel_id: channel, response_url: b.slack.responseUrl() }));
}

/** Every message Tocsin posted anywhere, with the outbox row and part its metadata names. */
function posts(b: SlackBot): { channel: string; row: unknown; part: unknown; message: SlackMessage }[] {
  return [...b.slack.workspace.messages].flatMap(([channel, list]) =>
    list.flatMap((message) => {
      const meta = message.metadata as { event_type?: string; event_payload?: { outbox_id?: unknown; part?: unknown } } | undefined;
      return meta?.event_type === METADATA_EVENT ? [{ channel, row: meta.event_payload?.outbox_id, part: meta.event_payload?.part, message }] : [];
    }),
  );
}

describe('delivery that loses nothing', () => {
  it('Slack down for a while, and a restart in between: everything arrives once Slack is back, in order, none twice', async () => {
    const b = (bot = await bootSlackBot());
    b.slack.down(true);
    await b.webhook({ dedup_key: 'api-5xx', action: 'trigger', title: 'API 5xx above 5%', severity: 'sev2' });
    await b.deliver();
    // Commands keep working while Slack is unreachable: their effects and outbox rows are stored.
    await command(b, 'ack INC-1', b.announce);
    await command(b, 'sev INC-1 1', b.announce);
    await b.webhook({ dedup_key: 'queue-lag', action: 'trigger', title: 'Queue lag', severity: 'sev3' });
    for (let i = 0; i < 4; i++) {
      b.clock.advance(2 * MIN);
      await b.deliver();
    }
    const waiting = await b.outbox();
    expect(waiting.every((r) => r.delivered_at === null && r.failed_at === null)).toBe(true);
    expect(waiting[0]!.attempts).toBeGreaterThanOrEqual(3);
    expect(waiting[0]!.last_error).toMatch(/HTTP 503/);

    await b.restart(); // nothing in memory survives; everything is in the database
    b.slack.down(false);
    for (let i = 0; i < 6; i++) {
      b.clock.advance(5 * MIN);
      await b.deliver();
    }
    // Each webhook wrote its incident's page with the incident: it waits out Slack's outage like
    // everything else. (A one-step policy has nothing to use up: no "automatic paging has stopped".)
    const rows = await b.outbox();
    expect(rows.map((r) => [r.kind, r.delivered_at !== null, r.failed_at])).toEqual([
      ['notice.incident_opened', true, null],
      ['notice.incident_page', true, null],
      ['notice.incident_updated', true, null],
      ['notice.incident_updated', true, null],
      ['notice.incident_opened', true, null],
      ['notice.incident_page', true, null],
    ]);
    expect(b.slack.callsTo('conversations.create').filter((c) => c.status === 200).map((c) => (c.body as { name: string }).name)).toEqual(['inc-1-api-5xx-above-5', 'inc-2-queue-lag']);
    // In order: the announcement (since updated in place to the latest state), the page, then the
    // two changes, each once.
    expect(b.slack.messages('inc-1-api-5xx-above-5').map((m) => m.text)).toEqual([
      '🔴 INC-1 [sev1] API 5xx above 5% (acknowledged).',
      `📟 Paging <@${ALICE}> for INC-1 (sev2): API 5xx above 5% (step 1, round 1)`,
      `INC-1: Acknowledged by <@${ALICE}>`,
      `INC-1: Severity sev2 → sev1 by <@${ALICE}>`,
    ]);
    expect(b.slack.dms(ALICE).map((m) => m.text)).toEqual([expect.stringContaining('You are paged for INC-1'), expect.stringContaining('You are paged for INC-2')]);
    // The announcement shows the latest state (updated in place), and nothing was posted twice.
    expect(b.slack.messages('inc-1-api-5xx-above-5')[0]!.edited).toBeDefined();
    const keys = posts(b).map((p) => `${p.row}/${p.part}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Per incident two announcements, the page in the channel and its direct message; and INC-1's
    // two changes.
    expect(keys.length).toBe(2 * 4 + 2);
  });

  it('a 429 pauses that method alone for its Retry-After, without using up an attempt; the page does not wait', async () => {
    const b = (bot = await bootSlackBot({ pacing: true }));
    b.slack.failNext('conversations.setTopic', { retryAfter: 30 });
    await b.webhook({ dedup_key: 'cert', action: 'trigger', title: 'Certificate expires in 3 days', severity: 'sev3' });
    await b.deliver();
    const [opened, page] = await b.outbox();
    expect(opened).toMatchObject({ attempts: 0, delivered_at: null, last_error: 'notice.incident_opened: rate limited' });
    expect(Date.parse(opened!.available_at) - b.clock.now().getTime()).toBe(30_000);
    // The page went on without waiting: a direct message, and its mention in the channel already made.
    const paging = `📟 Paging <@${ALICE}> for INC-1 (sev3): Certificate expires in 3 days (step 1, round 1)`;
    expect(page).toMatchObject({ kind: 'notice.incident_page', attempts: 0, last_error: null });
    expect(page!.delivered_at).not.toBeNull();
    expect(b.slack.dms(ALICE)).toHaveLength(1);
    expect(b.slack.messages('inc-1-certificate-expires-in-3-days').map((m) => m.text)).toEqual([paging]);

    // Meanwhile a second incident: its channel is made and its page sent; its topic waits for the
    // pause without asking Slack again.
    b.clock.advance(5_000);
    await b.webhook({ dedup_key: 'disk', action: 'trigger', title: 'Disk full', severity: 'sev3' });
    await b.deliver();
    expect(b.slack.callsTo('conversations.create')).toHaveLength(2);
    expect(b.slack.callsTo('conversations.setTopic')).toHaveLength(1);
    expect(b.slack.dms(ALICE)).toHaveLength(2);
    const second = (await b.outbox()).find((r) => r.kind === 'notice.incident_opened' && r.id !== opened!.id)!;
    expect(second).toMatchObject({ attempts: 0, delivered_at: null, last_error: 'notice.incident_opened: conversations.setTopic paced' });
    expect(Date.parse(second.available_at)).toBeGreaterThanOrEqual(Date.parse(opened!.available_at));

    for (let s = 0; s < 40 && (await b.outbox()).some((r) => r.delivered_at === null); s++) {
      b.clock.advance(1_000);
      await b.deliver();
    }
    expect((await b.outbox()).map((r) => [r.kind, r.attempts, r.delivered_at !== null])).toEqual([
      ['notice.incident_opened', 0, true],
      ['notice.incident_page', 0, true],
      ['notice.incident_opened', 0, true],
      ['notice.incident_page', 0, true],
    ]);
    expect(b.slack.callsTo('conversations.create')).toHaveLength(2);
    expect(b.slack.messages('inc-1-certificate-expires-in-3-days').map((m) => m.text)).toEqual([paging, `🟡 INC-1 [sev3] Certificate expires in 3 days (triggered). On call: <@${ALICE}>`]);
  });

  it('a title that escapes past Slack limits is clipped, not refused: the announcement lands with its buttons', async () => {
    const b = (bot = await bootSlackBot());
    // 1,023 characters (the generic webhook keeps up to 1,024) that escape to 4,433: past a section's 3,000.
    await b.webhook({ dedup_key: 'amp', action: 'trigger', title: '<&>'.repeat(341), severity: 'sev2' });
    await b.deliver();
    expect((await b.outbox()).map((r) => [r.kind, r.failed_at, r.last_error])).toEqual([['notice.incident_opened', null, null], ['notice.incident_page', null, null]]);
    const blocks = b.slack.messages(b.announce)[0]!.blocks as { type: string; text?: { text: string } }[];
    const section = blocks.find((x) => x.type === 'section') as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(3_000);
    expect(section.text.text).toMatch(/^\*INC-1\* · (&lt;|&amp;|&gt;)+…$/);
    expect(blocks.some((x) => x.type === 'actions')).toBe(true);
  });

  it('blocks Slack refuses anyway: the announcement goes as plain text, once, and later updates edit it', async () => {
    const b = (bot = await bootSlackBot());
    await b.webhook({ dedup_key: 'odd', action: 'trigger', title: 'Odd blocks', severity: 'sev2' });
    // The page's direct message waits for no channel: delivered first, so the refusal below meets the announcement.
    expect(await b.running.slack.pageWorker.drain()).toBe(1);
    b.slack.failNext('chat.postMessage', { error: 'invalid_blocks' });
    await b.deliver();
    expect((await b.outbox()).every((r) => r.delivered_at !== null && r.failed_at === null)).toBe(true);
    const channel = 'inc-1-odd-blocks';
    const [first] = b.slack.messages(channel);
    expect(first).toMatchObject({ text: `🟠 INC-1 [sev2] Odd blocks (triggered). On call: <@${ALICE}>` });
    expect(first!.blocks).toBeUndefined();
    expect(posts(b).filter((p) => p.part === 'announcement')).toHaveLength(1);
    await command(b, 'ack INC-1', channel);
    await b.deliver();
    expect(b.slack.messages(channel)[0]).toMatchObject({ ts: first!.ts, text: '🟠 INC-1 [sev2] Odd blocks (acknowledged).', edited: expect.anything() });
  });

  it('a restart after Slack took a post but before the row was marked delivered does not post it again', async () => {
    const b = (bot = await bootSlackBot());
    await b.webhook({ dedup_key: 'oom', action: 'trigger', title: 'OOM kills', severity: 'sev2' });
    // The page goes first, on its own lane: a direct message and a mention in the announce channel.
    expect(await b.running.slack.pageWorker.drain()).toBe(1);
    // Slack receives the second announcement but the answer never reaches Tocsin: it is "stopped".
    const parked = b.slack.hold('chat.postMessage');
    const first = b.slack.hold('chat.postMessage');
    const delivering = b.deliver();
    await parked.arrived;
    parked.release(); // the channel's announcement goes through
    await first.arrived; // the announce channel's is parked: Slack has it, we have no answer
    const restarting = b.restart(); // closes the database under the delivery in flight
    first.release();
    await Promise.allSettled([delivering, restarting]);
    b.clock.advance(10 * MIN); // past the lease
    await b.deliver();
    expect((await b.outbox()).every((r) => r.delivered_at !== null)).toBe(true);
    const keys = posts(b).map((p) => `${p.row}/${p.part}`);
    // The announcements once each, and the page (announce channel and direct message) written by
    // the webhook with the incident.
    expect(keys.sort()).toEqual(['1/announcement', '1/announcement:service', '2/dm:alice', '2/page']);
    // It was found by its metadata in the channel's history, not guessed.
    expect(b.slack.argsOf('conversations.history')).toEqual([expect.objectContaining({ channel: b.announce, include_all_metadata: 'true' })]);
  });
  it('a restart while Slack was creating the channel adopts that channel instead of making a second one', async () => {
    const b = (bot = await bootSlackBot());
    await b.webhook({ dedup_key: 'disk', action: 'trigger', title: 'Disk full', severity: 'sev2' });
    expect(await b.running.slack.pageWorker.drain()).toBe(1);
    // Slack makes the channel but its answer never reaches Tocsin: the process is "killed".
    const creating = b.slack.hold('conversations.create');
    const delivering = b.deliver();
    await creating.arrived;
    const restarting = b.restart();
    creating.release();
    await Promise.allSettled([delivering, restarting]);
    b.clock.advance(10 * MIN); // past the lease
    await b.deliver();
    expect((await b.outbox()).every((r) => r.delivered_at !== null)).toBe(true);
    // The retry's create is told `name_taken` and finds the channel the first one made.
    const created = b.slack.callsTo('conversations.create');
    expect(created.map((c) => [String((c.body as { name?: unknown }).name), c.status])).toEqual([['inc-1-disk-full', 200], ['inc-1-disk-full', 200]]);
    expect(b.slack.argsOf('conversations.list')).toHaveLength(1);
    const channel = b.slack.channel('inc-1-disk-full')!;
    expect(b.slack.channel('inc-1-disk-full-2')).toBeUndefined();
    expect(posts(b).filter((p) => p.part === 'announcement').map((p) => p.channel)).toEqual([channel.id]);
  });
});
