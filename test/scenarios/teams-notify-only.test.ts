import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsHarness } from '../support/teams-harness';

/** A Teams Workflows "When a Teams webhook request is received" trigger: records posts, answers 202 or what the test scripts. */
class FakeWorkflow {
  readonly posts: Record<string, any>[] = [];
  readonly answers: { status: number; headers?: Record<string, string> }[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = this.answers.shift() ?? { status: 202 };
      if (answer.status < 300) this.posts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/workflows/abc/triggers/manual/paths/invoke?sig=secret`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const workflow = new FakeWorkflow();
let h: TeamsHarness;

beforeAll(async () => {
  await workflow.start();
  // The bot is not involved: no app id, no install, only the webhook target in the policy.
  h = await new TeamsHarness({ chat: [{ platform: 'teams', webhook_url_env: 'TEAMS_WORKFLOW_URL' }], env: { TEAMS_WORKFLOW_URL: workflow.url } }).start();
});
afterAll(async () => {
  await h.stop();
  await workflow.stop();
});

const card = (post: Record<string, any>) => post.attachments[0].content as Record<string, any>;

describe('Teams notify-only (Workflows webhook)', () => {
  it('posts the incident card, with the on-call mention and without buttons', async () => {
    await h.alert('db-1', 'Orders database down');
    await h.deliver();
    // The incident card, then the page card: the webhook paged the first step with the incident.
    expect(workflow.posts).toHaveLength(2);
    const [post, page] = workflow.posts;
    const alice = [{ type: 'mention', text: '<at>Alice Example</at>', mentioned: { id: '7faf8ab2-3d56-4244-b585-20c8a42ed2b8', name: 'Alice Example' } }];
    for (const p of [post, page]) {
      expect(p).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null }] });
      expect(card(p!).actions).toBeUndefined();
      expect(card(p!).msteams.entities).toEqual(alice);
      expect(card(p!).body.map((b: { text?: string }) => b.text).join('\n')).toMatch(/Acknowledge with the Tocsin bot/);
    }
    expect(card(post!).body[0].text).toBe('INC-1 · Orders database down');
    expect(card(page!).body[0].text).toBe('Paging @alice for INC-1 (sev2): Orders database down (step 1, round 1)');
    expect(h.connector.calls).toEqual([]);
  });

  it('posts a fresh card on each change, and waits out a 429 with its Retry-After', async () => {
    workflow.answers.push({ status: 429, headers: { 'retry-after': '12' } });
    await h.alert('db-1', 'Orders database down', { action: 'resolve' });
    await h.deliver();
    expect(workflow.posts).toHaveLength(2);
    const [row] = (await h.outbox()).filter((r) => r.delivered_at === null);
    expect(row).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/HTTP 429/) });
    expect(Date.parse(row!.available_at) - h.clock.now().getTime()).toBeGreaterThanOrEqual(12_000);
    h.clock.advance(13_500);
    await h.deliver();
    expect(workflow.posts).toHaveLength(3);
    const resolved = card(workflow.posts[2]!);
    expect(resolved.body.find((b: { facts?: unknown }) => b.facts).facts).toContainEqual({ title: 'Status', value: 'Resolved by monitoring' });
  });

  it('records a refused post as failed instead of retrying it for hours', async () => {
    workflow.answers.push({ status: 400 });
    await h.alert('db-2', 'Replica lag');
    await h.deliver();
    const failed = (await h.outbox()).filter((r) => r.failed_at !== null);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ kind: 'notice.incident_opened', last_error: expect.stringMatching(/HTTP 400/) });
  });
});

describe('Teams local mode (anonymous, the team never installed the bot)', () => {
  it('logs what it would post and counts it as delivered', async () => {
    const local = await new TeamsHarness().start();
    try {
      await local.alert('db-1', 'Orders database down');
      await local.deliver();
      expect(local.logs.some((l) => l.msg === 'local mode (Teams): would post notice.incident_opened for INC-1')).toBe(true);
      expect((await local.outbox()).every((r) => r.delivered_at !== null && r.failed_at === null)).toBe(true);
      expect(local.connector.calls).toEqual([]);
    } finally {
      await local.stop();
    }
  });
});
