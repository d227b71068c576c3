import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestProvider {
  /** `http://127.0.0.1:<port>`: the issuer. */
  readonly issuer: string;
  /** Who signs in at the next authorization request (the provider's own login page, answered at once). */
  signInAs(accountId: string): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (`oidc-provider`) on loopback with one confidential client. Its
 * interaction (login and consent) is answered by the test instead of a form: whoever `signInAs`
 * named logs in and consents to what was asked. Accounts' claims are what `accounts` says.
 */
export async function startTestProvider(client: { id: string; secret: string; redirectUri: string }, accounts: Readonly<Record<string, Record<string, unknown>>>): Promise<TestProvider> {
  let next = '';
  // Made once the server listens: the issuer names its port.
  const made: { provider?: Provider } = {};
  const server: Server = createServer((req, res) => {
    const provider = made.provider!;
    if (!req.url?.startsWith('/interaction/')) return provider.callback()(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({ accountId: next, clientId: client.id });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId: next }, consent: { grantId } }, { mergeWithLastSubmission: false });
    })().catch((e: unknown) => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  made.provider = new Provider(issuer, {
    clients: [{ client_id: client.id, client_secret: client.secret, redirect_uris: [client.redirectUri], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    // A key of its own for each run (without one it signs with development keys and says so on every start).
    jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' }] },
    claims: { openid: ['sub', 'https://slack.com/user_id', 'oid'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, id: string) => (accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) } : undefined),
    pkce: { required: () => true },
  });
  return {
    issuer,
    signInAs: (accountId) => {
      next = accountId;
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
