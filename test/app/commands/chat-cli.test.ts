import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/adapters/cli/cli-io';
import { runCli } from '../../../src/main/cli';

const PEOPLE = 'people: [{ id: alice }, { id: bob }]\n';

describe('tocsin chat', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  let io: CliIo;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tocsin-chat-'));
    out = [];
    err = [];
    io = { out: (t) => out.push(t), err: (t) => err.push(t), env: { DATABASE_URL: `sqlite:${join(dir, 'tocsin.db')}` }, readFile: (f) => (f === 'people.yml' ? PEOPLE : undefined) };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a chat command as the person named: exit 0 when accepted, 1 when refused', async () => {
    expect(await runCli(['apply', 'people.yml'], io)).toBe(0);
    out.length = 0;
    expect(await runCli(['chat', '/incident declare Checkout is down sev2', '--as', 'bob'], io)).toBe(0);
    expect(out).toEqual(['INC-1 declared by @bob: Checkout is down (sev2)']);
    expect(await runCli(['chat', '/incident ack INC-1', '--as', 'alice'], io)).toBe(0);
    expect(out[1]).toBe('INC-1: Acknowledged by @alice');
    expect(await runCli(['chat', '/incident ack INC-1', '--as', 'alice'], io)).toBe(1);
    expect(err).toEqual(['INC-1 is already acknowledged by alice.']);

    out.length = 0;
    expect(await runCli(['incident', 'show', 'INC-1', '--json'], io)).toBe(0);
    const shown = JSON.parse(out.join('\n')) as { status: string; timeline: { actor: string; kind: string; text: string }[] };
    expect(shown.status).toBe('acknowledged');
    expect(shown.timeline.filter((e) => e.kind === 'command').map((e) => `${e.actor} ${e.text}`)).toEqual([
      'person:bob /incident declare Checkout is down sev2',
      'person:alice /incident ack INC-1',
      'person:alice /incident ack INC-1',
    ]);
  });

  it('obeys the access rules: a name the policy file does not know may read, not act', async () => {
    expect(await runCli(['apply', 'people.yml'], io)).toBe(0);
    expect(await runCli(['chat', '/incident declare Checkout is down', '--as', 'bob'], io)).toBe(0);
    expect(await runCli(['chat', '/incident resolve INC-1', '--as', 'mallory'], io)).toBe(1);
    expect(err.at(-1)).toMatch(/^Not allowed: the policy file does not name you, so you may only read/);
    expect(await runCli(['chat', '/incident status INC-1', '--as', 'mallory'], io)).toBe(0);
    out.length = 0;
    expect(await runCli(['incident', 'show', 'INC-1', '--json'], io)).toBe(0);
    const shown = JSON.parse(out.join('\n')) as { status: string; timeline: { actor: string; kind: string; text: string }[] };
    expect(shown.status).toBe('triggered');
    expect(shown.timeline.filter((e) => e.kind === 'command').map((e) => `${e.actor} ${e.text}`)).toContain('person:mallory /incident resolve INC-1');
  });

  it('answers a bad command with its usage line, and a missing --as or command with the CLI usage', async () => {
    expect(await runCli(['chat', '/incident sev', '--as', 'alice'], io)).toBe(1);
    expect(err).toEqual(['Missing a severity (1 to 4). Usage: /incident sev [INC-n] <1-4>']);
    expect(await runCli(['chat', '/incident list'], io)).toBe(2);
    expect(err[1]).toMatch(/^--as <person> is missing/);
    expect(await runCli(['chat', '--as', 'alice'], io)).toBe(2);
    expect(await runCli(['chat', 'help'], io)).toBe(0);
    expect(out.at(-1)).toMatch(/^Incidents — [\s\S]*\n\nOn call — /);
  });

  it("prints the incident's web page under `/incident status` when PUBLIC_URL is set, and only then", async () => {
    expect(await runCli(['apply', 'people.yml'], io)).toBe(0);
    expect(await runCli(['chat', '/incident declare Checkout is down', '--as', 'bob'], io)).toBe(0);
    expect(await runCli(['chat', '/incident status INC-1', '--as', 'bob'], io)).toBe(0);
    expect(out.at(-1)).not.toContain('https://');
    io = { ...io, env: { ...io.env, PUBLIC_URL: 'https://tocsin.example' } };
    expect(await runCli(['chat', '/incident status INC-1', '--as', 'bob'], io)).toBe(0);
    expect(out.at(-1)).toMatch(/^INC-1 Checkout is down\n.*\nhttps:\/\/tocsin\.example\/incidents\/INC-1$/);
    expect(await runCli(['chat', '/incident status INC-1', '--as', 'bob', '--json'], io)).toBe(0);
    expect(JSON.parse(out.at(-1)!)).toMatchObject({ incidentRef: 'INC-1', incidentUrl: 'https://tocsin.example/incidents/INC-1' });
  });

  it('prints the reply as JSON with --json', async () => {
    expect(await runCli(['chat', '/incident list', '--as', 'alice', '--json'], io)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual({ ok: true, text: 'No open incidents.', visibility: 'ephemeral' });
  });
});
