import pino, { type Logger } from 'pino';

/**
 * Structured logs. Headers that carry credentials and every key named like a secret are redacted
 * at the logger, so a careless `log.info({ req })` cannot leak a token.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'headers.authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.signingSecret',
  '*.appPassword',
  'token',
  'password',
  'secret',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '***' }, base: { app: 'tocsin' } }, destination);
}

export type { Logger };
