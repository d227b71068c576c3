import type { Pacer } from '../shared/paced-calls';
import { retryAfterMs } from './delivery-errors';
import { graphKeys } from './teams-pacing';

/** A Teams channel as Graph returns it. */
export interface GraphChannel {
  readonly id: string;
  readonly displayName: string;
  readonly webUrl?: string;
}

/**
 * `created` (or found, when a retry meets the channel an earlier attempt made); `refused` when
 * Graph will not make it — no permission, a limit, a bad team — so the caller falls back to a
 * thread; `transient` when asking again later may work (429, 5xx, network).
 */
export type ChannelOutcome =
  | { readonly kind: 'created'; readonly channel: GraphChannel; readonly reused: boolean }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'transient'; readonly reason: string; readonly afterMs?: number }
  /** Not asked: Graph's documented limits leave no room now (teams-pacing.ts); ask again after `afterMs`. */
  | { readonly kind: 'paced'; readonly afterMs: number };

export interface NewChannel {
  readonly tenantId: string;
  /** The team's Entra group id: Graph's `{team-id}`. */
  readonly groupId: string;
  readonly displayName: string;
  readonly description: string;
}

export interface GraphChannels {
  create(channel: NewChannel): Promise<ChannelOutcome>;
}

/** An app token for Graph in a tenant, or why there is none. */
export type GraphToken = { readonly ok: true; readonly token: string } | { readonly ok: false; readonly reason: string; readonly transient: boolean };

export interface GraphChannelsOptions {
  /** `GRAPH_API_URL`, without `/v1.0`. */
  readonly baseUrl: string;
  readonly token: (tenantId: string) => Promise<GraphToken>;
  readonly timeoutMs?: number;
  /** Paces the calls by Graph's documented limits (absent: not paced). */
  readonly pacer?: Pacer;
}

interface GraphError {
  readonly error?: { readonly code?: string; readonly message?: string };
}

/**
 * `POST {GRAPH_API_URL}/v1.0/teams/{group id}/channels` with an app token (client credentials;
 * the app needs `Channel.Create`, or `Channel.Create.Group` by resource-specific consent).
 */
export function graphChannels(options: GraphChannelsOptions): GraphChannels {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? 15_000;

  async function call(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<{ ok: true; status: number; json: unknown; retryAfter?: number } | { ok: false; reason: string }> {
    try {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeout),
      });
      const text = await response.text();
      let json: unknown = undefined;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const after = retryAfterMs(response.headers.get('retry-after'));
      return { ok: true, status: response.status, json, ...(after !== undefined ? { retryAfter: after } : {}) };
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
  }

  const describe = (status: number, json: unknown): string => {
    const error = (json as GraphError | undefined)?.error;
    return `Graph answered ${status}${error?.code ? ` ${error.code}` : ''}${error?.message ? `: ${error.message}` : ''}`;
  };

  /**
   * The channel named `name`, if the team has it. Not paced: it follows a POST that took the
   * team's token, only when an earlier attempt made the channel (a crash or a lost answer), and
   * waiting for a second token there could repeat POST and GET forever; a 429 still answers it.
   */
  async function existing(groupId: string, token: string, name: string): Promise<GraphChannel | undefined> {
    const r = await call('GET', `/v1.0/teams/${encodeURIComponent(groupId)}/channels`, token);
    if (!r.ok || r.status !== 200) return undefined;
    const list = (r.json as { value?: GraphChannel[] } | undefined)?.value ?? [];
    return list.find((c) => c.displayName.toLowerCase() === name.toLowerCase());
  }

  return {
    async create(channel) {
      const keys = graphKeys(channel.tenantId, channel.groupId);
      const wait = options.pacer?.take(keys, false) ?? 0;
      if (wait > 0) return { kind: 'paced', afterMs: wait };
      const token = await options.token(channel.tenantId);
      if (!token.ok) return token.transient ? { kind: 'transient', reason: token.reason } : { kind: 'refused', reason: token.reason };
      const path = `/v1.0/teams/${encodeURIComponent(channel.groupId)}/channels`;
      const r = await call('POST', path, token.token, { displayName: channel.displayName, description: channel.description, membershipType: 'standard' });
      if (!r.ok) return { kind: 'transient', reason: `Graph unreachable: ${r.reason}` };
      if (r.status === 201 || r.status === 200) return { kind: 'created', channel: r.json as GraphChannel, reused: false };
      const reason = describe(r.status, r.json);
      // Throttled anyway (another replica, another app): this team waits, other teams do not.
      if (r.status === 429) options.pacer?.pause(keys[keys.length - 1]!, r.retryAfter ?? 1_000);
      if (r.status === 429 || r.status >= 500) return { kind: 'transient', reason, ...(r.retryAfter !== undefined ? { afterMs: r.retryAfter } : {}) };
      // A retry after a crash meets the channel the first attempt made: same name, so take it.
      if (r.status === 400 && /already exist/i.test(reason)) {
        const found = await existing(channel.groupId, token.token, channel.displayName);
        if (found) return { kind: 'created', channel: found, reused: true };
      }
      return { kind: 'refused', reason };
    },
  };
}
