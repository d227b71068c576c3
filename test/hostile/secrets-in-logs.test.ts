import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_KINDS } from '../../src/adapters/webhooks/parsed-webhook';
import { systemClock } from '../../src/app/ports/clock';
import { FakeSlackWithDms } from '../fakes/fake-slack-with-dms';
import { SlackSigner } from '../fakes/slack-signer';
import { cliHarness } from '../support/cli-harness';
import { pollUntil } from '../support/poll';
import { pgUrl, withSchema } from '../support/ha-cluster';
import { bootTocsinProcess, type TocsinProcessBoot } from '../support/boot-tocsin';
import { PROCESS_TOKENS, processPolicy, processTokenEnv } from '../support/policies';
import { slackChat } from '../support/policy-fixture';
import { CHILD_TIMEOUT_MS, spawnTocsin, type TocsinProcess } from '../support/tocsin-process';
import { ENDPOINTS, SAMPLES } from '../support/hostile-requests';

// With known secret values configured (every integration token, the Slack signing secret and bot
// token, the Teams app password, a PostgreSQL password), a whole run — webhooks with right and
// wrong tokens, broken bodies, chat commands, refusals, a database that cannot be reached,
// shutdown — never shows one of them in a log line, an HTTP answer or a command's output.

const SECRETS = {
  SLACK_SIGNING_SECRET: 'signing-5ecret-b7c1e9a04d3f',
  SLACK_BOT_TOKEN: 'xoxb-9999-8888-botTokenSecretZ',
  MICROSOFT_APP_PASSWORD: 'teams-app-pa55word~Q7xK',
  DB_PASSWORD: 'pg-Pa55w0rd-do-not-log',
  ...PROCESS_TOKENS,
};

/** A secret as it may travel: itself, URL-encoded, and inside an HTTP Basic header. */
function forms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(`user:${secret}`).toString('base64'), Buffer.from(`am:${secret}`).toString('base64')];
}

function leaks(text: string): string[] {
  return Object.entries(SECRETS).flatMap(([name, secret]) => (forms(secret).some((f) => text.includes(f)) ? [name] : []));
}

/** `postgres://user:<DB_PASSWORD>@host/db` from TEST_POSTGRES_URL (a trust login ignores the password). */
function withPassword(url: string): string {
  const u = new URL(url);
  u.password = SECRETS.DB_PASSWORD;
  return u.toString();
}

