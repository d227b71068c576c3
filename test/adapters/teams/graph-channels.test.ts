import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { graphChannels } from '../../../src/adapters/teams/graph-channels';
import { teamsPacer } from '../../../src/adapters/teams/teams-pacing';
import { graphCloud, graphTokens, teamsSettings } from '../../../src/adapters/teams/teams-credentials';
import { parseEnv } from '../../../src/config/env';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeGraph } from '../../fakes/fake-graph';
import { FakeMicrosoftLogin, GRAPH_SCOPE } from '../../fakes/fake-microsoft-login';
import { loopbackMsalNetworkClient } from '../../fakes/msal-loopback-network';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const GROUP = 'c0ffee00-0000-4000-8000-00000000c0de';
const clock = new FakeClock();
const login = new FakeMicrosoftLogin({ clock });
const graph = new FakeGraph({ clock, login });
// MSAL caches app tokens per client: a fresh app id per test.
let seq = 0;

beforeAll(async () => {
  await login.start();
  await graph.start();
});
afterAll(async () => {
  await graph.stop();
  await login.stop();
});
beforeEach(() => {
  login.reset();
  graph.reset();
});

function client(secret = 's3cret', paced = false) {
  const appId = `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
  login.addApp({ clientId: appId, clientSecret: 's3cret', tenantId: TENANT });
  const env = parseEnv({ MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: secret, GRAPH_API_URL: graph.baseUrl });
  if (!env.ok) throw new Error('bad env');
  return graphChannels({ baseUrl: graph.baseUrl, token: graphTokens(teamsSettings(env.env), { networkClient: loopbackMsalNetworkClient(login.baseUrl) }), ...(paced ? { pacer: teamsPacer(clock) } : {}) });
}

const channel = { tenantId: TENANT, groupId: GROUP, displayName: 'inc-1-db-down', description: 'INC-1: DB down' };

describe('Graph channels', () => {
  it('creates a standard channel with an app token for Graph from the team’s tenant', async () => {
    const outcome = await client().create(channel);
    expect(outcome).toMatchObject({ kind: 'created', reused: false, channel: { displayName: 'inc-1-db-down' } });
    const [token] = login.callsTo('token');
    expect(token!.path).toBe(`/${TENANT}/oauth2/v2.0/token`);
    expect(token!.body).toMatchObject({ grant_type: 'client_credentials', scope: GRAPH_SCOPE });
    expect(graph.callsTo('createChannel')[0]!.body).toEqual({ displayName: 'inc-1-db-down', description: 'INC-1: DB down', membershipType: 'standard' });
  });

  it('takes the channel an earlier attempt made instead of failing on its name', async () => {
    const graphClient = client();
    await graphClient.create(channel);
    expect(await graphClient.create(channel)).toMatchObject({ kind: 'created', reused: true });
    expect(graph.channels(GROUP)).toHaveLength(1);
  });

  it('is refused without permission or with a wrong secret, and transient when throttled or down', async () => {
    graph.forbid(true);
    expect(await client().create(channel)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/^Graph answered 403 Forbidden: Missing role permissions/) });
    graph.forbid(false);
    expect(await client('wrong').create(channel)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/^no Graph token: .*invalid_client|^no Graph token: .*AADSTS7000215/) });
    graph.failNext('createChannel', { retryAfter: 20 });
    expect(await client().create(channel)).toEqual({ kind: 'transient', reason: expect.stringMatching(/429 TooManyRequests/), afterMs: 20_000 });
    const down = graphChannels({ baseUrl: 'http://127.0.0.1:1', token: async () => ({ ok: true, token: 't' }) });
    expect(await down.create(channel)).toMatchObject({ kind: 'transient', reason: expect.stringMatching(/^Graph unreachable/) });
  });

  it('paces channel creation by Graph\'s limits on one team (4 a second), without asking; a 429 pauses that team alone', async () => {
    const paced = client('s3cret', true);
    const named = (n: number, groupId = GROUP) => ({ ...channel, groupId, displayName: `inc-${n}` });
    expect(await paced.create(named(1))).toMatchObject({ kind: 'created' });
    expect(await paced.create(named(2))).toMatchObject({ kind: 'created' });
    expect(await paced.create(named(3))).toEqual({ kind: 'paced', afterMs: 500 });
    expect(graph.callsTo('createChannel')).toHaveLength(2);
    clock.advance(500);
    expect(await paced.create(named(3))).toMatchObject({ kind: 'created' });

    clock.advance(60_000);
    graph.failNext('createChannel', { retryAfter: 20 });
    expect(await paced.create(named(4))).toMatchObject({ kind: 'transient', afterMs: 20_000 });
    expect(await paced.create(named(4))).toEqual({ kind: 'paced', afterMs: 20_000 });
    const other = 'c0ffee00-0000-4000-8000-0000000000b2';
    expect(await paced.create(named(5, other))).toMatchObject({ kind: 'created' });
    clock.advance(20_000);
    expect(await paced.create(named(4))).toMatchObject({ kind: 'created' });
    // An attempt after one that made the channel finds it, paced or not.
    clock.advance(60_000);
    expect(await paced.create(named(4))).toMatchObject({ kind: 'created', reused: true });
  });

  it('asks the national cloud a Graph URL belongs to; any other base speaks for the public cloud', () => {
    expect(graphCloud('https://graph.microsoft.us')).toEqual({ scope: 'https://graph.microsoft.us', login: 'login.microsoftonline.us' });
    expect(graphCloud('https://microsoftgraph.chinacloudapi.cn/')).toEqual({ scope: 'https://microsoftgraph.chinacloudapi.cn', login: 'login.chinacloudapi.cn' });
    expect(graphCloud('http://127.0.0.1:4000')).toEqual({ scope: 'https://graph.microsoft.com', login: 'login.microsoftonline.com' });
  });
});
