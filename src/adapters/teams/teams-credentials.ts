import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { ConfigurationBotFrameworkAuthentication, StatusCodes } from 'botbuilder';
import { AuthenticationError, MsalServiceClientCredentialsFactory } from 'botframework-connector';
import type { Env } from '../../config/env';
import type { GraphToken } from './graph-channels';
import { LruMap } from '../../domain/lru-map';

export interface TeamsSettings {
  /** Empty: anonymous mode (Bot Framework Emulator, local tests); no JWT is checked and none is sent. */
  readonly appId: string;
  readonly password?: string;
  readonly tenantId?: string;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  readonly graphUrl: string;
}

/**
 * Seams that only tests use: MSAL's transport (MSAL refuses `http://` authorities, so a local token
 * endpoint is reached by swapping the transport, not the URL) and the Bot Framework endpoint
 * settings (`ToBotFromChannelOpenIdMetadataUrl`…) that point JWT validation at a local issuer.
 */
export interface TeamsAuthHooks {
  readonly networkClient?: INetworkModule;
  readonly botFrameworkEndpoints?: Readonly<Record<string, string>>;
}

const PUBLIC_GRAPH = 'https://graph.microsoft.com';

// National clouds: Graph host → its scope and sign-in host. Any other base (a proxy, a test server)
// speaks for the public cloud.
const CLOUDS: Readonly<Record<string, { readonly scope: string; readonly login: string }>> = {
  'graph.microsoft.com': { scope: PUBLIC_GRAPH, login: 'login.microsoftonline.com' },
  'graph.microsoft.us': { scope: 'https://graph.microsoft.us', login: 'login.microsoftonline.us' },
  'dod-graph.microsoft.us': { scope: 'https://dod-graph.microsoft.us', login: 'login.microsoftonline.us' },
  'microsoftgraph.chinacloudapi.cn': { scope: 'https://microsoftgraph.chinacloudapi.cn', login: 'login.chinacloudapi.cn' },
};

export function graphCloud(graphUrl: string): { readonly scope: string; readonly login: string } {
  return CLOUDS[new URL(graphUrl).hostname] ?? CLOUDS['graph.microsoft.com']!;
}

export function teamsSettings(env: Env): TeamsSettings {
  return {
    appId: env.MICROSOFT_APP_ID ?? '',
    ...(env.MICROSOFT_APP_PASSWORD ? { password: env.MICROSOFT_APP_PASSWORD } : {}),
    ...(env.MICROSOFT_APP_TENANT_ID ? { tenantId: env.MICROSOFT_APP_TENANT_ID } : {}),
    appType: env.MICROSOFT_APP_TYPE ?? 'MultiTenant',
    graphUrl: env.GRAPH_API_URL ?? PUBLIC_GRAPH,
  };
}

function msal(settings: TeamsSettings, tenant: string, loginHost: string, hooks: TeamsAuthHooks): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: settings.appId, clientSecret: settings.password ?? '', authority: `https://${loginHost}/${tenant}` },
    ...(hooks.networkClient ? { system: { networkClient: hooks.networkClient } } : {}),
  });
}

/**
 * Inbound JWT validation and outbound Bot Connector tokens, the Bot Framework way. With a client
 * secret, tokens come from MSAL for the bot's tenant (SingleTenant) or `botframework.com`
 * (MultiTenant); a managed identity is left to botbuilder's own factory.
 */
export function botAuthentication(settings: TeamsSettings, hooks: TeamsAuthHooks = {}): ConfigurationBotFrameworkAuthentication {
  const config = {
    MicrosoftAppId: settings.appId,
    MicrosoftAppPassword: settings.password,
    MicrosoftAppType: settings.appType,
    MicrosoftAppTenantId: settings.tenantId,
    ...hooks.botFrameworkEndpoints,
  };
  const tenant = settings.appType === 'SingleTenant' && settings.tenantId ? settings.tenantId : 'botframework.com';
  const factory = settings.appId && settings.password ? new MsalServiceClientCredentialsFactory(settings.appId, msal(settings, tenant, 'login.microsoftonline.com', hooks)) : undefined;
  return refusingBadTokens(new ConfigurationBotFrameworkAuthentication(config, factory));
}

// What jsonwebtoken throws for a token it cannot accept (bad signature, malformed, expired).
const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder lets jsonwebtoken's own errors through (a forged signature becomes a 500 with the
 * library's message); each is an authentication failure, so it becomes one: 401, nothing done.
 */
function refusingBadTokens(auth: ConfigurationBotFrameworkAuthentication): ConfigurationBotFrameworkAuthentication {
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, header) => {
    try {
      return await authenticate(activity, header);
    } catch (e) {
      if (e instanceof Error && JWT_ERRORS.has(e.name)) throw new AuthenticationError(`Unauthorized: ${e.message}`, StatusCodes.UNAUTHORIZED);
      throw e;
    }
  };
  return auth;
}

// Answers from the token endpoint that asking again will not change: the app, its secret or its
// consent in that tenant is wrong. Anything else (throttling, outages, the network) may pass.
const GRAPH_TENANTS_KEPT = 100;

const PERMANENT = new Set(['invalid_client', 'unauthorized_client', 'invalid_scope', 'invalid_request', 'invalid_grant', 'unsupported_grant_type']);

/**
 * Client-credentials tokens for Graph, one MSAL client per tenant (MSAL caches the token until it
 * expires), for the GRAPH_TENANTS_KEPT tenants used last: a multi-tenant bot hears from tenants it
 * does not choose.
 */
export function graphTokens(settings: TeamsSettings, hooks: TeamsAuthHooks = {}): (tenantId: string) => Promise<GraphToken> {
  const cloud = graphCloud(settings.graphUrl);
  const clients = new LruMap<string, ConfidentialClientApplication>(GRAPH_TENANTS_KEPT);
  return async (tenantId) => {
    if (!settings.appId || !settings.password) return { ok: false, transient: false, reason: 'no Graph credentials: channels need MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD' };
    const tenant = settings.tenantId ?? tenantId;
    let client = clients.get(tenant);
    if (!client) clients.set(tenant, (client = msal(settings, tenant, cloud.login, hooks)));
    try {
      const result = await client.acquireTokenByClientCredential({ scopes: [`${cloud.scope}/.default`] });
      return result?.accessToken ? { ok: true, token: result.accessToken } : { ok: false, transient: true, reason: 'the token endpoint gave no token' };
    } catch (e) {
      const code = (e as { errorCode?: string }).errorCode ?? '';
      return { ok: false, transient: !PERMANENT.has(code), reason: `no Graph token: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
    }
  };
}
