import { FakeNtfy } from '../fakes/fake-ntfy';
import { FakeSmtpServer } from '../fakes/fake-smtp-server';
import { FakeTwilio } from '../fakes/fake-twilio';
import type { FakeFamily, FakesStarted } from './boot-fakes';

export const TWILIO_FROM = '+15005550006';

/** Twilio, ntfy and an SMTP server: SMS, calls, push and email leave Tocsin for real. */
export class ProviderFakes implements FakeFamily {
  readonly twilio = new FakeTwilio({ accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'twilio-auth-token-e2e' });
  readonly ntfy = new FakeNtfy();
  readonly smtp = new FakeSmtpServer();

  async start(): Promise<FakesStarted> {
    const [twilioUrl, ntfyUrl, smtpPort] = await Promise.all([this.twilio.start(), this.ntfy.start(), this.smtp.start()]);
    const env = {
      TWILIO_ACCOUNT_SID: this.twilio.accountSid,
      TWILIO_AUTH_TOKEN: this.twilio.authToken,
      TWILIO_FROM,
      TWILIO_API_URL: twilioUrl,
      NTFY_URL: ntfyUrl,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SMTP_FROM: 'Tocsin <tocsin@example.com>',
    };
    return { env };
  }

  async stop(): Promise<void> {
    await Promise.all([this.twilio.stop(), this.ntfy.stop(), this.smtp.stop()]);
  }
}
