import { isLoopbackHost } from '../shared/loopback-host';

/** What nodemailer is told about the server, read from `SMTP_URL`. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** smtps://: TLS from the first byte (implicit TLS, port 465). */
  readonly secure: boolean;
  /**
   * smtp:// with a password to a host that is not loopback: STARTTLS or nothing. nodemailer then
   * sends STARTTLS whether or not the server offers it and gives up (ETLS) when it is refused,
   * before AUTH; the password never crosses the network in clear.
   */
  readonly requireTLS: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
}

export type SmtpSettingsResult = { readonly ok: true; readonly settings: SmtpSettings } | { readonly ok: false; readonly problem: string };

/**
 * `smtp://user:pass@host:587` (STARTTLS when offered, required when a password goes to another
 * machine) or `smtps://user:pass@host:465` (implicit TLS). User and password are percent-decoded.
 * Problems never quote the URL: it carries the password.
 */
export function smtpSettings(smtpUrl: string): SmtpSettingsResult {
  if (!URL.canParse(smtpUrl)) return { ok: false, problem: 'SMTP_URL is not a URL (expected smtp://user:pass@host:587 or smtps://user:pass@host:465)' };
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return { ok: false, problem: `SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//` };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) return { ok: false, problem: 'SMTP_URL names no host' };
  const secure = url.protocol === 'smtps:';
  const user = safeDecode(url.username);
  const pass = safeDecode(url.password);
  if (user === undefined || pass === undefined) return { ok: false, problem: 'SMTP_URL has a badly percent-encoded user or password' };
  const auth = user !== '' ? { user, pass } : undefined;
  return {
    ok: true,
    settings: {
      host,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      requireTLS: !secure && auth !== undefined && !isLoopbackHost(host),
      ...(auth ? { auth } : {}),
    },
  };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
