import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NotificationOutcome, NotificationRef } from '../../app/paging/record-outcome';
import type { SmsReply, VoiceAnswer } from '../../app/paging/respond-by-phone';
import { messageTwiml, sayTwiml, sendTwiml } from './twiml';
import { signedForm, signedUrl, type TwilioEndpointDeps } from './twilio-inbound';

export const TWILIO_PATHS = { sms: '/twilio/sms', voice: '/twilio/voice', status: '/twilio/status' } as const;

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/** `POST /twilio/sms`: an SMS to Tocsin's number; the answer is an SMS back (TwiML `<Message>`). */
export function twilioSmsHandler(deps: TwilioEndpointDeps & { respond(from: string | undefined, reply: SmsReply | undefined): Promise<string> }): Handler {
  return async (req, res, url) => {
    const form = await signedForm(deps, req, res, url);
    if (!form) return;
    sendTwiml(res, messageTwiml(await deps.respond(form.From, deps.twilio.parseSmsReply(form.Body ?? ''))));
  };
}

/**
 * `POST /twilio/voice?n=<notificationId>`: the paging call's key menu (its Gather action). Without
 * `Digits`, or with another key, it asks again; 4 acknowledges, 6 resolves.
 */
export function twilioVoiceHandler(deps: TwilioEndpointDeps & { respond(call: { notificationId?: string; to?: string; from?: string }, digits: string | undefined): Promise<VoiceAnswer> }): Handler {
  return async (req, res, url) => {
    const form = await signedForm(deps, req, res, url);
    if (!form) return;
    const n = url.searchParams.get('n') ?? undefined;
    const answer = await deps.respond({ ...(n ? { notificationId: n } : {}), ...(form.To ? { to: form.To } : {}), ...(form.From ? { from: form.From } : {}) }, form.Digits);
    sendTwiml(res, sayTwiml(answer.say, answer.again && deps.publicUrl ? signedUrl(deps.publicUrl, url) : undefined));
  };
}

/** Twilio's final message and call states, as notification outcomes; the states on the way (queued, ringing…) say nothing. */
export function twilioOutcome(form: Readonly<Record<string, string>>): { channel: 'sms' | 'voice'; outcome: NotificationOutcome } | undefined {
  const code = form.ErrorCode ? `Twilio ${form.ErrorCode}` : undefined;
  const sms = form.MessageStatus ?? form.SmsStatus;
  if (sms !== undefined) {
    if (sms === 'delivered') return { channel: 'sms', outcome: { kind: 'delivered' } };
    if (sms === 'undelivered' || sms === 'failed') return { channel: 'sms', outcome: { kind: 'failed', reason: [code, sms].filter(Boolean).join(', ') } };
    return undefined;
  }
  const call = form.CallStatus;
  if (call === 'completed') return { channel: 'voice', outcome: { kind: 'answered' } };
  if (call === 'busy' || call === 'no-answer' || call === 'failed' || call === 'canceled') return { channel: 'voice', outcome: { kind: 'failed', reason: [code, call.replace('-', ' ')].filter(Boolean).join(', ') } };
  return undefined;
}

/** `POST /twilio/status?n=<notificationId>`: a message's or call's status callback; final states go on the timeline. */
export function twilioStatusHandler(deps: TwilioEndpointDeps & { parseId(id: string): { incidentId: number; personId: string } | undefined; record(ref: NotificationRef, outcome: NotificationOutcome): Promise<void> }): Handler {
  return async (req, res, url) => {
    const form = await signedForm(deps, req, res, url);
    if (!form) return;
    const n = url.searchParams.get('n') ?? '';
    const ids = deps.parseId(n);
    const seen = twilioOutcome(form);
    if (ids && seen) await deps.record({ ...ids, channel: seen.channel, notificationId: n }, seen.outcome);
    res.writeHead(204).end();
  };
}
