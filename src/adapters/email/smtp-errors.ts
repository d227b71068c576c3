import type { DeliveryResult } from '../../app/ports/outbox';
import { clipErrorText } from '../shared/http-post';

/** The fields nodemailer puts on its errors (`code` from nodemailer's errors.ts, the SMTP reply). */
interface SmtpError {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly command?: string;
  readonly message?: string;
}

// No SMTP reply behind these, and waiting will not change them: a refused or broken TLS upgrade
// (including the refusal to send a password in clear), no credentials, a malformed envelope or message.
const PERMANENT_CODES = new Set(['ETLS', 'EREQUIRETLS', 'ENOAUTH', 'EAUTH', 'ECONFIG', 'EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);

/**
 * A failed send as a delivery outcome, in one place. An SMTP reply decides when there is one: 4xx
 * (greylisting, mailbox busy, 421 shutting down) is retried, 5xx (550 no such user, 535 bad
 * credentials) is failed with the server's words. Without a reply: the network (refused, reset,
 * timed out, DNS) is retried, TLS and configuration problems fail at once.
 */
export function smtpFailure(error: unknown, what: string): DeliveryResult {
  const e = (error ?? {}) as SmtpError;
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const reply = e.response ? clipErrorText(e.response) : undefined;
  if (e.code === 'ETLS' && e.command === 'STARTTLS' && reply) {
    return { kind: 'failed', error: `${what}: the server refused STARTTLS (${reply}); Tocsin sends an SMTP password only over TLS, except to this machine` };
  }
  if (code !== undefined && code >= 400 && code < 600) {
    const text = `${what}: SMTP ${reply && reply.startsWith(String(code)) ? reply : `${code} ${reply ?? e.message ?? ''}`.trim()}`;
    return code < 500 ? { kind: 'retry', error: text } : { kind: 'failed', error: text };
  }
  const detail = clipErrorText(`${e.code ? `${e.code} ` : ''}${e.message ?? String(error)}`);
  if (e.code !== undefined && PERMANENT_CODES.has(e.code)) return { kind: 'failed', error: `${what}: ${detail}` };
  return { kind: 'retry', error: `${what}: ${detail}` };
}
