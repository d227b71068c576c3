import { PAGING_POLICY } from '../support/paging-policy';
import { fakePagingDeliverers } from '../fakes/fake-paging-deliverers';
import { localTwilio, twilioSignature } from '../support/twilio-signing';
import { bootBot, type Bot } from '../support/escalation-harness';

export const PUBLIC_URL = 'https://tocsin.example.com';
export const AUTH_TOKEN = 'twilio-auth-token-for-tests';
export const TWILIO_ENV = { TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: '+15005550006' };

export interface PagingBot extends Bot {
  readonly providers: ReturnType<typeof fakePagingDeliverers>;
  /** Delivers what every provider channel has queued. */
  drainProviders(): Promise<void>;
  /** POSTs form fields to a /twilio/* path as Twilio would, signed with `authToken` (default the right one). */
  twilio(pathAndQuery: string, fields: Record<string, string>, authToken?: string): Promise<{ status: number; body: string }>;
  timelineTexts(incident?: string): Promise<string[]>;
}

/** The whole bot on the paging policy (paging-policy.ts), with fake providers and the local Twilio helpers plugged in. */
export async function bootPagingBot(startAt: string): Promise<PagingBot> {
  const providers = fakePagingDeliverers();
  const bot = await bootBot(startAt, { policy: PAGING_POLICY, env: TWILIO_ENV, start: { paging: { deliverers: providers.deliverers, twilio: localTwilio } } });
  return Object.assign(bot, {
    providers,
    async drainProviders() {
      for (const w of Object.values(bot.running.paging.workers)) await w.drain();
    },
    async twilio(pathAndQuery: string, fields: Record<string, string>, authToken = AUTH_TOKEN) {
      const res = await fetch(`${bot.running.url}${pathAndQuery}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(authToken, `${PUBLIC_URL}${pathAndQuery}`, fields) },
        body: new URLSearchParams(fields).toString(),
      });
      return { status: res.status, body: await res.text() };
    },
    async timelineTexts(incident = 'INC-1') {
      const shown = await bot.cli('incident', 'show', incident, '--json');
      return (JSON.parse(shown.out).timeline as { text: string }[]).map((e) => e.text);
    },
  });
}
