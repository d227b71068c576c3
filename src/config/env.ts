import * as z from 'zod';
import type { Problem } from '../domain/problem';
import { E164 } from '../domain/paging/notify-rule';
import { looksLikeUrl, redactUrl } from './redact-url';

// The environment Tocsin reads, validated once at start. Each key carries its help text; secrets
// are marked so they print as *** (habit 11 of STYLE.md).

const port = z.coerce.number().int().min(0).max(65535);
const url = z.string().url();
const opt = <T extends z.ZodTypeAny>(s: T) => s.optional();

/** How long a claim on an outbox row or a timer lasts unless renewed (docs/adr/0010-short-leases.md). */
export const DEFAULT_LEASE_SECONDS = 15;

export const ENV_SCHEMA = z.object({
  PORT: port.default(3000).describe('TCP port of the HTTP listener'),
  HOST: z.string().min(1).default('0.0.0.0').describe('address the HTTP listener binds to'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'expected sqlite:<path>, sqlite::memory: or postgres://…')
    .default('sqlite:./data/tocsin.db')
    .describe('sqlite:./data/tocsin.db (default), sqlite::memory:, or postgres://… for high availability'),
  TOCSIN_CONFIG: opt(z.string().min(1)).describe('path of the policy file (default ./tocsin.yml when present)'),
  PUBLIC_URL: opt(url).describe('base of links Tocsin posts (calendar feeds, incident pages)'),
  SLACK_BOT_TOKEN: opt(z.string().regex(/^xox[a-z]-/, 'expected a Slack bot token (xoxb-…)')).describe('Slack bot token'),
  SLACK_SIGNING_SECRET: opt(z.string().min(8)).describe('Slack signing secret (HTTP mode)'),
  SLACK_APP_TOKEN: opt(z.string().regex(/^xapp-/, 'expected an app-level token (xapp-…)')).describe('when set, Slack Socket Mode instead of HTTP'),
  SLACK_API_URL: opt(url).describe("Slack Web API base (default Slack's; GovSlack and tests set it)"),
  MICROSOFT_APP_ID: opt(z.string().min(1)).describe('Teams bot: Azure Bot app id'),
  MICROSOFT_APP_PASSWORD: opt(z.string().min(1)).describe('Teams bot: client secret'),
  MICROSOFT_APP_TENANT_ID: opt(z.string().min(1)).describe('Teams bot: tenant id (single tenant bots)'),
  MICROSOFT_APP_TYPE: opt(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])).describe('Teams bot: MultiTenant, SingleTenant or UserAssignedMSI'),
  GRAPH_API_URL: opt(url).describe('Microsoft Graph base (default the public cloud)'),
  SLACK_PACING: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe("false: call the Slack Web API without pacing each method by Slack's rate-limit tiers (only for Slack-compatible test servers without Slack's limits)"),
  TEAMS_PACING: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe("false: call the Bot Connector and Graph without pacing them by Teams' documented rate limits (only for test servers without those limits)"),
  TEAMS_ALLOW_ANONYMOUS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('true: without MICROSOFT_APP_ID, /api/messages takes unauthenticated activities (Bot Framework Emulator only) and answers only loopback serviceUrls; otherwise it answers 404 without an app id'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024).describe('largest webhook body taken, in bytes (default 8 MiB)'),
  WEBHOOK_RATE_LIMIT: z.coerce
    .number()
    .min(0)
    .default(100)
    .describe('webhooks per second taken from one integration on each replica, with bursts of ten seconds\' worth; over it, senders that retry get 503 + Retry-After (0 = no limit)'),
  AUTH_FAILURE_LIMIT: z.coerce
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('failed authentications (401) from one client address (an IPv6 /64) in a minute, on the webhooks, /v2/enqueue, /api/messages and calendar feeds, after which it gets 429 + Retry-After until the minute is over (0 = no limit); behind a reverse proxy, set TRUSTED_PROXIES'),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.ipv4(), z.ipv6()], { error: 'expected IP addresses, comma-separated' })))
    .describe('addresses of reverse proxies in front of Tocsin (comma-separated): behind them the client is read from X-Forwarded-For, so AUTH_FAILURE_LIMIT counts each sender, not the proxy'),
  SMTP_URL: opt(z.string().regex(/^smtps?:\/\/.+/, 'expected smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465 (implicit TLS)')).describe('email paging: the SMTP relay, smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465'),
  SMTP_FROM: opt(z.string().min(3)).describe('email paging: the From address, e.g. "Tocsin <tocsin@example.com>"'),
  TWILIO_ACCOUNT_SID: opt(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected a Twilio account SID (AC followed by 32 hex digits)')).describe('SMS and voice paging: Twilio account SID'),
  TWILIO_AUTH_TOKEN: opt(z.string().min(8)).describe('SMS and voice paging: Twilio auth token (also checks X-Twilio-Signature on /twilio/*)'),
  TWILIO_FROM: opt(z.string().regex(E164, 'expected the E.164 number Tocsin sends from, like +15005550006')).describe('SMS and voice paging: the Twilio number messages and calls come from'),
  TWILIO_API_URL: opt(url).describe("Twilio REST API base (default Twilio's; Twilio-compatible providers and tests set it)"),
  NTFY_URL: url.default('https://ntfy.sh').describe('push paging: the ntfy server (default https://ntfy.sh)'),
  NTFY_TOKEN: opt(z.string().min(1)).describe('push paging: ntfy access token (optional)'),
  SESSION_SECRET: opt(z.string().min(32, 'expected at least 32 characters')).describe('signs web sessions and one-time links (generated and stored in the database when unset)'),
  OIDC_ISSUER: opt(url).describe("web sign-in with OpenID Connect: the provider's issuer (Slack: https://slack.com, Microsoft Entra: https://login.microsoftonline.com/<tenant>/v2.0); needs PUBLIC_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET"),
  OIDC_CLIENT_ID: opt(z.string().min(1)).describe('web sign-in with OpenID Connect: the client id registered with the provider (redirect URI <PUBLIC_URL>/auth/oidc/callback)'),
  OIDC_CLIENT_SECRET: opt(z.string().min(1)).describe('web sign-in with OpenID Connect: the client secret'),
  LEASE_SECONDS: z.coerce
    .number()
    .min(1)
    .max(3600)
    .default(DEFAULT_LEASE_SECONDS)
    .describe('how long a replica holds a claimed chat message or timer before another may take it over; renewed every third of it while the holder works, so a killed replica\'s work moves to the others this long after it died (default 15)'),
  SHUTDOWN_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(3000)
    .describe('after SIGTERM, how long /readyz answers 503 while requests are still taken, so a load balancer stops sending before the listener closes'),
});

