import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { resolve } from 'node:path';

// Servers the benches start as their own processes (`tocsin serve` as shipped, bare node:http), and
// what /proc says about their memory.

export const ROOT = resolve(import.meta.dirname, '..');

export interface Server {
  readonly name: string;
  readonly child: ChildProcess;
  readonly url: string;
  /** From spawn to the first 200 on `GET /healthz`, in ms (as fine as the polling). */
  readonly startMs: number;
}

/** A port free right now, for a server told its port (Tocsin at LOG_LEVEL=warn does not log where it listens). */
export function freePort(): Promise<number> {
  return new Promise((ok) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => ok(port));
    });
  });
}

/**
 * Starts a process on a free port and resolves once it answers `GET /healthz`, polling every
 * `pollMs`; its warnings and errors are shown here. The environment is `env` alone (plus PATH and HOME).
 */
export async function startServer(name: string, args: readonly string[], env: Record<string, string>, pollMs = 200): Promise<Server> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, [...nodeArgs(args), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (/"level":[56]0/.test(line)) process.stderr.write(`[${name}] ${line.slice(0, 300)}\n`);
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before listening`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { name, child, url, startMs: performance.now() - began };
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export const stop = (s: Server): Promise<void> => new Promise<void>((done) => (s.child.exitCode !== null ? done() : (s.child.once('exit', () => done()), s.child.kill('SIGTERM'))));

/** Node flags for Tocsin servers the benches start (`BENCH_NODE_ARGS`, space-separated), for trying GC settings side by side. */
function nodeArgs(args: readonly string[]): string[] {
  return args[0] === 'bin/tocsin.mjs' ? (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean) : [];
}

/** A memory figure of a live process from /proc/<pid>/status, in MiB: `VmRSS` now, `VmHWM` its peak so far. */
export function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}
