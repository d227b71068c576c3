import type { NotifyVia } from '../domain/paging/notify-rule';

/**
 * Which paging channels have a provider configured in the environment. Without one, Tocsin still
 * writes the notification and the log shows it (local mode, like chat without credentials); `config
 * check` warns, and test pages say so. Push needs nothing: NTFY_URL defaults to ntfy.sh.
 */
const NEEDS: { readonly [V in NotifyVia]: readonly string[] } = {
  chat: [],
  push: [],
  sms: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'],
  voice: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'],
  email: ['SMTP_URL'],
};

/** The variables `via` needs that are unset (empty when its provider is configured). */
export function unsetProviderVars(env: Readonly<Record<string, unknown>>, via: NotifyVia): readonly string[] {
  return NEEDS[via].filter((k) => env[k] === undefined || env[k] === '');
}

export function providerConfigured(env: Readonly<Record<string, unknown>>, via: NotifyVia): boolean {
  return unsetProviderVars(env, via).length === 0;
}
