import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../../src/adapters/db/connect';
import { slackSignaturesRepo } from '../../../src/adapters/db/slack-signatures-repo';
import { slackEventsEndpoint } from '../../../src/adapters/slack/slack-request-gate';
import { FakeClock } from '../../fakes/fake-clock';
import { SlackSigner, type SignedSlackRequest } from '../../fakes/slack-signer';
import { dialects } from '../../support/dialects';

const SECRET = 'replay-test-signing-secret';

interface Replica {
  readonly url: string;
  /** Bodies that got past the gate, as bolt would receive them. */
  readonly handled: string[];
  readonly warnings: string[];
  close(): Promise<void>;
}

/** The gate of one replica, on its own connection to the shared database, in front of a stand-in for bolt. */
async function replica(db: Db, clock: FakeClock): Promise<Replica> {
  const handled: string[] = [];
  const warnings: string[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handled.push((req as IncomingMessage & { rawBody: Buffer }).rawBody.toString('utf8'));
    res.writeHead(200).end();
  };
  const log = { info: () => undefined, error: () => undefined, warn: (fields: Record<string, unknown>) => void warnings.push(String(fields.problem)) };
  const gate = slackEventsEndpoint({ listener, signingSecret: SECRET, signatures: slackSignaturesRepo(db.kysely), clock, log });
  const server: Server = createServer((req, res) => void gate(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return { url, handled, warnings, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function post(to: Replica, request: SignedSlackRequest): Promise<number> {
  const res = await fetch(to.url, request);
  await res.arrayBuffer();
  return res.status;
}

// Slack's signature is valid for five minutes: without remembering it, the same signed
// `/incident note` posted twice made two notes. Two replicas on one database must agree.
describe.each(dialects)('a signed Slack request is taken once, on any replica ($name)', (dialect) => {
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
  });

  async function twoReplicas() {
    const h = await dialect.open();
    closing.push(h.cleanup);
    // The second replica has its own connection (pool) to the same database.
    const other = await connect(h.url, h.schema ? { schema: h.schema } : {});
    closing.push(() => other.close());
    const clock = new FakeClock('2026-01-07T10:00:00.000Z');
    const [a, b] = [await replica(h.db, clock), await replica(other, clock)];
    closing.push(a.close, b.close);
    return { a, b, clock, db: h.db, signer: new SlackSigner(SECRET, clock) };
  }

  it('refuses the same signed request sent again (401, not handled), and says why', async () => {
    const { a, clock, signer } = await twoReplicas();
    const note = signer.slashCommand({ command: '/incident', text: 'note rolled back' });
    expect(await post(a, note)).toBe(200);
    clock.advance(60_000);
    expect(await post(a, note)).toBe(401);
    expect(a.handled).toEqual([note.body]);
    expect(a.warnings).toEqual([expect.stringContaining('replay')]);
  });

  it('takes two different commands signed in the same second', async () => {
    const { a, signer } = await twoReplicas();
    const first = signer.slashCommand({ command: '/incident', text: 'note one' });
    const second = signer.slashCommand({ command: '/incident', text: 'note two' });
    expect([await post(a, first), await post(a, second)]).toEqual([200, 200]);
    expect(a.handled).toHaveLength(2);
  });

  it('refuses on one replica a request the other already took, and lets exactly one of two racing copies through', async () => {
    const { a, b, signer } = await twoReplicas();
    const note = signer.slashCommand({ command: '/incident', text: 'note once' });
    expect(await post(a, note)).toBe(200);
    expect(await post(b, note)).toBe(401);
    const raced = signer.slashCommand({ command: '/incident', text: 'note raced' });
    const statuses = await Promise.all([post(a, raced), post(b, raced), post(a, raced), post(b, raced)]);
    expect(statuses.sort()).toEqual([200, 401, 401, 401]);
    expect([...a.handled, ...b.handled].filter((body) => body === raced.body)).toHaveLength(1);
  });

  it('is not fooled by rewriting the headers bolt reads loosely (v0=<hash>=x, a zero in front of the timestamp)', async () => {
    const { a, b, signer } = await twoReplicas();
    const note = signer.slashCommand({ command: '/incident', text: 'note' });
    expect(await post(a, note)).toBe(200);
    const suffixed = { ...note, headers: { ...note.headers, 'x-slack-signature': `${note.headers['x-slack-signature']}=x` } };
    const padded = { ...note, headers: { ...note.headers, 'x-slack-request-timestamp': `0${note.headers['x-slack-request-timestamp']}` } };
    expect([await post(b, suffixed), await post(b, padded)]).toEqual([401, 401]);
    expect(b.handled).toEqual([]);
  });

  it('forgets a signature once its window is over', async () => {
    const { a, db, signer } = await twoReplicas();
    const signatures = slackSignaturesRepo(db.kysely);
    expect(await post(a, signer.slashCommand({ command: '/incident', text: 'note' }))).toBe(200);
    // Signed at 10:00:00, so Slack's window for it closes at 10:05:00.
    expect(await signatures.purgeExpired('2026-01-07T10:05:00.000Z')).toBe(0);
    expect(await signatures.purgeExpired('2026-01-07T10:05:00.001Z')).toBe(1);
    expect(await db.kysely.selectFrom('slack_request_signatures').selectAll().execute()).toEqual([]);
  });
});
