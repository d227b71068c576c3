import { describe, expect, it } from 'vitest';
import { parseEnv, redactedEnv } from '../../src/config/env';
import { redactUrl } from '../../src/config/redact-url';

const SECRET = 'S3cr3t-value';

describe('redactUrl', () => {
  it.each([
    ['postgres://tocsin:S3cr3t-value@db:5432/tocsin', 'postgres://tocsin:***@db:5432/tocsin'],
    // A raw '@' in the password: the last '@' of the authority ends the user info.
    ['postgres://u:p@ss@host/db', 'postgres://u:***@host/db'],
    ['postgres://tocsin@db/tocsin?password=S3cr3t-value&sslmode=require', 'postgres://***@db/tocsin?password=***&sslmode=require'],
    ['postgresql://db/tocsin?user=tocsin&PassWord=S3cr3t-value', 'postgresql://db/tocsin?user=tocsin&PassWord=***'],
    ['postgres://db/t?sslpassword=S3cr3t-value&pwd=S3cr3t-value&pass=S3cr3t-value', 'postgres://db/t?sslpassword=***&pwd=***&pass=***'],
    ['postgres://db/t?application_name=tocsin&sslmode=verify-full', 'postgres://db/t?application_name=tocsin&sslmode=verify-full'],
    ['smtp://mailer:S3cr3t-value@smtp.example.com:587', 'smtp://mailer:***@smtp.example.com:587'],
    ['smtps://apikey:S3cr3t%40value@smtp.example.com:465', 'smtps://apikey:***@smtp.example.com:465'],
    ['https://hooks.example.com/workflows/1/invoke?api-version=1&sig=S3cr3t-value', 'https://hooks.example.com/workflows/1/invoke?api-version=1&sig=***'],
    ['https://ntfy.example.com/topic?auth=S3cr3t-value&api_key=S3cr3t-value&Token=S3cr3t-value&client_secret=S3cr3t-value', 'https://ntfy.example.com/topic?auth=***&api_key=***&Token=***&client_secret=***'],
    // A user name alone is how some services take a token.
    ['https://S3cr3t-value@git.example.com/repo', 'https://***@git.example.com/repo'],
    ['redis://:S3cr3t-value@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['https://slack.com/api/', 'https://slack.com/api/'],
    ['sqlite:./data/tocsin.db', 'sqlite:./data/tocsin.db'],
    ['sqlite::memory:', 'sqlite::memory:'],
  ])('%s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it.each([
    // The URL parser refuses these (a multi-host URL; a '/', '?' or '#' in the password) or reads
    // them with an '@' left outside the user info: everything up to the last '@' goes.
    ['postgres://u:S3cr3t-value@h1:5432,h2:5432/db?password=S3cr3t-value', 'postgres://***@h1:5432,h2:5432/db?password=***'],
    ['postgres://u:S3cr3t/value@host/db', 'postgres://***@host/db'],
    ['postgres://u:12/S3cr3t-value@host/db', 'postgres://***@host/db'],
    ['postgres://u:12?S3cr3t-value@host/db', 'postgres://***@host/db'],
    ['postgres://u:S3cr3t#value@host/db', 'postgres://***@host/db'],
    ['postgres://u:p@S3cr3t/value@host/db', 'postgres://***@host/db'],
    ['not a url password=S3cr3t-value&x=1', 'not a url password=***&x=1'],
  ])('conservatively: %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});

describe('redactedEnv', () => {
  it('masks secrets and the password of every URL-valued setting, whatever its name', () => {
    const parsed = parseEnv({ DATABASE_URL: 'postgres://u:p@ss@db/tocsin?sslpassword=S3cr3t-value', SLACK_BOT_TOKEN: 'xoxb-S3cr3t-value', SLACK_SIGNING_SECRET: SECRET });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const shown = redactedEnv({ ...parsed.env, SMTP_URL: `smtp://mailer:${SECRET}@mail:587`, NTFY_URL: `https://ntfy.sh/?token=${SECRET}`, OTHER: `amqp://guest:${SECRET}@mq/` });
    const text = JSON.stringify(shown);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('ss@db');
    expect(shown).toMatchObject({ DATABASE_URL: 'postgres://u:***@db/tocsin?sslpassword=***', SLACK_BOT_TOKEN: '***', SMTP_URL: 'smtp://mailer:***@mail:587', OTHER: 'amqp://guest:***@mq/', PORT: 3000 });
  });

  it('masks the paging secrets: Twilio auth token, ntfy token, session secret and the SMTP password', () => {
    const parsed = parseEnv({ SMTP_URL: `smtps://mailer:${SECRET}@mail:465`, TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_AUTH_TOKEN: SECRET, TWILIO_FROM: '+15005550006', NTFY_TOKEN: SECRET, SESSION_SECRET: SECRET.repeat(4) });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const shown = redactedEnv(parsed.env);
    expect(JSON.stringify(shown)).not.toContain(SECRET);
    expect(shown).toMatchObject({ TWILIO_AUTH_TOKEN: '***', NTFY_TOKEN: '***', SESSION_SECRET: '***', TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', NTFY_URL: 'https://ntfy.sh' });
  });

  it('masks the OpenID Connect client secret, and names what OIDC_ISSUER needs beside it', () => {
    const parsed = parseEnv({ OIDC_ISSUER: 'https://slack.com', OIDC_CLIENT_ID: 'client', OIDC_CLIENT_SECRET: SECRET, PUBLIC_URL: 'https://tocsin.example.com' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(JSON.stringify(redactedEnv(parsed.env))).not.toContain(SECRET);
    const half = parseEnv({ OIDC_ISSUER: 'https://slack.com' });
    expect(half.ok ? [] : half.problems.map((p) => p.path)).toEqual(['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'PUBLIC_URL']);
  });

  it('names a Twilio number that is not E.164 and an SMTP URL of another scheme', () => {
    const parsed = parseEnv({ TWILIO_FROM: '0151 1234', SMTP_URL: 'http://mail' });
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.path)).toEqual(['SMTP_URL', 'TWILIO_FROM']);
  });
});
