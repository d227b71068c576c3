import { createHash } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { verifySlackRequest } from '@slack/bolt';
import type { RequestSignatures } from '../../app/ports/request-signatures';
import type { Clock } from '../../app/ports/clock';
import type { DeliveryLog } from '../../app/ports/delivery-log';

/** Slack's replay window. */
const WINDOW_SECONDS = 5 * 60;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Why a request is not Slack's, or undefined when it is: HMAC-SHA256 of `v0:<ts>:<raw body>` with
 * the signing secret (bolt's own check, constant time), and a timestamp at most five minutes
 * away from our clock, in either direction (bolt alone refuses only old ones).
 */
export function slackRequestProblem(rawBody: string, req: IncomingMessage, signingSecret: string, now: Date): string | undefined {
  const timestamp = header(req, 'x-slack-request-timestamp');
  const signature = header(req, 'x-slack-signature');
  if (!timestamp || !signature) return 'no X-Slack-Signature / X-Slack-Request-Timestamp';
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds)) return 'X-Slack-Request-Timestamp is not a number';
  if (Math.abs(now.getTime() / 1000 - seconds) > WINDOW_SECONDS) return 'X-Slack-Request-Timestamp is more than 5 minutes away (a replay, or a clock out of sync)';
  try {
    verifySlackRequest({ signingSecret, body: rawBody, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': seconds }, nowMilliseconds: now.getTime() });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : 'signature check failed';
  }
}

async function readRaw(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Uses up a verified request's signature for as long as Slack's window keeps it valid; false when
 * it was used before, on any replica: the same signed request sent again (by whoever saw it, or a
 * proxy) would otherwise run the same command twice. Slack signs every delivery anew. The key is
 * what was signed, not the header text: bolt also takes `v0=<hash>=x` and `0<timestamp>`.
 */
async function firstUse(rawBody: string, req: IncomingMessage, signatures: RequestSignatures): Promise<boolean> {
  const seconds = Number(header(req, 'x-slack-request-timestamp'));
  const digest = createHash('sha256').update(`${seconds}:${rawBody}`).digest('hex');
  return signatures.firstUse(digest, new Date((seconds + WINDOW_SECONDS) * 1000).toISOString());
}

/**
 * How long a remembered signature is kept past its window: a replica whose clock is behind still
 * takes the request that long.
 */
export const SIGNATURE_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * `POST /slack/events` on Tocsin's own listener. The request is read and verified here, with the
 * injected clock (bolt's HTTPReceiver reads the system clock, which tests cannot move), its
 * signature used up, and only then does it reach bolt's receiver, which reuses the body read here
 * (`rawBody`), parses it, acknowledges and dispatches. Refusals are a bare 401, as Slack expects.
 */
export function slackEventsEndpoint(options: {
  readonly listener: RequestListener;
  readonly signingSecret: string;
  readonly signatures: RequestSignatures;
  readonly clock: Clock;
  readonly log: DeliveryLog;
  readonly maxBytes?: number;
}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readRaw(req, options.maxBytes ?? 4 * 1024 * 1024);
    if (raw === 'too-large') {
      // The rest of the body is never read: without closing, the next request on this keep-alive
      // connection would be taken as more of this body and hang until the request timeout (408).
      res.writeHead(413, { Connection: 'close' }).end();
      return;
    }
    const body = raw.toString('utf8');
    // Slack's `ssl_check=1` probe is unsigned; bolt answers it and strips everything else.
    const sslCheck = (header(req, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded') && new URLSearchParams(body).get('ssl_check') === '1';
    const problem = sslCheck ? undefined : slackRequestProblem(body, req, options.signingSecret, options.clock.now());
    const replay = !sslCheck && !problem && !(await firstUse(body, req, options.signatures));
    if (problem || replay) {
      options.log.warn({ path: '/slack/events', problem: problem ?? 'the same signed request was already taken (a replay)' }, 'Slack request refused (401)');
      res.writeHead(401).end();
      return;
    }
    (req as IncomingMessage & { rawBody: Buffer }).rawBody = raw;
    options.listener(req, res);
  };
}
