import { randomBytes } from 'node:crypto';
import { twilioSignature } from '../../src/adapters/twilio/twilio-signature';
import { HttpFake, type Fault, type FakeReply, type RecordedCall } from './http-fake-base';

export interface TwilioMessage {
  readonly sid: string;
  readonly to: string;
  readonly from: string;
  readonly body: string;
  readonly statusCallback: string | undefined;
}

export interface TwilioCall {
  readonly sid: string;
  readonly to: string;
  readonly from: string;
  readonly twiml: string;
  readonly statusCallback: string | undefined;
}

export interface FakeTwilioOptions {
  readonly accountSid?: string;
  readonly authToken?: string;
}

/** An answer of a Tocsin endpoint to a request the fake sent as Twilio. */
export interface SignedReply {
  readonly status: number;
  readonly body: string;
  readonly signature: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Twilio's REST API on 127.0.0.1, the part paging uses: `POST /2010-04-01/Accounts/{Sid}/Messages.json`
 * and `Calls.json` (ops `messages.create`, `calls.create`), form bodies, basic auth
 * AccountSid:AuthToken, Twilio-shaped JSON answers and errors (`{code, message, more_info, status}`).
 * `failNext(op, {status: 400, error: '21211'})` plays a Twilio error code; `{retryAfter}` a 429;
 * `hold(op)` a request that hangs. It also plays Twilio calling Tocsin: `sendSigned` POSTs a form
 * signed with the auth token, as inbound SMS, key presses and status callbacks arrive.
 */
export class FakeTwilio extends HttpFake {
  readonly accountSid: string;
  readonly authToken: string;
  readonly messages: TwilioMessage[] = [];
  readonly callsPlaced: TwilioCall[] = [];

  constructor(options: FakeTwilioOptions = {}) {
    super();
    this.accountSid = options.accountSid ?? 'AC00000000000000000000000000000001';
    this.authToken = options.authToken ?? 'fake-twilio-auth-token';
  }

  override reset(): void {
    super.reset();
    this.messages.length = 0;
    this.callsPlaced.length = 0;
  }

  protected override baseUrlFor(origin: string): string {
    return origin;
  }

  protected operationOf(_method: string, path: string): string {
    const resource = /^\/2010-04-01\/Accounts\/[^/]+\/(Messages|Calls)\.json$/.exec(path)?.[1];
    return resource ? `${resource.toLowerCase()}.create` : path;
  }

  protected route(call: RecordedCall): FakeReply {
    if (call.op !== 'messages.create' && call.op !== 'calls.create') return twilioError(404, 20404, 'The requested resource was not found');
    if (call.method !== 'POST') return twilioError(405, 20004, 'Method not allowed');
    const [user, pass] = basicAuth(call.headers.authorization);
    if (user !== this.accountSid || pass !== this.authToken) return twilioError(401, 20003, 'Authenticate');
    if (!call.path.includes(`/Accounts/${this.accountSid}/`)) return twilioError(403, 20003, 'Account does not match the credentials');
    if (!call.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return twilioError(400, 20001, 'Expected a form body');
    const form = (call.body ?? {}) as Record<string, string>;
    if (!form.To) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(form.To)) return twilioError(400, 21211, `The 'To' number ${form.To} is not a valid phone number.`);
    if (!form.From) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (call.op === 'messages.create') {
      if (!form.Body) return twilioError(400, 21602, 'Message body is required.');
      const sid = `SM${randomBytes(16).toString('hex')}`;
      this.messages.push({ sid, to: form.To, from: form.From, body: form.Body, statusCallback: form.StatusCallback });
      return { status: 201, body: this.resource(sid, form, { body: form.Body, num_segments: String(Math.ceil(form.Body.length / 153)), direction: 'outbound-api' }) };
    }
    if (!form.Twiml && !form.Url) return twilioError(400, 21205, 'Url or Twiml is required.');
    const sid = `CA${randomBytes(16).toString('hex')}`;
    this.callsPlaced.push({ sid, to: form.To, from: form.From, twiml: form.Twiml ?? '', statusCallback: form.StatusCallback });
    return { status: 201, body: this.resource(sid, form, { direction: 'outbound-api' }) };
  }

  protected faultReply(fault: Fault, _call: RecordedCall): FakeReply {
    const status = fault.status ?? (fault.retryAfter !== undefined ? 429 : 400);
    const code = fault.error !== undefined ? Number(fault.error) : status === 429 ? 20429 : status >= 500 ? 20500 : 20001;
    const reply = twilioError(status, code, fault.message ?? (status === 429 ? 'Too Many Requests' : `Fake Twilio error ${code}`));
    return fault.retryAfter !== undefined ? { ...reply, headers: { 'retry-after': String(fault.retryAfter) } } : reply;
  }

  /**
   * POSTs `params` as a form to `url`, signed as Twilio signs (`X-Twilio-Signature` over `signedUrl`,
   * by default `url`: behind a proxy Tocsin's public address differs from the one dialled).
   */
  async sendSigned(url: string, params: Readonly<Record<string, string>>, options: { signedUrl?: string; authToken?: string } = {}): Promise<SignedReply> {
    const signature = twilioSignature(options.signedUrl ?? url, params, options.authToken ?? this.authToken);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'user-agent': 'TwilioProxy/1.1' },
      body: new URLSearchParams(params).toString(),
    });
    return { status: response.status, body: await response.text(), signature };
  }

  /** The parameters of an inbound SMS from `from` to Tocsin's number `to`. */
  inboundSms(from: string, to: string, body: string): Record<string, string> {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    return { ToCountry: 'US', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', Body: body, To: to, NumSegments: '1', MessageSid: sid, AccountSid: this.accountSid, From: from, ApiVersion: '2010-04-01' };
  }

  /** The parameters of a message status callback (`delivered`, `failed` with an ErrorCode…). */
  messageStatus(message: TwilioMessage, status: string, errorCode?: string): Record<string, string> {
    return { MessageSid: message.sid, SmsSid: message.sid, MessageStatus: status, SmsStatus: status, To: message.to, From: message.from, AccountSid: this.accountSid, ApiVersion: '2010-04-01', ...(errorCode ? { ErrorCode: errorCode } : {}) };
  }

  /** The parameters of a Gather's key press during `call`. */
  keyPress(call: TwilioCall, digits: string): Record<string, string> {
    return { CallSid: call.sid, AccountSid: this.accountSid, From: call.from, To: call.to, Called: call.to, Caller: call.from, CallStatus: 'in-progress', Direction: 'outbound-api', Digits: digits, FinishedOnKey: '', ApiVersion: '2010-04-01' };
  }

  private resource(sid: string, form: Record<string, string>, extra: Record<string, string>): Record<string, unknown> {
    const kind = sid.startsWith('SM') ? 'Messages' : 'Calls';
    return { sid, account_sid: this.accountSid, to: form.To, from: form.From, status: 'queued', date_created: new Date(0).toUTCString(), price: null, error_code: null, error_message: null, api_version: '2010-04-01', uri: `/2010-04-01/Accounts/${this.accountSid}/${kind}/${sid}.json`, ...extra };
  }
}

function twilioError(status: number, code: number, message: string): FakeReply {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

function basicAuth(header: string | undefined): [string | undefined, string | undefined] {
  const encoded = /^Basic (.+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return [undefined, undefined];
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon === -1 ? [text, undefined] : [text.slice(0, colon), text.slice(colon + 1)];
}
