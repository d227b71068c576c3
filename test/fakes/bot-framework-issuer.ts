import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const b64url = (value: object | Buffer): string => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

/** The Bot Framework channel's token issuer (`iss` of every token Teams sends a bot). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';
/** One of the issuers botbuilder takes for the Bot Framework Emulator (v1 tokens). */
export const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

/**
 * Plays login.botframework.com for inbound JWTs: OpenID metadata and a JWKS with one RSA key
 * endorsed for `msteams`, and tokens signed with it carrying the claims the Bot Framework channel
 * puts in (`iss`, `aud` = the bot's app id, `serviceurl`). Real RS256 signatures: botbuilder's
 * validator checks them exactly as it checks Microsoft's. `exp`/`nbf` follow the real clock,
 * because that is the clock jsonwebtoken reads.
 */
export class BotFrameworkIssuer {
  private server: http.Server | undefined;
  private origin = '';
  private readonly kid = 'tocsin-test-signing-key';
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  requests = 0;

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      this.requests++;
      const body = req.url?.endsWith('/keys') ? { keys: [{ ...this.key.publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', endorsements: ['msteams'] }] } : { issuer: CHANNEL_ISSUER, jwks_uri: `${this.origin}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /**
   * Bot Framework settings that make botbuilder validate against this issuer. Setting any of them
   * switches botbuilder to fully parameterized authentication, so the public cloud's other
   * values are spelled out beside it.
   */
  endpoints(): Record<string, string> {
    return {
      ToBotFromChannelOpenIdMetadataUrl: `${this.origin}/v1/.well-known/openidconfiguration`,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      // Nothing listens there: a token claiming the Emulator's issuer meets an unreachable key
      // server (as when Microsoft's login is down), not the internet.
      ToBotFromEmulatorOpenIdMetadataUrl: 'http://127.0.0.1:9/common/v2.0/.well-known/openid-configuration',
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: CHANNEL_ISSUER,
      OAuthUrl: 'https://api.botframework.com',
      CallerId: 'urn:botframework:azure',
    };
  }

  /** A channel token for `appId` about activities from `serviceUrl`; `signWith` forges one with another key. */
  token(appId: string, serviceUrl: string, options: { signWith?: KeyObject; claims?: Record<string, unknown> } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const claims = { iss: CHANNEL_ISSUER, aud: appId, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600, ...options.claims };
    const unsigned = `${b64url(header)}.${b64url(claims)}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(options.signWith ?? this.key.privateKey);
    return `${unsigned}.${b64url(signature)}`;
  }
}
