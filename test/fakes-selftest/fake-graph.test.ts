import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../fakes/fake-clock';
import { FakeGraph } from '../fakes/fake-graph';
import { FakeMicrosoftLogin, GRAPH_SCOPE } from '../fakes/fake-microsoft-login';

const TEAM = '57fb72d0-d811-46f4-8947-305e6072eaa5';
const TENANT = '0fddfdc5-f319-491f-a514-be1bc1bf9ddc';
const clock = new FakeClock();
const login = new FakeMicrosoftLogin({ clock });
const graph = new FakeGraph({ clock, login, tenantId: TENANT });
let graphUrl: string;
let token: string;

beforeAll(async () => {
  await login.start();
  graphUrl = await graph.start();
});
afterAll(async () => {
  await graph.stop();
  await login.stop();
});
beforeEach(async () => {
  graph.reset();
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'tocsin', client_secret: 'x', scope: GRAPH_SCOPE });
  const response = await fetch(login.tokenUrl(TENANT), { method: 'POST', body: form });
  token = ((await response.json()) as { access_token: string }).access_token;
});

function createChannel(displayName: string, bearer = token): Promise<Response> {
  return fetch(`${graphUrl}/v1.0/teams/${TEAM}/channels`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ displayName, description: 'INC-7', membershipType: 'standard' }),
  });
}

describe('FakeGraph', () => {
  it('creates a channel and answers 201 with the Graph channel resource', async () => {
    const response = await createChannel('inc-7 disk full');
    expect(response.status).toBe(201);
    const channel = (await response.json()) as Record<string, string>;
    expect(channel.id).toMatch(/^19:[0-9a-f]{32}@thread\.tacv2$/);
    expect(channel).toMatchObject({ displayName: 'inc-7 disk full', description: 'INC-7', membershipType: 'standard', createdDateTime: clock.now().toISOString() });
    expect(channel.webUrl).toBe(`https://teams.microsoft.com/l/channel/${encodeURIComponent(channel.id)}/inc-7%20disk%20full?groupId=${TEAM}&tenantId=${TENANT}`);
    expect(channel['@odata.context']).toContain(`teams('${TEAM}')/channels/$entity`);
    expect(graph.channels(TEAM)).toHaveLength(1);
  });

  it('refuses taken and invalid names like Teams', async () => {
    await createChannel('inc-8');
    const taken = await createChannel('INC-8');
    expect(taken.status).toBe(400);
    expect(await taken.json()).toMatchObject({ error: { code: 'BadRequest', message: 'Channel name already existed, please use other name' } });
    expect((await createChannel('x'.repeat(51))).status).toBe(400);
    expect((await createChannel('a/b')).status).toBe(400);
  });

  it('answers 403 Forbidden when the app lacks Channel.Create, 429 with Retry-After, and 401 without a Graph token', async () => {
    graph.forbid(true);
    const forbidden = await createChannel('inc-9');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'Forbidden', innerError: { 'request-id': expect.any(String) } } });
    graph.forbid(false);
    graph.failNext('createChannel', { retryAfter: 3 });
    const limited = await createChannel('inc-9');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
    expect((await createChannel('inc-9', 'not-a-token')).status).toBe(401);
    expect((await createChannel('inc-9')).status).toBe(201);
  });
});
