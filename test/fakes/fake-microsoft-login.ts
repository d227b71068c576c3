import type { Clock } from '../../src/app/ports/clock';
import { FakeClock } from './fake-clock';
import { HttpFake, type Fault, type FakeReply, type RecordedCall } from './http-fake-base';

export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** The tenant multi-tenant bots get Bot Connector tokens from. */
export const BOT_FRAMEWORK_TENANT = 'botframework.com';

export interface MicrosoftApp {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The app's home tenant (SingleTenant bots and Graph get tokens there). */
  readonly tenantId: string;
  /** MultiTenant bot registrations may also get tokens from the `botframework.com` tenant. */
  readonly multiTenant?: boolean;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly clientId: string;
  readonly tenant: string;
  readonly scope: string;
  readonly expiresAt: number;
}

interface AadError {
  readonly status: number;
  readonly error: string;
  readonly code: number;
  readonly description: string;
}

/**
 * The Microsoft identity platform token endpoint, client-credentials grant only:
 * `POST /{tenant}/oauth2/v2.0/token` → `{token_type, expires_in, ext_expires_in, access_token}`,
 * and the tenant's OpenID metadata for MSAL. With no app added, any client id and secret get a
 * token; once apps are added, unknown clients, wrong secrets and wrong tenants are refused with
 * the AADSTS errors Entra ID gives.
 */
export class FakeMicrosoftLogin extends HttpFake {
  readonly issued: IssuedToken[] = [];
  private readonly apps = new Map<string, MicrosoftApp>();
  private readonly clock: Clock;
  private readonly expiresIn: number;

  constructor(options: { clock?: Clock; expiresInSeconds?: number } = {}) {
    super();
    this.clock = options.clock ?? new FakeClock();
    this.expiresIn = options.expiresInSeconds ?? 3599;
  }

  addApp(app: MicrosoftApp): void {
    this.apps.set(app.clientId, app);
  }

  override reset(): void {
    super.reset();
    this.issued.length = 0;
    this.apps.clear();
  }

  tokenUrl(tenant: string): string {
    return `${this.originUrl}/${tenant}/oauth2/v2.0/token`;
  }

  /** True when this endpoint issued `token` for `scope` and it has not expired by the clock. */
  verify(token: string | undefined, scope: string): boolean {
    const issued = this.issued.find((t) => t.accessToken === token);
    return issued !== undefined && issued.scope === scope && issued.expiresAt > this.clock.now().getTime();
  }

  protected override baseUrlFor(origin: string): string {
    return origin;
  }

  protected operationOf(method: string, path: string): string {
    if (method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) return 'token';
    if (/^\/[^/]+\/v2\.0\/\.well-known\/openid-configuration$/.test(path)) return 'openid-configuration';
    return path;
  }

  protected route(call: RecordedCall): FakeReply {
    const tenant = call.path.split('/')[1];
    if (call.op === 'openid-configuration') return { status: 200, body: this.openIdConfiguration(tenant) };
    if (call.op !== 'token') return { status: 404, body: 'Not Found' };
    const form = (call.body ?? {}) as Record<string, string>;
    const problem = this.problemWith(form, tenant);
    if (problem) return this.aadError(problem);
    const scope = form.scope;
    const now = this.clock.now().getTime();
    const accessToken = this.mint(form.client_id, tenant, scope, now);
    this.issued.push({ accessToken, clientId: form.client_id, tenant, scope, expiresAt: now + this.expiresIn * 1000 });
    return { status: 200, body: { token_type: 'Bearer', expires_in: this.expiresIn, ext_expires_in: this.expiresIn, access_token: accessToken } };
  }

  protected faultReply(fault: Fault): FakeReply {
    const status = fault.status ?? (fault.retryAfter !== undefined ? 429 : 400);
    const reply = this.aadError({ status, error: fault.error ?? 'temporarily_unavailable', code: 90000, description: fault.message ?? 'The service is temporarily unavailable.' });
    return fault.retryAfter === undefined ? reply : { ...reply, headers: { 'retry-after': String(fault.retryAfter) } };
  }

  private problemWith(form: Record<string, string>, tenant: string): AadError | undefined {
    if (form.grant_type !== 'client_credentials') return { status: 400, error: 'unsupported_grant_type', code: 70003, description: 'The app requested an unsupported grant type.' };
    if (!form.client_id) return { status: 400, error: 'invalid_request', code: 900144, description: "The request body must contain the following parameter: 'client_id'." };
    if (!form.scope?.endsWith('/.default')) return { status: 400, error: 'invalid_scope', code: 1002012, description: `The provided value for scope ${form.scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).` };
    if (this.apps.size === 0) return form.client_secret ? undefined : this.badSecret(form.client_id);
    const app = this.apps.get(form.client_id);
    const homeTenant = app && (app.tenantId === tenant || (app.multiTenant === true && tenant === BOT_FRAMEWORK_TENANT));
    if (!app || !homeTenant) {
      return { status: 400, error: 'unauthorized_client', code: 700016, description: `Application with identifier '${form.client_id}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.` };
    }
    return form.client_secret === app.clientSecret ? undefined : this.badSecret(app.clientId);
  }

  private badSecret(clientId: string): AadError {
    return { status: 401, error: 'invalid_client', code: 7000215, description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.` };
  }

  private aadError(problem: AadError): FakeReply {
    const timestamp = this.clock.now().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    const traceId = `00000000-0000-0000-0000-${String(this.calls.length).padStart(12, '0')}`;
    return {
      status: problem.status,
      body: {
        error: problem.error,
        error_description: `AADSTS${problem.code}: ${problem.description} Trace ID: ${traceId} Correlation ID: ${traceId} Timestamp: ${timestamp}`,
        error_codes: [problem.code],
        timestamp,
        trace_id: traceId,
        correlation_id: traceId,
        error_uri: `${this.originUrl}/error?code=${problem.code}`,
      },
    };
  }

  /** An unsigned JWT with the claims a real app token carries; only this fake can vouch for it. */
  private mint(clientId: string, tenant: string, scope: string, now: number): string {
    const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const iat = Math.floor(now / 1000);
    const claims = { aud: scope.replace(/\/\.default$/, ''), iss: `https://sts.windows.net/${tenant}/`, appid: clientId, tid: tenant, iat, nbf: iat, exp: iat + this.expiresIn, jti: `fake-${this.issued.length + 1}` };
    return `${part({ typ: 'JWT', alg: 'none' })}.${part(claims)}.fake-signature`;
  }

  private openIdConfiguration(tenant: string): Record<string, unknown> {
    const base = `${this.originUrl}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      issuer: `${base}/v2.0`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    };
  }
}
