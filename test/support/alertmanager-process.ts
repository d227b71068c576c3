import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from './poll';

/** The Alertmanager binary on PATH (Debian names it `prometheus-alertmanager`), or undefined. */
export function alertmanagerBinary(): string | undefined {
  return ['prometheus-alertmanager', 'alertmanager'].find((name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0);
}

/** A loopback port nobody listens on right now (Alertmanager wants a number, not 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** What Alertmanager's `POST /api/v2/alerts` takes: Prometheus sends the same. */
export interface PostableAlert {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly generatorURL?: string;
}

export interface AlertmanagerProcess {
  readonly url: string;
  /** Posts alerts to Alertmanager's own API, as Prometheus does. */
  post(alerts: readonly PostableAlert[]): Promise<void>;
  /** What it wrote, for the failure message of a test that waited in vain. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * A real Alertmanager on loopback ports, clustering off, state in a temp directory, routing every
 * alert (grouped by alertname, flushed after 1 s) to one webhook receiver that presents `token` as
 * `http_config.authorization` — the receiver config the README tells operators to write.
 */
export async function startAlertmanager(binary: string, receiver: { url: string; token: string }): Promise<AlertmanagerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-am-'));
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(
    config,
    `route:
  receiver: tocsin
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: tocsin
    webhook_configs:
      - url: ${JSON.stringify(receiver.url)}
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${JSON.stringify(receiver.token)}
`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [`--config.file=${config}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=info'];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pollUntil(async () => child.exitCode === null && (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)), { timeoutMs: 20_000, everyMs: 100, what: `Alertmanager ready on ${url}` });
  } catch (e) {
    await stop();
    throw new Error(`${String(e)}\n${output}`);
  }
  return {
    url,
    async post(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!res.ok) throw new Error(`Alertmanager refused the alerts: ${res.status} ${await res.text()}`);
    },
    output: () => output,
    stop,
  };
}
