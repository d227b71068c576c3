import * as client from 'openid-client';
import type { IdentityClaims } from '../../app/web/sign-in-oidc';
import { publicUrlOf } from '../../app/public-urls';
import { isLoopbackHost } from '../shared/loopback-host';
import { OIDC_CALLBACK_PATH } from './oidc-paths';

/** What must come back with the browser: kept in a signed cookie between the redirect and the callback. */
export interface OidcChecks {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

export interface OidcSignIn {
  /** Where to send the browser to sign in, and the checks its return must pass. */
  start(): Promise<{ readonly url: string; readonly checks: OidcChecks }>;
  /** The provider's answer (the callback's URL) checked: state, nonce, PKCE, the ID token's signature, issuer, audience and times. */
  finish(callback: URL, checks: OidcChecks): Promise<IdentityClaims>;
}

export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** PUBLIC_URL: the callback is `<PUBLIC_URL>/auth/oidc/callback`, registered with the provider. */
  readonly publicUrl: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The claims Tocsin reads, from the ID token and (for what it lacks) the userinfo answer. */
function identityOf(claims: Record<string, unknown>): IdentityClaims {
  const email = text(claims.email);
  const slackUserId = text(claims['https://slack.com/user_id']);
  const entraObjectId = text(claims.oid);
  return {
    subject: String(claims.sub),
    ...(email ? { email } : {}),
    ...(typeof claims.email_verified === 'boolean' ? { emailVerified: claims.email_verified } : {}),
    ...(slackUserId ? { slackUserId } : {}),
    ...(entraObjectId ? { entraObjectId } : {}),
  };
}

/**
 * OpenID Connect sign-in with `openid-client`: the authorization code flow with state, nonce and
 * PKCE; the client authenticates with its secret. Slack's and Microsoft Entra's issuers work. The
 * provider's metadata is discovered on first use (and again after a failure), so a provider that
 * is down at start does not stop Tocsin. Plain http is allowed for a loopback issuer only (tests,
 * a provider on the same machine).
 */
export function oidcSignIn(settings: OidcSettings): OidcSignIn {
  const redirectUri = publicUrlOf(settings.publicUrl, OIDC_CALLBACK_PATH);
  const issuer = new URL(settings.issuer);
  const insecure = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname);
  let config: Promise<client.Configuration> | undefined;
  const configuration = (): Promise<client.Configuration> => {
    config ??= client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined).catch((e: unknown) => {
      config = undefined;
      throw e;
    });
    return config;
  };
  return {
    async start() {
      const c = await configuration();
      const checks = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(c, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.verifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, checks };
    },
    async finish(callback, checks) {
      const c = await configuration();
      const current = new URL(redirectUri);
      current.search = callback.search;
      const tokens = await client.authorizationCodeGrant(c, current, { expectedState: checks.state, expectedNonce: checks.nonce, pkceCodeVerifier: checks.verifier });
      const claims: Record<string, unknown> = { ...tokens.claims() };
      if (!text(claims.email) && c.serverMetadata().userinfo_endpoint) {
        const info = await client.fetchUserInfo(c, tokens.access_token, String(claims.sub));
        for (const [k, v] of Object.entries(info)) if (claims[k] === undefined) claims[k] = v;
      }
      return identityOf(claims);
    },
  };
}
