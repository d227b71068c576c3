import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchLoads } from '../support/watch-loads';

// The server loads the Slack stack only when Slack is configured and the Teams stack only when
// Teams needs it (bolt and botbuilder were ~97 MB of an idle server's 199 MB); openid-client only
// with OIDC_ISSUER; ical-generator with the first calendar feed asked for.
const CHAT_STACKS = ['@slack/bolt', '@slack/web-api', 'botbuilder', 'botframework-connector', '@azure/msal-node', 'nodemailer', 'pg', 'openid-client', 'ical-generator'];
const loaded = watchLoads(CHAT_STACKS);
const { TeamsHarness } = await import('../support/teams-harness');
const { start } = await import('../../src/main/serve');
const { FakeSlackApi } = await import('../fakes/fake-slack-api');
const { createLogger } = await import('../../src/adapters/shared/logger');

/** A Teams Workflows webhook: takes each post and answers 202. */
const posts: unknown[] = [];
const workflow = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    posts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    res.writeHead(202).end();
  });
});
await new Promise<void>((resolve) => workflow.listen(0, '127.0.0.1', resolve));
const workflowUrl = `http://127.0.0.1:${(workflow.address() as AddressInfo).port}/workflows/abc`;

// No Slack token, no Teams app id, no anonymous endpoint: a service notified through a Workflows webhook only.
const teams = new TeamsHarness({ allowAnonymous: false, chat: [{ platform: 'teams', webhook_url_env: 'TEAMS_WORKFLOW_URL' }], env: { TEAMS_WORKFLOW_URL: workflowUrl } });
const slack = new FakeSlackApi();
const dir = mkdtempSync(join(tmpdir(), 'tocsin-lazy-'));
afterAll(async () => {
  await teams.stop();
  await slack.stop();
  workflow.closeAllConnections();
  await new Promise((resolve) => workflow.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('the server loads a chat stack only when it is used', () => {
  it('starts without Slack or Teams configured and loads neither, nor the SMTP client, the PostgreSQL driver, openid-client or ical-generator', async () => {
    await teams.start();
    expect(teams.running.slack.mode).toBe('local');
    expect(teams.running.teams.handler).toBeUndefined();
    expect([...loaded]).toEqual([]);
  });

  it('loads the Teams stack when the worker first has a Teams message, and delivers it', async () => {
    expect((await teams.alert('db-1', 'Orders database down')).status).toBe(202);
    expect(await teams.deliver()).toBeGreaterThan(0);
    expect(posts).toHaveLength(2); // the incident card and the page
    expect([...loaded].sort()).toEqual(['@azure/msal-node', 'botbuilder', 'botframework-connector']);
  });

  it('loads bolt when Slack is configured', async () => {
    const running = await start(
      { DATABASE_URL: `sqlite:${join(dir, 'slack.db')}`, PORT: '0', HOST: '127.0.0.1', SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: 'lazy-loading-secret', SLACK_API_URL: await slack.start() },
      { log: createLogger('silent'), startScheduler: false },
    );
    try {
      expect(running.slack.mode).toBe('http');
      expect(loaded).toContain('@slack/bolt');
      expect(loaded).toContain('@slack/web-api');
    } finally {
      await running.stop();
    }
  });

  it('loads openid-client when OIDC is configured', async () => {
    expect(loaded).not.toContain('openid-client');
    const oidc = { OIDC_ISSUER: 'http://127.0.0.1:9/oidc', OIDC_CLIENT_ID: 'tocsin', OIDC_CLIENT_SECRET: 'lazy-loading-secret', PUBLIC_URL: 'http://127.0.0.1:3000' };
    const running = await start({ DATABASE_URL: `sqlite:${join(dir, 'oidc.db')}`, PORT: '0', HOST: '127.0.0.1', ...oidc }, { log: createLogger('silent'), startScheduler: false });
    try {
      expect(loaded).toContain('openid-client');
    } finally {
      await running.stop();
    }
  });
});
