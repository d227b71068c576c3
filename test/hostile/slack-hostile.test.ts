import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/app/ports/clock';
import { FakeSlackWithDms } from '../fakes/fake-slack-with-dms';
import { SlackSigner, type SignedSlackRequest } from '../fakes/slack-signer';
import { pollUntil } from '../support/poll';
import { bootTocsinProcess, type TocsinProcessBoot } from '../support/boot-tocsin';
import { PROCESS_TOKENS, processPolicy } from '../support/policies';
import { slackChat } from '../support/policy-fixture';
import { CHILD_TIMEOUT_MS, type TocsinProcess } from '../support/tocsin-process';
import { NASTY_TEXT } from '../support/hostile-requests';

// `POST /slack/events` of a real `tocsin serve` in Slack HTTP mode (Web API: a fake, through
// SLACK_API_URL): unsigned, forged, tampered and replayed requests are refused with 401 before
// anything runs; signed slash commands with any text are answered, never crash it; and what a
// monitoring source or a user wrote reaches Slack escaped: `<!channel>` in a title pings nobody.

const SECRET = 'slack-hostile-signing-secret';

/** Every mrkdwn text in a Block Kit tree (`{type: 'mrkdwn', text}`): where Slack turns `<!channel>` into a ping. */
function mrkdwnTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(mrkdwnTexts);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Record<string, unknown>;
  const own = o.type === 'mrkdwn' && typeof o.text === 'string' ? [o.text] : [];
  return [...own, ...Object.entries(o).filter(([k]) => k !== 'text' || typeof o.text === 'object').flatMap(([, v]) => mrkdwnTexts(v))];
}
const ALICE = 'UALICE';

describe('Slack requests and rendering, hostile', { timeout: CHILD_TIMEOUT_MS }, () => {
  let boot: TocsinProcessBoot;
  let tocsin: TocsinProcess;
  let announce: string;
  const slack = new FakeSlackWithDms({ clock: systemClock });
  const signer = new SlackSigner(SECRET, systemClock);
  const statuses: number[] = [];

  const send = async (request: SignedSlackRequest | { method: 'POST'; headers: Record<string, string>; body: string | Uint8Array }): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${tocsin.url}/slack/events`, request);
    statuses.push(res.status);
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    const apiUrl = await slack.start();
    slack.addUser({ id: ALICE, name: 'alice', email: 'alice@example.com' });
    slack.addUser({ id: 'UBOB', name: 'bob', email: 'bob@example.com' });
    announce = slack.addChannel({ name: 'incidents' }).id;
    const policy = processPolicy([slackChat({ channel_prefix: 'inc', announce_channel: announce, responders: ['bob'] })]);
    boot = await bootTocsinProcess({ policy, env: { SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, SHUTDOWN_DELAY_MS: '0' } });
    tocsin = boot.process;
  }, CHILD_TIMEOUT_MS);
  afterAll(async () => {
    await boot?.stop();
    await slack.stop();
  });

  it('refuses unsigned, forged, tampered and replayed requests with 401, and runs nothing', async () => {
    const fields = { command: '/incident', text: 'declare Forged sev1', user_id: ALICE, channel_id: announce, response_url: slack.responseUrl() };
    const good = signer.slashCommand(fields);
    const now = Math.floor(Date.now() / 1000);
    const refused: (SignedSlackRequest | { method: 'POST'; headers: Record<string, string>; body: string })[] = [
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: good.body },
      signer.slashCommand(fields, { secret: 'not-the-secret' }),
      { ...good, body: good.body.replace('Forged', 'Tampered') },
      { ...good, headers: { ...good.headers, 'x-slack-signature': good.headers['x-slack-signature']!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } },
      { ...good, headers: { ...good.headers, 'x-slack-signature': 'v1=deadbeef' } },
      { ...good, headers: { ...good.headers, 'x-slack-request-timestamp': 'yesterday' } },
      // Correctly signed, but six minutes old (a replay) or six minutes ahead.
      signer.slashCommand(fields, { timestamp: now - 360 }),
      signer.slashCommand(fields, { timestamp: now + 360 }),
    ];
    for (const request of refused) expect((await send(request)).status).toBe(401);
    expect(slack.responses()).toEqual([]);
    await pollUntil(async () => tocsin.lines.filter((l) => /Slack request refused/.test(String(l.json?.msg))).length === refused.length, { what: 'a log line per refusal' });
  });

  it('answers signed slash commands with any text, and keeps answering', async () => {
    const piece = fc.oneof(fc.constantFrom('declare', 'ack', 'note', 'sev', 'resolve', 'list', 'status', 'help', 'INC-1', 'sev1', '@alice', `<@${ALICE}>`, '<!channel>'), fc.constantFrom(...NASTY_TEXT), fc.string({ maxLength: 20 }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/incident', '/oncall'), fc.array(piece, { maxLength: 5 }), async (command, words) => {
        const answer = await send(signer.slashCommand({ command, text: words.join(' '), user_id: ALICE, channel_id: announce, response_url: slack.responseUrl() }));
        expect(answer.status).toBe(200);
        expect(answer.text).not.toMatch(/\n\s+at |node_modules/);
      }),
      { numRuns: 60 },
    );
  });

  it('posts hostile titles escaped: no channel ping, no mention, no link that was not ours', async () => {
    const title = '<!channel> <!here> disk <@U0ADMIN> <https://evil.example|click> & more';
    const res = await fetch(`${tocsin.url}/webhooks/generic`, { method: 'POST', headers: { authorization: `Bearer ${PROCESS_TOKENS.generic}`, 'content-type': 'application/json' }, body: JSON.stringify({ dedup_key: 'markup', action: 'trigger', title, severity: 'sev2', source: 's' }) });
    expect(res.status).toBe(202);
    const posted = await pollUntil(async () => {
      const m = slack.messages(announce).find((x) => JSON.stringify(x).includes('evil.example'));
      return m;
    }, { what: 'the announcement in Slack' });
    // Slack parses mentions and links in `text` and in mrkdwn objects, never in plain_text.
    const parsed = [...slack.workspace.messages.values()].flat().flatMap((m) => [m.text, ...mrkdwnTexts(m.blocks), ...mrkdwnTexts(m.attachments)]);
    for (const raw of ['<!channel>', '<!here>', '<@U0ADMIN>', '<https://evil.example']) expect(parsed.filter((t) => t.includes(raw))).toEqual([]);
    expect(JSON.stringify(posted)).toContain('&lt;!channel&gt;');
    const topics = slack.argsOf('conversations.setTopic').map((a) => String(a.topic));
    for (const topic of topics) expect(topic).not.toMatch(/<!channel>|<@U0ADMIN>/);
  });

  it('takes bodies that are huge or not a form without a 5xx, and still answers /healthz', async () => {
    expect((await send({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'x'.repeat(5 * 1024 * 1024) })).status).toBe(413);
    // The connection it came on is closed, not left waiting for the unread rest of that body (then
    // the next request on it would hang until a 408): the keep-alive pool goes on answering at once.
    for (let i = 0; i < 3; i++) expect((await fetch(`${tocsin.url}/healthz`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
    expect((await send(signer.sign('\u00ff\u00fe garbage', 'application/x-www-form-urlencoded'))).status).toBeLessThan(500);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect((await fetch(`${tocsin.url}/healthz`)).status).toBe(200);
    expect(tocsin.lines.filter((l) => (l.json?.level ?? 0) >= 60 || /uncaught|unhandled/i.test(l.text))).toEqual([]);
  });
});
