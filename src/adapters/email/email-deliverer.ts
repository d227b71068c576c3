import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { DeliveryLog } from '../../app/ports/delivery-log';
import type { Deliverer, DeliveryResult, PendingMessage } from '../../app/ports/outbox';
import { clipErrorText } from '../shared/http-post';
import { readNotification } from '../shared/notification-payload';
import { deliveryLabel } from '../shared/notification-text';
import { emailContent } from './email-content';
import { smtpFailure } from './smtp-errors';
import { smtpSettings } from './smtp-settings';

export interface EmailDelivererOptions {
  /** `SMTP_URL`: smtp://user:pass@host:587 or smtps://user:pass@host:465. */
  readonly smtpUrl: string;
  /** `SMTP_FROM`: `Tocsin <tocsin@example.com>` or a bare address. */
  readonly from: string;
  readonly log?: DeliveryLog;
  /** Longest wait for the connection, the greeting and each reply (default 15 s). */
  readonly timeoutMs?: number;
  /** Extra trust for the server's certificate (a private CA, the test's self-signed one); never turns checking off. */
  readonly tls?: { readonly ca?: string | Buffer; readonly servername?: string };
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Platform `email`: one mail per notification over SMTP. The password goes only over TLS unless
 * the server is this machine (smtp-settings.ts). The Message-ID is derived from the notification
 * id, so a mail sent again after a lost answer is recognisably the same mail.
 * Throws at construction for an unusable SMTP_URL (a configuration error, caught at start).
 */
export function emailDeliverer(options: EmailDelivererOptions): Deliverer {
  const read = smtpSettings(options.smtpUrl);
  if (!read.ok) throw new Error(read.problem);
  const { settings } = read;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTLS,
    ...(settings.auth ? { auth: settings.auth } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    ...(options.tls ? { tls: { ...options.tls } } : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
  const fromDomain = /@([^\s>]+)>?\s*$/.exec(options.from)?.[1] ?? 'tocsin.invalid';
  options.log?.info({ smtpHost: settings.host, smtpPort: settings.port, tls: settings.secure ? 'implicit' : settings.requireTLS ? 'starttls-required' : 'starttls-when-offered' }, 'email paging through SMTP');

  async function deliver(message: PendingMessage): Promise<DeliveryResult> {
    const read = readNotification(message, 'email');
    if (!read.ok) return read.result;
    const n = read.notification;
    const what = `${deliveryLabel(n)} via SMTP ${settings.host}`;
    const to = n.person.email?.trim();
    if (!to || !/^[^\s@<>]+@[^\s@<>]+$/.test(to)) return { kind: 'failed', error: `${deliveryLabel(n)}: the person has no usable email address` };
    const content = emailContent(n);
    try {
      const info = await transport.sendMail({
        from: options.from,
        to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: `<tocsin.${createHash('sha256').update(n.notificationId).digest('hex').slice(0, 32)}@${fromDomain}>`,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        priority: n.incident.severity === 'sev1' && !n.test ? 'high' : 'normal',
      });
      return { kind: 'delivered', result: { messageId: info.messageId, response: clipErrorText(String(info.response ?? '')) } };
    } catch (e) {
      return smtpFailure(e, what);
    }
  }

  return { platform: 'email', deliver };
}
