import { afterEach, describe, expect, it } from 'vitest';
import { bootTocsin } from '../support/boot-tocsin';
import { ALICE, BOB, CAROL, bootSlackBot, slackPolicy, type SlackBot } from '../support/slack-harness';

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('Slack edge cases', () => {
  it('adds a suffix when the channel name is taken (an archived channel keeps its name)', async () => {
    const b = (bot = await bootSlackBot());
    b.slack.addChannel({ name: 'inc-1-disk-full' }).is_archived = true;
    await b.webhook({ dedup_key: 'd', action: 'trigger', title: 'Disk full' });
    await b.deliver();
    expect(b.slack.channel('inc-1-disk-full-2')?.members).toEqual(expect.arrayContaining([ALICE, BOB, CAROL]));
    expect((await b.outbox())[0]!.delivered_at).not.toBeNull();
  });

  it('goes on without a responder Slack does not know, and without an announce channel that is gone', async () => {
    const b = (bot = await bootSlackBot());
    b.slack.workspace.users.delete(CAROL);
    b.slack.workspace.channels.delete(b.announce);
    await b.webhook({ dedup_key: 'q', action: 'trigger', title: 'Queue stuck' });
    await b.deliver();
    const channel = b.slack.channel('inc-1-queue-stuck')!;
    expect(channel.members).toEqual(expect.arrayContaining([ALICE, BOB]));
    expect(channel.members).not.toContain(CAROL);
    // The announcement, then the page, written with the incident.
    expect(b.slack.messages(channel.id).map((m) => m.text)).toEqual([
      `🟡 INC-1 [sev3] Queue stuck (triggered). On call: <@${ALICE}>`,
      `📟 Paging <@${ALICE}> for INC-1 (sev3): Queue stuck (step 1, round 1)`,
    ]);
    expect(await b.outbox()).toEqual([1, 2].map(() => expect.objectContaining({ failed_at: null, attempts: 0 })));
  });

  it('records a message about a channel that no longer exists as failed, and delivers the next one', async () => {
    const b = (bot = await bootSlackBot());
    await b.webhook({ dedup_key: 'x', action: 'trigger', title: 'Gone' });
    await b.deliver();
    b.slack.workspace.channels.delete(b.slack.channel('inc-1-gone')!.id);
    await b.webhook({ dedup_key: 'x2', action: 'trigger', title: 'Still here' });
    await b.send(b.signer.slashCommand({ command: '/incident', text: 'sev INC-1 1', user_id: ALICE, channel_id: b.announce, response_url: b.slack.responseUrl() }));
    await b.send(b.signer.slashCommand({ command: '/incident', text: 'sev INC-1 2', user_id: ALICE, channel_id: b.announce, response_url: b.slack.responseUrl() }));
    await b.deliver();
    const rows = await b.outbox();
    // Each webhook wrote its page with the incident.
    expect(rows.map((r) => [r.kind, r.delivered_at !== null, r.failed_at !== null, r.last_error])).toEqual([
      ['notice.incident_opened', true, false, null],
      ['notice.incident_page', true, false, null],
      ['notice.incident_opened', true, false, null],
      ['notice.incident_page', true, false, null],
      ['notice.incident_updated', false, true, 'notice.incident_updated: channel_not_found'],
      ['notice.incident_updated', false, true, 'notice.incident_updated: channel_not_found'],
    ]);
    expect(b.slack.channel('inc-2-still-here')).toBeDefined();
  });

  it('makes one note of a signed /incident note posted twice inside Slack\'s five minutes (the copy gets a 401)', async () => {
    const b = (bot = await bootSlackBot());
    await b.webhook({ dedup_key: 'r', action: 'trigger', title: 'Replayed' });
    await b.deliver();
    const note = b.signer.slashCommand({ command: '/incident', text: 'note failing over', user_id: ALICE, channel_id: b.slack.channel('inc-1-replayed')!.id, response_url: b.slack.responseUrl() });
    expect((await b.send(note)).status).toBe(200);
    b.clock.advance(120_000);
    expect((await b.send(note)).status).toBe(401);
    expect((await b.timeline(1)).filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['failing over']);
  });
});

describe('local mode (no SLACK_BOT_TOKEN)', () => {
  it('logs what would be posted and marks it delivered, for slack and local rows alike', async () => {
    const tocsin = await bootTocsin({ clock: '2026-01-07T10:00:00.000Z', policy: slackPolicy('C0ANNOUNCE'), env: { TOCSIN_GENERIC_TOKEN: 'secret' }, logs: 'info', start: { slackPacing: false } });
    const { running, logs: lines } = tocsin;
    try {
      expect(running.slack.mode).toBe('local');
      const res = await fetch(`${running.url}/webhooks/generic`, { method: 'POST', headers: { authorization: 'Bearer secret', 'content-type': 'application/json' }, body: JSON.stringify({ dedup_key: 'a', action: 'trigger', title: 'Local disk' }) });
      expect(res.status).toBe(202);
      await running.ctx.store.transaction((tx) => tx.outbox.enqueue({ platform: 'local', orderingKey: 'local:x', kind: 'notice.channel_post', payload: { channel: 'C0LOCAL', text: 'hello local' } }));
      // The webhook's two slack rows: the announcement and the page.
      expect(await running.slack.worker.drain()).toBe(2);
      expect(await running.slack.localWorker.drain()).toBe(1);
      const rows = await running.ctx.db.kysely.selectFrom('outbox').select(['platform', 'delivered_at']).execute();
      expect(rows.every((r) => r.delivered_at !== null)).toBe(true);
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['[slack] notice.incident_opened INC-1: Local disk', '[slack] notice.incident_page INC-1: Paging @alice for INC-1 (sev3): Local disk (step 1, round 1)', '[local] notice.channel_post: hello local']));
      expect((await fetch(`${running.url}/slack/events`, { method: 'POST' })).status).toBe(404);
    } finally {
      await tocsin.stop();
    }
  });
});

describe('Socket Mode (SLACK_APP_TOKEN)', () => {
  it('connects through SLACK_API_URL, mounts no HTTP endpoint, and a Slack that refuses does not keep Tocsin down', async () => {
    const b = (bot = await bootSlackBot());
    const tocsin = await bootTocsin({ clock: b.clock, policy: slackPolicy(b.announce), env: { TOCSIN_GENERIC_TOKEN: 'secret', SLACK_BOT_TOKEN: b.slack.botToken, SLACK_APP_TOKEN: 'xapp-1-test', SLACK_API_URL: b.slack.baseUrl }, start: { slackPacing: false } });
    const running = tocsin.running;
    try {
      expect(running.slack.mode).toBe('socket');
      await expect.poll(() => b.slack.callsTo('apps.connections.open').length).toBeGreaterThan(0);
      expect(b.slack.callsTo('apps.connections.open')[0]!.bearer).toBe('xapp-1-test');
      expect((await fetch(`${running.url}/slack/events`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    } finally {
      await tocsin.stop();
    }
  });
});
