import type { Clock } from '../../app/ports/clock';
import type { DeliveryResult } from '../../app/ports/outbox';
import { clipErrorText, httpPost, jsonObject, refusedAnswer, type AbortAfter } from '../shared/http-post';

export const DEFAULT_TWILIO_API_URL = 'https://api.twilio.com';

export interface TwilioApiOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** `TWILIO_API_URL`: Twilio's by default; a Twilio-compatible provider or a test fake. */
  readonly apiUrl?: string;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly abortAfter?: AbortAfter;
}

/** The two resources paging creates. */
export type TwilioResource = 'Messages' | 'Calls';

export interface TwilioApi {
  /** Creates a message or a call; delivered carries Twilio's `sid` and `status`. */
  create(resource: TwilioResource, form: Readonly<Record<string, string>>, what: string): Promise<DeliveryResult>;
}

/**
 * Twilio's REST API, the two calls paging needs: `POST /2010-04-01/Accounts/{Sid}/{Messages|Calls}.json`,
 * form-encoded, HTTP basic auth AccountSid:AuthToken. No SDK: two requests do not need one, and the
 * base URL must be settable.
 */
export function twilioApi(options: TwilioApiOptions): TwilioApi {
  const base = (options.apiUrl ?? DEFAULT_TWILIO_API_URL).replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  return {
    async create(resource, form, what) {
      const answer = await httpPost(
        {
          url: `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/${resource}.json`,
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams(form).toString(),
          timeoutMs: options.timeoutMs,
        },
        options.abortAfter,
      );
      if (!answer.ok) return { kind: 'retry', error: `${what}: ${answer.error}` };
      const body = jsonObject(answer.text);
      if (answer.status >= 200 && answer.status < 300) {
        return { kind: 'delivered', result: { sid: stringField(body, 'sid'), status: stringField(body, 'status') } };
      }
      const code = body && typeof body.code === 'number' ? body.code : undefined;
      const message = stringField(body, 'message') ?? clipErrorText(answer.text);
      const error = `${what}: ${code !== undefined ? `Twilio ${code}: ${message}` : `Twilio HTTP ${answer.status}${message ? `: ${message}` : ''}`}`;
      return refusedAnswer(answer.status, answer.headers.get('retry-after'), error, options.clock.now().getTime());
    },
  };
}

function stringField(body: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = body?.[name];
  return typeof value === 'string' ? clipErrorText(value) : undefined;
}
