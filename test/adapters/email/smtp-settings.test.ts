import { describe, expect, it } from 'vitest';
import { smtpSettings } from '../../../src/adapters/email/smtp-settings';

const settingsOf = (url: string) => {
  const read = smtpSettings(url);
  if (!read.ok) throw new Error(read.problem);
  return read.settings;
};

describe('smtpSettings', () => {
  it('smtp:// with a password to another machine requires STARTTLS', () => {
    expect(settingsOf('smtp://tocsin:s3cret@mail.example.com:587')).toEqual({
      host: 'mail.example.com', port: 587, secure: false, requireTLS: true, auth: { user: 'tocsin', pass: 's3cret' },
    });
    expect(settingsOf('smtp://u:p@10.0.0.5').requireTLS).toBe(true);
    expect(settingsOf('smtp://u:p@0.0.0.0:25').requireTLS).toBe(true);
    expect(settingsOf('smtp://u:p@[2001:db8::1]:25').requireTLS).toBe(true);
    expect(settingsOf('smtp://u:p@localhost.example.com').requireTLS).toBe(true);
  });

  it.each(['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', 'mail.localhost', '[::1]', '[::ffff:127.0.0.1]'])('smtp:// with a password to loopback %s may go in clear', (host) => {
    const s = settingsOf(`smtp://u:p@${host}:2525`);
    expect(s.requireTLS).toBe(false);
    expect(s.auth).toEqual({ user: 'u', pass: 'p' });
  });

  it('smtp:// without credentials takes STARTTLS when offered but does not insist', () => {
    expect(settingsOf('smtp://mail.example.com')).toEqual({ host: 'mail.example.com', port: 587, secure: false, requireTLS: false });
  });

  it('smtps:// is implicit TLS on 465 by default', () => {
    expect(settingsOf('smtps://u:p@mail.example.com')).toMatchObject({ port: 465, secure: true, requireTLS: false });
    expect(settingsOf('smtps://u:p@mail.example.com:2465').port).toBe(2465);
  });

  it('percent-decodes the user and the password', () => {
    expect(settingsOf('smtp://apikey%40corp:p%40ss%3Aw%2Frd@mail.example.com').auth).toEqual({ user: 'apikey@corp', pass: 'p@ss:w/rd' });
  });

  it.each([
    ['not a url', 'not a URL'],
    ['http://u:hunter2@mail.example.com', 'smtp:// or smtps://'],
    ['smtp://u:%E0%A4%A@mail.example.com', 'percent-encoded'],
  ])('refuses %s without quoting the password', (url, words) => {
    const read = smtpSettings(url);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem).toContain(words);
    expect(read.problem).not.toContain('hunter2');
  });
});
