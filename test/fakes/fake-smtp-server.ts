import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { TestCertificate } from './test-certificate';

export interface FakeSmtpOptions {
  /** Implicit TLS from the first byte (smtps://, port 465). */
  readonly implicitTls?: boolean;
  /** Offer STARTTLS (default true when a certificate is given and implicitTls is not set). */
  readonly startTls?: boolean;
  readonly certificate?: TestCertificate;
  readonly authMethods?: readonly ('PLAIN' | 'LOGIN')[];
  /** The one account accepted. */
  readonly user?: string;
  readonly pass?: string;
}

export interface SmtpLogin {
  readonly method: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** Whether the connection was encrypted when the credentials arrived. */
  readonly overTls: boolean;
}

export interface ReceivedMail {
  readonly envelopeTo: readonly string[];
  readonly parsed: ParsedMail;
}

/** What RCPT TO answers instead of accepting (e.g. 550 no such user, 451 greylisted). */
export interface SmtpRefusal {
  readonly code: number;
  readonly message: string;
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 inside the test process: STARTTLS or implicit TLS
 * with a test certificate, AUTH PLAIN/LOGIN against one account, mails parsed back with mailparser.
 * Every AUTH attempt is recorded, with whether it came over TLS, so a test can prove a password
 * never crossed in clear.
 */
export class FakeSmtpServer {
  readonly logins: SmtpLogin[] = [];
  readonly mails: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  private refusal: SmtpRefusal | undefined;

  constructor(private readonly options: FakeSmtpOptions = {}) {}

  /** Listens on 127.0.0.1 (port 0); resolves with the port. */
  async start(): Promise<number> {
    const o = this.options;
    const tls = o.certificate ? { key: o.certificate.key, cert: o.certificate.cert } : {};
    const offerStartTls = !o.implicitTls && (o.startTls ?? o.certificate !== undefined);
    const config: SMTPServerOptions = {
      ...tls,
      secure: o.implicitTls ?? false,
      disabledCommands: offerStartTls || o.implicitTls ? [] : ['STARTTLS'],
      authMethods: [...(o.authMethods ?? ['PLAIN', 'LOGIN'])],
      // Taken in clear too, so that a client sending it anyway is seen (and recorded) rather than refused.
      allowInsecureAuth: true,
      authOptional: o.user === undefined,
      logger: false,
      onAuth: (auth, session, callback) => {
        this.logins.push({ method: auth.method, username: auth.username, password: auth.password ?? undefined, overTls: session.secure });
        if (auth.username === o.user && auth.password === o.pass) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo: (_address, _session, callback) => {
        const refusal = this.refusal;
        if (!refusal) return callback();
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (parsed) => {
            this.mails.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed });
            callback();
          },
          (e: unknown) => callback(e as Error),
        );
      },
    };
    const server = new SMTPServer(config);
    server.on('error', () => undefined); // a client hanging up mid-session is not the test's failure
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return (server.server.address() as AddressInfo).port;
  }

  /** Every RCPT TO is answered with this until `refuseRecipients(undefined)`. */
  refuseRecipients(refusal: SmtpRefusal | undefined): void {
    this.refusal = refusal;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
