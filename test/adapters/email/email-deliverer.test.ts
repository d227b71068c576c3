import net, { type AddressInfo } from 'node:net';
import { platform } from 'node:os';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emailDeliverer } from '../../../src/adapters/email/email-deliverer';
import { FakeSmtpServer, type FakeSmtpOptions } from '../../fakes/fake-smtp-server';
import { selfSignedCertificate, type TestCertificate } from '../../fakes/test-certificate';
import { notifyMessage } from '../../support/notify-message';

let certificate: TestCertificate;
let server: FakeSmtpServer | undefined;

beforeAll(async () => {
  certificate = await selfSignedCertificate();
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const ACCOUNT = { user: 'tocsin', pass: 'p@ss word' };

async function startServer(options: FakeSmtpOptions = {}): Promise<number> {
  server = new FakeSmtpServer({ certificate, ...ACCOUNT, ...options });
  return server.start();
}

function deliverer(url: string) {
  return emailDeliverer({ smtpUrl: url, from: 'Tocsin <tocsin@example.com>', tls: { ca: certificate.cert }, timeoutMs: 5_000 });
}

const withAccount = (scheme: string, host: string, port: number) => `${scheme}://${ACCOUNT.user}:${encodeURIComponent(ACCOUNT.pass)}@${host}:${port}`;

describe('emailDeliverer against a real SMTP server', () => {
  it('sends over STARTTLS with AUTH PLAIN: subject, text and HTML parts, the acknowledge link, the title kept as text', async () => {
    const port = await startServer({ authMethods: ['PLAIN'] });
    const title = 'Disk <script>alert(1)</script> & "full"\non db-1';
    const result = await deliverer(withAccount('smtp', 'localhost', port)).deliver(notifyMessage('email', { incident: { title } }));

    expect(result).toMatchObject({ kind: 'delivered', result: { messageId: expect.stringMatching(/^<tocsin\.[0-9a-f]{32}@example\.com>$/) } });
    expect(server!.logins).toEqual([{ method: 'PLAIN', username: 'tocsin', password: 'p@ss word', overTls: true }]);
    const [mail] = server!.mails;
    expect(mail!.envelopeTo).toEqual(['alice@example.com']);
    const parsed = mail!.parsed;
    expect(parsed.subject).toBe('[Tocsin] INC-12 sev2: Disk <script>alert(1)</script> & "full" on db-1');
    expect(parsed.from?.value).toEqual([{ name: 'Tocsin', address: 'tocsin@example.com' }]);
    expect(parsed.text).toContain('Acknowledge INC-12: https://tocsin.example.com/ack/tok_abc123');
    expect(parsed.text).toContain('Service: checkout');
    const html = String(parsed.html);
    expect(html).toContain('href="https://tocsin.example.com/ack/tok_abc123"');
    expect(html).toContain('Disk &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;full&quot; on db-1');
    expect(html).not.toContain('<script>');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('sends with AUTH LOGIN too', async () => {
    const port = await startServer({ authMethods: ['LOGIN'] });
    const result = await deliverer(withAccount('smtp', '127.0.0.1', port)).deliver(notifyMessage('email'));
    expect(result.kind).toBe('delivered');
    expect(server!.logins).toEqual([expect.objectContaining({ method: 'LOGIN', overTls: true })]);
  });

  it('smtps:// speaks TLS from the first byte', async () => {
    const port = await startServer({ implicitTls: true });
    const result = await deliverer(withAccount('smtps', 'localhost', port)).deliver(notifyMessage('email'));
    expect(result.kind).toBe('delivered');
    expect(server!.logins).toEqual([expect.objectContaining({ overTls: true })]);
  });

  it('a test page says it is a test, in the subject and the body', async () => {
    const port = await startServer();
    await deliverer(withAccount('smtp', 'localhost', port)).deliver(notifyMessage('email', { test: true, notificationId: 'test:alice:1' }));
    const parsed = server!.mails[0]!.parsed;
    expect(parsed.subject).toBe('[Tocsin] Test: INC-12 sev2: Checkout latency above 2s');
    expect(parsed.text).toMatch(/^This is a test page from Tocsin/);
    expect(String(parsed.html)).toContain('This is a test page from Tocsin');
  });

  // The same server, offering no STARTTLS, reached once by a loopback name and once by a name the
  // rule does not count as loopback. Linux and macOS route a connection to 0.0.0.0 to this
  // machine, so 0.0.0.0 stands in for a mail server elsewhere without leaving the test process.
  it.skipIf(platform() === 'win32')('never sends the password in clear to a server that is not loopback', async () => {
    const port = await startServer({ startTls: false });
    const refused = await deliverer(withAccount('smtp', '0.0.0.0', port)).deliver(notifyMessage('email'));
    expect(refused).toMatchObject({ kind: 'failed', error: expect.stringContaining('refused STARTTLS') });
    expect(refused).toMatchObject({ error: expect.stringContaining('only over TLS') });
    expect(JSON.stringify(refused)).not.toContain('p@ss');
    expect(server!.logins).toEqual([]);
    expect(server!.mails).toEqual([]);

    const loopback = await deliverer(withAccount('smtp', '127.0.0.1', port)).deliver(notifyMessage('email'));
    expect(loopback.kind).toBe('delivered');
    expect(server!.logins).toEqual([expect.objectContaining({ overTls: false, password: 'p@ss word' })]);
  });

  it('a server that is down is retried', async () => {
    const port = await startServer();
    await server!.stop();
    const result = await deliverer(withAccount('smtp', '127.0.0.1', port)).deliver(notifyMessage('email'));
    expect(result).toMatchObject({ kind: 'retry', error: expect.stringContaining('ECONNREFUSED') });
  });

  // Real time, but only the configured 100 ms: what is tested is that the wait ends at all.
  it('a server that accepts and never greets is given up on after the configured timeout, and retried', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const send = emailDeliverer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'tocsin@example.com', timeoutMs: 100 });
      expect(await send.deliver(notifyMessage('email'))).toMatchObject({ kind: 'retry', error: expect.stringContaining('ETIMEDOUT') });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('550 no such user fails with the reason; 451 is retried', async () => {
    const port = await startServer();
    const send = deliverer(withAccount('smtp', 'localhost', port));
    server!.refuseRecipients({ code: 550, message: '5.1.1 No such user here' });
    expect(await send.deliver(notifyMessage('email'))).toEqual({ kind: 'failed', error: expect.stringMatching(/SMTP 550 5\.1\.1 No such user here$/) });
    server!.refuseRecipients({ code: 451, message: '4.7.1 Greylisted, try again later' });
    expect(await send.deliver(notifyMessage('email'))).toMatchObject({ kind: 'retry', error: expect.stringContaining('451 4.7.1 Greylisted') });
  });

  it('wrong credentials fail for good (535)', async () => {
    const port = await startServer();
    const result = await deliverer(`smtp://tocsin:wrong@localhost:${port}`).deliver(notifyMessage('email'));
    expect(result).toMatchObject({ kind: 'failed', error: expect.stringContaining('535') });
    expect(JSON.stringify(result)).not.toContain('wrong');
  });
});

describe('emailDeliverer without sending', () => {
  const offline = () => emailDeliverer({ smtpUrl: 'smtp://u:p@127.0.0.1:9', from: 'tocsin@example.com' });

  it('a person without an email address fails at once', async () => {
    expect(await offline().deliver(notifyMessage('email', { person: { email: undefined } }))).toMatchObject({ kind: 'failed', error: expect.stringContaining('no usable email address') });
  });

  it('a row for another channel or kind fails, naming why', async () => {
    expect(await offline().deliver(notifyMessage('sms'))).toMatchObject({ kind: 'failed', error: expect.stringContaining('payload is for channel sms') });
    expect(await offline().deliver({ ...notifyMessage('email'), kind: 'notice.incident_opened' })).toMatchObject({ kind: 'failed' });
  });

  it('an unusable SMTP_URL is refused at construction, without the password', () => {
    expect(() => emailDeliverer({ smtpUrl: 'http://u:hunter2@x', from: 'a@b' })).toThrow(/smtp:\/\/ or smtps:\/\//);
  });
});
