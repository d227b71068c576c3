import { createHash } from 'node:crypto';
import type { Clock } from '../../src/app/ports/clock';
import { FakeClock } from './fake-clock';
import { HttpFake, type Fault, type FakeReply, type RecordedCall } from './http-fake-base';
import { GRAPH_SCOPE, type FakeMicrosoftLogin } from './fake-microsoft-login';

export interface GraphChannel {
  readonly id: string;
  readonly teamId: string;
  readonly createdDateTime: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly membershipType: string;
  readonly webUrl: string;
}

export interface FakeGraphOptions {
  readonly clock?: Clock;
  /** When given, calls need a Graph token this login issued (else 401 InvalidAuthenticationToken). */
  readonly login?: FakeMicrosoftLogin;
  readonly tenantId?: string;
}

const MAX_NAME = 50;
// Characters Teams refuses in channel names.
const FORBIDDEN_CHARS = /[~#%&*{}+/\\:<>?|'",]/;
const ERROR_STATUS: Readonly<Record<string, number>> = { BadRequest: 400, InvalidAuthenticationToken: 401, Forbidden: 403, NotFound: 404, Conflict: 409, TooManyRequests: 429, InternalServerError: 500, ServiceNotAvailable: 503 };
const FORBIDDEN_MESSAGE = "Missing role permissions on the request. API requires one of 'Channel.Create.Group, Channel.Create, Group.ReadWrite.All, Directory.ReadWrite.All, Teamwork.Migrate.All'. Roles on the request ''. Resource specific consent grants on the request ''.";

/**
 * Microsoft Graph v1.0 for Teams channels: `POST /v1.0/teams/{team-id}/channels` (201 with the
 * channel) and `GET` of the same path. `start()` returns the origin, the value for `GRAPH_API_URL`.
 * `forbid(true)` plays a tenant that never granted Channel.Create: 403 Forbidden on every call.
 */
export class FakeGraph extends HttpFake {
  private readonly clock: Clock;
  private readonly login: FakeMicrosoftLogin | undefined;
  private readonly tenantId: string;
  private store: GraphChannel[] = [];
  private forbidden = false;

  constructor(options: FakeGraphOptions = {}) {
    super();
    this.clock = options.clock ?? new FakeClock();
    this.login = options.login;
    this.tenantId = options.tenantId ?? '00000000-0000-0000-0000-00000000c0de';
  }

  override reset(): void {
    super.reset();
    this.store = [];
    this.forbidden = false;
  }

  forbid(on: boolean): void {
    this.forbidden = on;
  }

  channels(teamId?: string): GraphChannel[] {
    return this.store.filter((c) => teamId === undefined || c.teamId === teamId);
  }

  protected override baseUrlFor(origin: string): string {
    return origin;
  }

  protected operationOf(method: string, path: string): string {
    if (/^\/v1\.0\/teams\/[^/]+\/channels$/.test(path)) return method === 'POST' ? 'createChannel' : 'listChannels';
    return `${method} ${path}`;
  }

  protected route(call: RecordedCall): FakeReply {
    if (!call.bearer) return this.error('InvalidAuthenticationToken', 'Access token is empty.');
    if (this.login && !this.login.verify(call.bearer, GRAPH_SCOPE)) return this.error('InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    if (this.forbidden) return this.error('Forbidden', FORBIDDEN_MESSAGE);
    const teamId = decodeURIComponent(call.path.split('/')[3] ?? '');
    if (call.op === 'listChannels') return { status: 200, body: { '@odata.context': `${this.originUrl}/v1.0/$metadata#teams('${teamId}')/channels`, '@odata.count': this.channels(teamId).length, value: this.channels(teamId).map(view) } };
    if (call.op !== 'createChannel') return this.error('BadRequest', `Resource not found for the segment '${call.path.split('/').pop() ?? ''}'.`, 404);
    return this.createChannel(teamId, (call.body ?? {}) as Record<string, unknown>);
  }

  protected faultReply(fault: Fault): FakeReply {
    const code = fault.error ?? (fault.retryAfter !== undefined ? 'TooManyRequests' : fault.status === 403 ? 'Forbidden' : 'InternalServerError');
    const reply = this.error(code, fault.message ?? (code === 'Forbidden' ? FORBIDDEN_MESSAGE : 'Please retry again later.'), fault.status);
    return fault.retryAfter === undefined ? reply : { ...reply, headers: { 'retry-after': String(fault.retryAfter) } };
  }

  private createChannel(teamId: string, body: Record<string, unknown>): FakeReply {
    const displayName = typeof body.displayName === 'string' ? body.displayName : '';
    const problem = nameProblem(displayName);
    if (problem) return this.error('BadRequest', problem);
    if (this.channels(teamId).some((c) => c.displayName.toLowerCase() === displayName.toLowerCase())) {
      return this.error('BadRequest', 'Channel name already existed, please use other name');
    }
    const id = `19:${createHash('sha256').update(`${teamId}/${displayName}/${this.store.length}`).digest('hex').slice(0, 32)}@thread.tacv2`;
    const channel: GraphChannel = {
      id,
      teamId,
      createdDateTime: this.clock.now().toISOString(),
      displayName,
      description: typeof body.description === 'string' ? body.description : null,
      membershipType: typeof body.membershipType === 'string' ? body.membershipType : 'standard',
      webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(id)}/${encodeURIComponent(displayName)}?groupId=${teamId}&tenantId=${this.tenantId}`,
    };
    this.store.push(channel);
    return { status: 201, body: { '@odata.context': `${this.originUrl}/v1.0/$metadata#teams('${teamId}')/channels/$entity`, ...view(channel) } };
  }

  private error(code: string, message: string, status?: number): FakeReply {
    const date = this.clock.now().toISOString().replace(/\.\d+Z$/, '');
    const requestId = `00000000-0000-0000-0000-${String(this.calls.length).padStart(12, '0')}`;
    return { status: status ?? ERROR_STATUS[code] ?? 500, body: { error: { code, message, innerError: { date, 'request-id': requestId, 'client-request-id': requestId } } } };
  }
}

function nameProblem(name: string): string | undefined {
  if (!name.trim()) return "Channel name can't be empty.";
  if (name.length > MAX_NAME) return `Channel name length can't exceed ${MAX_NAME} characters.`;
  if (FORBIDDEN_CHARS.test(name) || /^[_.]/.test(name) || name.endsWith('.')) return "Channel.DisplayName doesn't contain allowed characters, please use the valid values.";
  return undefined;
}

function view(channel: GraphChannel): Record<string, unknown> {
  const { teamId: _teamId, ...rest } = channel;
  return { ...rest, isFavoriteByDefault: null, email: '' };
}
