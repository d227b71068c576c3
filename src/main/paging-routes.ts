import { ACK_PATH, ackLinkAction, ackLinkPage } from '../adapters/paging/ack-link.handler';
import { TWILIO_PATHS, twilioSmsHandler, twilioStatusHandler, twilioVoiceHandler } from '../adapters/paging/twilio.handlers';
import type { TwilioInbound } from '../adapters/paging/twilio-inbound';
import type { Handler, Router } from '../adapters/http/router';
import { acknowledgeByLink, inspectAckLink } from '../app/paging/ack-by-link';
import { parseNotificationId } from '../app/paging/notification-payload';
import { recordNotificationOutcome } from '../app/paging/record-outcome';
import { respondBySms, respondByVoice } from '../app/paging/respond-by-phone';
import type { Context } from './context';

type Guard = (handler: Handler, isFailure?: (status: number) => boolean) => Handler;

/**
 * The endpoints of paging beyond chat: one-click acknowledge links (always: tokens are random, and
 * a wrong one counts as a failed authentication) and Twilio's callbacks (when main has Twilio's
 * helpers to check their signatures; a bad signature counts as a failed authentication too).
 */
export function registerPagingRoutes(router: Router, ctx: Context, guard: Guard, twilio?: TwilioInbound): void {
  const deps = { store: ctx.store, clock: ctx.clock };
  const links = { inspect: (t: string) => inspectAckLink(deps, t), acknowledge: (t: string) => acknowledgeByLink(deps, t) };
  const wrongToken = (status: number) => status === 404;
  router.on('GET', ACK_PATH, guard(ackLinkPage(links), wrongToken));
  router.on('POST', ACK_PATH, guard(ackLinkAction(links), wrongToken));
  if (!twilio) return;
  const common = { twilio, ...(ctx.env.TWILIO_AUTH_TOKEN ? { authToken: ctx.env.TWILIO_AUTH_TOKEN } : {}), ...(ctx.env.PUBLIC_URL ? { publicUrl: ctx.env.PUBLIC_URL } : {}) };
  if (!common.authToken || !common.publicUrl) ctx.log.warn('Twilio callbacks need TWILIO_AUTH_TOKEN and PUBLIC_URL to check their signatures: /twilio/* answers 403 until both are set');
  const badSignature = (status: number) => status === 403;
  router.on('POST', TWILIO_PATHS.sms, guard(twilioSmsHandler({ ...common, respond: (from, reply) => respondBySms(deps, from, reply) }), badSignature));
  router.on('POST', TWILIO_PATHS.voice, guard(twilioVoiceHandler({ ...common, respond: (call, digits) => respondByVoice(deps, call, digits) }), badSignature));
  router.on('POST', TWILIO_PATHS.status, guard(twilioStatusHandler({ ...common, parseId: parseNotificationId, record: (ref, outcome) => recordNotificationOutcome(deps, ref, outcome) }), badSignature));
}
