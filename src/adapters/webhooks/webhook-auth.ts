import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** An integration as the policy file declares it; `token` is already read from its `token_env`. */
export interface WebhookIntegration {
  readonly id: string;
  readonly kind: string;
  readonly token: string;
  readonly serviceId?: string;
}

/**
 * The tokens a request presents: `Authorization: Bearer <token>` (Alertmanager
 * `http_config.authorization`, Grafana, Datadog custom headers), HTTP Basic with the token as
 * password and any username, and `?token=` for senders that can only set a URL.
 */
export function presentedTokens(request: { readonly headers: IncomingHttpHeaders; readonly url?: string }): string[] {
  const tokens: string[] = [];
  const authorization = request.headers.authorization?.trim() ?? '';
  const [scheme = '', ...rest] = authorization.split(/\s+/);
  const credentials = rest.join(' ');
  if (/^bearer$/i.test(scheme) && credentials) tokens.push(credentials);
  if (/^basic$/i.test(scheme) && credentials) {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) tokens.push(decoded.slice(colon + 1));
  }
  const url = request.url ?? '/';
  // Without a '?' there is no query to read: most senders put the token in a header.
  if (url.includes('?') && URL.canParse(url, 'http://localhost')) tokens.push(...new URL(url, 'http://localhost').searchParams.getAll('token'));
  return tokens.filter((t) => t !== '');
}

/**
 * The integration of `kind` whose token is among `presented`, or undefined. Every candidate is
 * compared, in constant time over SHA-256 digests (equal lengths whatever the token lengths), so
 * the answer time says nothing about how close a guess was. An integration with an empty token
 * (its env variable unset) never matches.
 */
export function findIntegration<I extends WebhookIntegration>(
  kind: string,
  presented: readonly string[],
  integrations: readonly I[],
): I | undefined {
  const offered = presented.map(digest);
  let found: I | undefined;
  for (const integration of integrations) {
    if (integration.kind !== kind || integration.token === '') continue;
    const expected = tokenDigest(integration);
    let matched = false;
    for (const candidate of offered) matched = timingSafeEqual(candidate, expected) || matched;
    if (matched && found === undefined) found = integration;
  }
  return found;
}

function digest(token: string): Buffer {
  return hash('sha256', token, 'buffer');
}

/**
 * The digest of an integration's own token, worked out once per integration object (they live
 * until the next policy reload) rather than on every request. What is compared per request, and
 * how, does not change: the timing still says nothing about the presented token.
 */
const tokenDigests = new WeakMap<WebhookIntegration, { readonly token: string; readonly digest: Buffer }>();

function tokenDigest(integration: WebhookIntegration): Buffer {
  const known = tokenDigests.get(integration);
  if (known?.token === integration.token) return known.digest;
  const fresh = { token: integration.token, digest: digest(integration.token) };
  tokenDigests.set(integration, fresh);
  return fresh.digest;
}
