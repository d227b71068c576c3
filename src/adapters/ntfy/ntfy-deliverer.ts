import type { DeliveryLog } from '../../app/ports/delivery-log';
import { systemClock, type Clock } from '../../app/ports/clock';
import type { Deliverer, DeliveryResult, PendingMessage } from '../../app/ports/outbox';
import { clipErrorText, httpPost, jsonObject, refusedAnswer, type AbortAfter } from '../shared/http-post';
import { readNotification } from '../shared/notification-payload';
import { deliveryLabel } from '../shared/notification-text';
import { ntfyPublication } from './ntfy-headers';

export const DEFAULT_NTFY_URL = 'https://ntfy.sh';

export interface NtfyDelivererOptions {
  /** `NTFY_URL`: the server (a path prefix is kept; `user:pass@` becomes basic auth). Default https://ntfy.sh. */
  readonly url?: string;
  /** `NTFY_TOKEN`: an access token, sent as `Authorization: Bearer`. */
  readonly token?: string;
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
  readonly log?: DeliveryLog;
  readonly abortAfter?: AbortAfter;
}

/** ntfy's own rule for topic names. */
const TOPIC = /^[-_A-Za-z0-9]{1,64}$/;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Platform `push`: one ntfy message per notification, `POST <NTFY_URL>/<topic>` with the page in
 * headers (ntfy-headers.ts). 429 (Retry-After), 5xx, network and timeouts are retried; other
 * refusals (a wrong token, a reserved topic) fail at once with ntfy's words.
 * Throws at construction for an NTFY_URL that is not an http(s) URL (caught at start).
 */
export function ntfyDeliverer(options: NtfyDelivererOptions = {}): Deliverer {
  const server = new URL(options.url ?? DEFAULT_NTFY_URL);
  if (server.protocol !== 'http:' && server.protocol !== 'https:') throw new Error('NTFY_URL must be an http(s) URL');
  const basic = server.username ? `Basic ${Buffer.from(`${decodeURIComponent(server.username)}:${decodeURIComponent(server.password)}`).toString('base64')}` : undefined;
  const authorization = options.token ? `Bearer ${options.token}` : basic;
  server.username = '';
  server.password = '';
  const base = server.href.replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  options.log?.info({ ntfyServer: server.origin, auth: options.token ? 'token' : basic ? 'basic' : 'none' }, 'push paging through ntfy');

  async function deliver(message: PendingMessage): Promise<DeliveryResult> {
    const read = readNotification(message, 'push');
    if (!read.ok) return read.result;
    const n = read.notification;
    const what = `${deliveryLabel(n)} via ntfy`;
    const topic = n.person.ntfy?.trim();
    if (!topic) return { kind: 'failed', error: `${deliveryLabel(n)}: the person has no ntfy topic` };
    if (!TOPIC.test(topic)) return { kind: 'failed', error: `${deliveryLabel(n)}: the ntfy topic is not 1-64 letters, digits, - or _` };
    const publication = ntfyPublication(n);
    const answer = await httpPost(
      {
        url: `${base}/${topic}`,
        headers: { ...publication.headers, ...(authorization ? { authorization } : {}) },
        body: publication.body,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      },
      options.abortAfter,
    );
    if (!answer.ok) return { kind: 'retry', error: `${what}: ${answer.error}` };
    const body = jsonObject(answer.text);
    if (answer.status >= 200 && answer.status < 300) return { kind: 'delivered', result: { id: typeof body?.id === 'string' ? body.id : undefined } };
    const reason = typeof body?.error === 'string' ? body.error : clipErrorText(answer.text);
    const code = typeof body?.code === 'number' ? ` ${body.code}` : '';
    return refusedAnswer(answer.status, answer.headers.get('retry-after'), `${what}: ntfy HTTP ${answer.status}${code}${reason ? `: ${clipErrorText(reason)}` : ''}`, clock.now().getTime());
  }

  return { platform: 'push', deliver };
}
