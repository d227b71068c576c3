import type { NotificationPayload } from '../../app/ports/notification';
import { publicUrlOf } from '../../app/public-urls';
import { headline, oneLine } from '../shared/notification-text';
import type { CallMenu } from './twiml';

/** Two GSM segments; a body of UCS-2 text (emoji) costs more segments but still arrives whole. */
export const SMS_MAX_CHARS = 320;
const SPOKEN_TITLE_CHARS = 200;

/**
 * `[Tocsin] INC-12 sev2: <title> (checkout)` and the reply line the inbound handler understands
 * (sms-reply.ts), under 320 UTF-16 units however long or wide the title is.
 */
export function smsBody(n: NotificationPayload): string {
  const { number } = n.incident;
  const prefix = n.test ? '[Tocsin] Test page, nothing is wrong: ' : '[Tocsin] ';
  const service = n.incident.service ? ` (${oneLine(n.incident.service, 40)})` : '';
  const ending = `\nReply ${number}a to acknowledge, ${number}r to resolve`;
  const build = (titleChars: number) => `${prefix}${headline(n, titleChars)}${service}${ending}`;
  let titleChars = SMS_MAX_CHARS;
  while (titleChars > 1 && build(titleChars).length >= SMS_MAX_CHARS) titleChars -= 1;
  return build(titleChars);
}

/** Severity as a voice reads it well: `sev2` → `severity 2`. */
function spokenSeverity(severity: string): string {
  const level = /^sev(\d)$/i.exec(severity)?.[1];
  return level ? `severity ${level}` : oneLine(severity, 20);
}

/**
 * What the call says, and where the key pressed goes: `<PUBLIC_URL>/twilio/voice?n=<notificationId>`
 * (the core checks the signature, then acts as the person that notification was for).
 */
export function callMenu(n: NotificationPayload, publicUrl: string): CallMenu {
  const { number } = n.incident;
  const title = oneLine(n.incident.title, SPOKEN_TITLE_CHARS) || 'no title';
  const service = n.incident.service ? ` Service ${oneLine(n.incident.service, 60)}.` : '';
  const opening = n.test ? 'This is a test call from Tocsin. Nothing is wrong.' : 'This is Tocsin, paging you.';
  return {
    action: publicUrlOf(publicUrl, `/twilio/voice?n=${encodeURIComponent(n.notificationId)}`),
    spoken: `${opening} Incident ${number}, ${spokenSeverity(n.incident.severity)}: ${title}.${service}`,
    prompt: 'Press 4 to acknowledge, 6 to resolve.',
    noAnswer: `No key was pressed. Incident ${number} is still open. Goodbye.`,
  };
}

/** Where Twilio reports what became of a message or a call: `<PUBLIC_URL>/twilio/status?n=<notificationId>`. */
export function statusCallbackUrl(publicUrl: string, notificationId: string): string {
  return publicUrlOf(publicUrl, `/twilio/status?n=${encodeURIComponent(notificationId)}`);
}