export type Env = z.infer<typeof ENV_SCHEMA>;

export const SECRET_KEYS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'MICROSOFT_APP_PASSWORD', 'TWILIO_AUTH_TOKEN', 'NTFY_TOKEN', 'SESSION_SECRET', 'OIDC_CLIENT_SECRET'] as const;

export type EnvResult = { ok: true; env: Env } | { ok: false; problems: Problem[] };

/** Parses the process environment; every bad value is named at once. Empty strings count as unset. */
export function parseEnv(raw: Record<string, string | undefined>): EnvResult {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const r = ENV_SCHEMA.safeParse(cleaned);
  if (!r.success) return { ok: false, problems: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  const problems: Problem[] = [];
  if (r.data.SLACK_BOT_TOKEN && !r.data.SLACK_SIGNING_SECRET && !r.data.SLACK_APP_TOKEN) problems.push({ path: 'SLACK_SIGNING_SECRET', message: 'required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)' });
  if (r.data.MICROSOFT_APP_ID && !r.data.MICROSOFT_APP_PASSWORD && r.data.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') problems.push({ path: 'MICROSOFT_APP_PASSWORD', message: 'required with MICROSOFT_APP_ID' });
  if (r.data.OIDC_ISSUER) {
    for (const key of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'PUBLIC_URL'] as const) if (!r.data[key]) problems.push({ path: key, message: `required with OIDC_ISSUER${key === 'PUBLIC_URL' ? ' (the provider sends the browser back to <PUBLIC_URL>/auth/oidc/callback)' : ''}` });
  }
  if (r.data.MICROSOFT_APP_TYPE === 'SingleTenant' && !r.data.MICROSOFT_APP_TENANT_ID) problems.push({ path: 'MICROSOFT_APP_TENANT_ID', message: 'required for a SingleTenant bot' });
  return problems.length ? { ok: false, problems } : { ok: true, env: r.data };
}

/**
 * The environment as safe to log: secrets as ***, and in every URL-valued setting (DATABASE_URL,
 * SMTP_URL, any other) the password and password-like query parameters (redact-url.ts).
 */
export function redactedEnv(env: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...env };
  for (const k of SECRET_KEYS) if (out[k] !== undefined) out[k] = '***';
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string' && (looksLikeUrl(v) || k.endsWith('_URL'))) out[k] = redactUrl(v);
  return out;
}

export function isLocalMode(env: Env): boolean {
  return !env.SLACK_BOT_TOKEN && !env.MICROSOFT_APP_ID;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `  ${p.path}: ${p.message}`).join('\n');
}
