import { ConfidentialClientApplication } from '@azure/msal-node';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationParameters } from 'botbuilder';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeBotConnector } from '../fakes/fake-bot-connector';
import { FakeClock } from '../fakes/fake-clock';
import { BOT_FRAMEWORK_SCOPE, FakeMicrosoftLogin, GRAPH_SCOPE } from '../fakes/fake-microsoft-login';
import { loopbackMsalNetworkClient } from '../fakes/msal-loopback-network';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const clock = new FakeClock();
const login = new FakeMicrosoftLogin({ clock });
const connector = new FakeBotConnector({ clock, login });
let serviceUrl: string;
// botframework-connector caches app tokens process-wide by app id and scope: a fresh id per test.
let appSeq = 0;
const nextAppId = (): string => `00000000-0000-0000-0000-${String(++appSeq).padStart(12, '0')}`;

beforeAll(async () => {
  await login.start();
  serviceUrl = await connector.start();
});
afterAll(async () => {
  await connector.stop();
  await login.stop();
});
beforeEach(() => {
  login.reset();
  connector.reset();
});

/** MSAL keeps the real authority; only its transport goes to the fake (see msal-loopback-network.ts). */
function msal(appId: string, secret: string, tenant: string): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: appId, clientSecret: secret, authority: `https://login.microsoftonline.com/${tenant}` },
    system: { networkClient: loopbackMsalNetworkClient(login.baseUrl) },
  });
}

function adapterFor(appId: string, secret: string, tenant: string): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: appId, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT },
    new MsalServiceClientCredentialsFactory(appId, msal(appId, secret, tenant)),
  );
  return new CloudAdapter(auth);
}

const thread = { isGroup: true, channelData: { channel: { id: '19:x@thread.skype' } }, activity: { type: 'message', text: 'hi' } } as ConversationParameters;

describe('FakeMicrosoftLogin', () => {
  it('gives a SingleTenant bot a Bot Framework token that the connector accepts', async () => {
    const appId = nextAppId();
    login.addApp({ clientId: appId, clientSecret: 's3cret', tenantId: TENANT });
    await adapterFor(appId, 's3cret', TENANT).createConversationAsync(appId, 'msteams', serviceUrl, 'https://api.botframework.com', thread, async () => {});
    const [tokenCall] = login.callsTo('token');
    expect(tokenCall.path).toBe(`/${TENANT}/oauth2/v2.0/token`);
    expect(tokenCall.body).toMatchObject({ grant_type: 'client_credentials', client_id: appId, client_secret: 's3cret', scope: BOT_FRAMEWORK_SCOPE });
    const [create] = connector.callsTo('createConversation');
    expect(create.status).toBe(201);
    expect(login.verify(create.bearer, BOT_FRAMEWORK_SCOPE)).toBe(true);
  });

  it('refuses a SingleTenant app asking the botframework.com tenant, and a wrong secret, with AADSTS errors', async () => {
    const appId = nextAppId();
    login.addApp({ clientId: appId, clientSecret: 's3cret', tenantId: TENANT });
    const wrongTenant = adapterFor(appId, 's3cret', 'botframework.com').createConversationAsync(appId, 'msteams', serviceUrl, 'https://api.botframework.com', thread, async () => {});
    await expect(wrongTenant).rejects.toMatchObject({ errorCode: 'unauthorized_client' });
    const otherId = nextAppId();
    login.addApp({ clientId: otherId, clientSecret: 's3cret', tenantId: TENANT });
    const badSecret = adapterFor(otherId, 'nope', TENANT).createConversationAsync(otherId, 'msteams', serviceUrl, 'https://api.botframework.com', thread, async () => {});
    await expect(badSecret).rejects.toMatchObject({ errorCode: 'invalid_client' });
    expect(connector.calls).toHaveLength(0);
  });

  it('speaks the token wire format to plain HTTP too, and the connector refuses foreign tokens', async () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'graph-app', client_secret: 'x', scope: GRAPH_SCOPE });
    const response = await fetch(login.tokenUrl(TENANT), { method: 'POST', body: form });
    const token = (await response.json()) as { token_type: string; expires_in: number; access_token: string };
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect(login.verify(token.access_token, GRAPH_SCOPE)).toBe(true);
    const refused = await fetch(`${serviceUrl}v3/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(401);
    clock.advance(3600 * 1000);
    expect(login.verify(token.access_token, GRAPH_SCOPE)).toBe(false);
    login.failNext('token', { retryAfter: 5 });
    const limited = await fetch(login.tokenUrl(TENANT), { method: 'POST', body: form });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('5');
  });
});