describe('secrets never in logs or answers', { timeout: CHILD_TIMEOUT_MS }, () => {
  let boot: TocsinProcessBoot;
  let tocsin: TocsinProcess;
  let env: Record<string, string>;
  const seen: string[] = [];

  const slack = new FakeSlackWithDms({ clock: systemClock, botToken: SECRETS.SLACK_BOT_TOKEN });
  const signer = new SlackSigner(SECRETS.SLACK_SIGNING_SECRET, systemClock);
  let announce = '';

  beforeAll(async () => {
    const apiUrl = await slack.start();
    slack.addUser({ id: 'UALICE', name: 'alice', email: 'alice@example.com' });
    announce = slack.addChannel({ name: 'incidents' }).id;
    const secrets = {
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000abc',
      MICROSOFT_APP_PASSWORD: SECRETS.MICROSOFT_APP_PASSWORD,
      MICROSOFT_APP_TYPE: 'MultiTenant',
      LOG_LEVEL: 'trace',
      SHUTDOWN_DELAY_MS: '0',
      // Every wrong token must reach the token check (401), not stop at the failure limit's 429.
      AUTH_FAILURE_LIMIT: '0',
    };
    const database: Record<string, string> = pgUrl ? { DATABASE_URL: withSchema(withPassword(pgUrl), `t_secrets_${process.pid}`) } : {};
    boot = await bootTocsinProcess({ policy: processPolicy([slackChat({ announce_channel: announce })]), env: { ...secrets, ...database } });
    env = boot.env;
    tocsin = boot.process;
  }, CHILD_TIMEOUT_MS);
  afterAll(async () => {
    await boot?.stop();
    await slack.stop();
    if (pgUrl) {
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS t_secrets_${process.pid} CASCADE`);
      await admin.end();
    }
  });

  const call = async (path: string, init: RequestInit = {}): Promise<number> => {
    const res = await fetch(tocsin.url + path, { method: 'POST', ...init });
    seen.push(`${res.status} ${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await res.text()}`);
    return res.status;
  };
  const json = (body: unknown, auth?: string): RequestInit => ({ headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('a whole run: webhooks right and wrong, broken bodies, Teams and health endpoints, commands, shutdown', async () => {
    for (const kind of WEBHOOK_KINDS) {
      const token = PROCESS_TOKENS[kind];
      const other = PROCESS_TOKENS[kind === 'generic' ? 'grafana' : 'generic'];
      expect(await call(ENDPOINTS[kind], json(SAMPLES[kind], `Bearer ${token}`))).toBe(202);
      await call(`${ENDPOINTS[kind]}?token=${encodeURIComponent(token)}`, json(SAMPLES[kind]));
      await call(ENDPOINTS[kind], json(SAMPLES[kind], `Basic ${Buffer.from(`am:${token}`).toString('base64')}`));
      // Wrong: another integration's token, the right one cut short, the right one with a typo.
      for (const wrong of [other, token.slice(0, -1), `${token}x`, SECRETS.SLACK_BOT_TOKEN]) {
        expect(await call(ENDPOINTS[kind], json(kind === 'pagerduty' ? { ...(SAMPLES.pagerduty as object), routing_key: wrong } : SAMPLES[kind], `Bearer ${wrong}`))).toBe(401);
        await call(`${ENDPOINTS[kind]}?token=${encodeURIComponent(wrong)}`, json(SAMPLES[kind]));
      }
      // Broken JSON around the token: the parser's message quotes the input, the answer must not.
      await call(ENDPOINTS[kind], json(`{"routing_key":"${token}", "oops": ${token}}`, `Bearer ${token}`));
      await call(ENDPOINTS[kind], json({ title: token, nope: true }, `Bearer ${token}`));
    }
    await call('/api/messages', json({ type: 'message', text: 'hi', serviceUrl: 'http://127.0.0.1:9/', channelId: 'msteams' }, `Bearer ${SECRETS.MICROSOFT_APP_PASSWORD}`));
    await call('/slack/events', { headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-signature': `v0=${SECRETS.SLACK_SIGNING_SECRET}`, 'x-slack-request-timestamp': '1' }, body: `token=${SECRETS.SLACK_BOT_TOKEN}&text=x` });
    for (const text of ['ack INC-1', `note INC-1 ${SECRETS.SLACK_SIGNING_SECRET.slice(0, 6)}`, 'sev 9 INC-1', 'status INC-1']) {
      await call('/slack/events', signer.slashCommand({ command: '/incident', text, user_id: 'UALICE', channel_id: announce, response_url: slack.responseUrl() }));
    }
    await call('/slack/events', signer.slashCommand({ command: '/incident', text: 'ack INC-1', user_id: 'UALICE' }, { secret: 'wrong-secret' }));
    // The Slack worker posts the announcements with the bot token; then Slack starts refusing it.
    await pollUntil(async () => slack.messages(announce).length >= 5, { what: 'announcements in Slack' });
    slack.failNext('*', { error: 'invalid_auth', times: 20 });
    await call(ENDPOINTS.generic, json({ dedup_key: 'after-revoke', action: 'trigger', title: 'Token revoked', severity: 'sev1', source: 's' }, `Bearer ${PROCESS_TOKENS.generic}`));
    await pollUntil(async () => tocsin.lines.some((l) => /invalid_auth/.test(l.text)), { what: 'the refused token in the log' });
    seen.push(...slack.responses().map((r) => JSON.stringify(r)));
    for (const path of ['/healthz', '/readyz', '/metrics', `/nowhere?token=${SECRETS.alertmanager}`]) await call(path, { method: 'GET' });

    const cli = cliHarness({ ...env, LOG_LEVEL: 'silent' });
    for (const argv of [['incident', 'list', '--json'], ['chat', '/incident ack INC-1', '--as', 'alice'], ['chat', `/incident note INC-1 ${SECRETS.SLACK_BOT_TOKEN.slice(0, 4)}…`, '--as', 'alice'], ['config', 'check', env.TOCSIN_CONFIG!], ['timeline', 'verify', 'INC-1'], ['oncall', 'primary', '--json']]) {
      const run = await cli.run(...argv);
      seen.push(run.out, run.err);
    }
    cli.cleanup();

    expect(await tocsin.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    const logged = tocsin.lines.map((l) => l.text);
    expect(logged.length).toBeGreaterThan(20);
    expect(logged.some((l) => /webhook refused/.test(l))).toBe(true);
    // The scan finds what it looks for: every secret is in the environment it was given.
    expect(leaks(JSON.stringify(env)).sort()).toEqual(Object.keys(SECRETS).filter((k) => k !== 'DB_PASSWORD' || pgUrl).sort());
    expect(logged.flatMap(leaks)).toEqual([]);
    expect(seen.flatMap(leaks)).toEqual([]);
  });

  it('a database that cannot be reached: the error names no password', async () => {
    const unreachable = await spawnTocsin({ TOCSIN_CONFIG: env.TOCSIN_CONFIG!, ...processTokenEnv(), DATABASE_URL: `postgres://tocsin:${SECRETS.DB_PASSWORD}@127.0.0.1:9/tocsin` }).catch((e: Error) => e);
    expect(unreachable).toBeInstanceOf(Error);
    expect((unreachable as Error).message).toMatch(/ECONNREFUSED/);
    expect(leaks((unreachable as Error).message)).toEqual([]);
  });
});
