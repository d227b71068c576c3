import { afterAll, describe, expect, it } from 'vitest';
import { watchLoads } from '../support/watch-loads';

// What only `tocsin serve` uses. Scripts and cron jobs run the CLI many times: a command that
// loads any of this pays for it on every run (the chat SDKs alone were most of a second and tens
// of MB).
const SERVE_ONLY = [
  '@slack/bolt',
  '@slack/web-api',
  'botbuilder',
  'botframework-connector',
  '@azure/msal-node',
  'nodemailer',
  'node-cron',
  'prom-client',
  'ical-generator',
  'pino',
  'pg',
  '../../src/main/serve',
  '../../src/adapters/http/server',
  '../../src/main/scheduler-wiring',
  '../../src/main/slack-wiring',
  '../../src/main/teams-wiring',
];
const loaded = watchLoads(SERVE_ONLY);
// Imported after the mocks are in place, so the CLI's own imports go through them.
const { cliHarness } = await import('../support/cli-harness');

const h = cliHarness();
afterAll(() => h.cleanup());

describe('the CLI loads only what a command uses', () => {
  it.each([
    ['config check', ['config', 'check', 'tocsin.example.yml'], 0],
    ['apply', ['apply', 'tocsin.example.yml'], 0],
    ['oncall --json', ['oncall', '--json'], 0],
    ['incident list', ['incident', 'list', '--json'], 0],
    ['incident show', ['incident', 'show', 'INC-1'], 1],
    ['timeline verify', ['timeline', 'verify', 'INC-1'], 1],
    ['chat', ['chat', '/incident list', '--as', 'dana'], 0],
    ['summary post --dry-run', ['summary', 'post', '--dry-run'], 0],
    ['migrate', ['migrate'], 0],
    ['--help (no command word: help, never a server)', ['--help'], 0],
  ])('%s: no chat SDK, HTTP server, scheduler, logger or PostgreSQL driver', async (_name, argv, code) => {
    const r = await h.run(...argv);
    expect({ code: r.code, err: r.code === code ? '' : r.err }).toEqual({ code, err: '' });
    expect([...loaded]).toEqual([]);
  });

  it('serve is loaded for `tocsin serve` alone (the watch above sees it)', async () => {
    await import('../../src/main/serve');
    expect(loaded).toContain('../../src/main/serve');
  });
});
