import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { App } from '@slack/bolt';
import { SLACK_COMMANDS, SLACK_EVENT_SCOPES, SLACK_METHOD_SCOPES, slackScopesUsed } from '../../../src/adapters/slack/slack-api';
import { registerCapture } from '../../../src/adapters/slack/slack-capture';
import { registerCommands } from '../../../src/adapters/slack/slack-listeners';

const manifest = parse(readFileSync(new URL('../../../manifest.yml', import.meta.url), 'utf8'));
const schema = JSON.parse(readFileSync(new URL('../../fixtures/schemas/slack-manifest-v1.schema.json', import.meta.url), 'utf8'));

/** What the listeners register on a bolt App, recorded by a stand-in that only remembers the calls. */
function registrations() {
  const seen = { commands: [] as string[], events: [] as string[], actions: [] as unknown[] };
  const app = {
    command: (name: string) => void seen.commands.push(name),
    event: (name: string) => void seen.events.push(name),
    action: (constraint: unknown) => void seen.actions.push(constraint),
  } as unknown as App;
  const none = undefined as never;
  registerCommands(app, { runCommand: none, catalog: none, refs: none, clock: none, log: none, inflight: none });
  registerCapture(app, { recordMessage: none, processed: none, channels: none, api: none, clock: none, log: none, inflight: none });
  return seen;
}

describe('manifest.yml', () => {
  it('is a valid Slack app manifest (schema v1, checked offline)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    // The schema's own keyword for string patterns, and the one format it uses.
    ajv.addKeyword({ keyword: 'regex', type: 'string', schemaType: 'string', validate: (re: string, value: string) => new RegExp(re).test(value) });
    ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S+$/i);
    const valid = ajv.validate(schema, manifest);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema bites: a misspelt key or a command without its slash is refused.
    expect(ajv.validate(schema, { ...manifest, settings: { ...manifest.settings, socket_mode: true } })).toBe(false);
    expect(ajv.validate(schema, { ...manifest, features: { ...manifest.features, slash_commands: [{ command: 'incident', description: 'x' }] } })).toBe(false);
  });

  it('asks for exactly the bot scopes the code uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(slackScopesUsed());
  });

  it('declares the slash commands bolt registers, with usage hints, escaped mentions and one request URL', () => {
    const { commands } = registrations();
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(commands);
    expect(commands).toEqual([...SLACK_COMMANDS]);
    for (const c of manifest.features.slash_commands) {
      expect(c.usage_hint.length).toBeGreaterThan(10);
      expect(c.should_escape).toBe(true); // mentions arrive as <@U…|name>, which the parser reads
      expect(c.url).toBe(manifest.settings.event_subscriptions.request_url);
    }
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: manifest.settings.event_subscriptions.request_url });
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe('/slack/events');
  });

  it('subscribes to the events the listeners handle, and registers a handler for the buttons', () => {
    const { events, actions } = registrations();
    // bolt's `message` listener receives the `message.channels` subscription (messages in public channels).
    const subscribed = events.map((e) => (e === 'message' ? 'message.channels' : e)).sort();
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(subscribed);
    expect(subscribed).toEqual(Object.keys(SLACK_EVENT_SCOPES).sort());
    expect(actions).toHaveLength(1);
  });

  it('lists a scope for every Web API method the adapter may call', () => {
    for (const [method, scopes] of Object.entries(SLACK_METHOD_SCOPES)) {
      if (method === 'auth.test') continue;
      expect(scopes.length, method).toBeGreaterThan(0);
      for (const s of scopes) expect(manifest.oauth_config.scopes.bot).toContain(s);
    }
  });
});
