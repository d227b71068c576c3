import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { alertmanagerBenchBody } from './alert-body';
import { benchPolicy, BENCH_TOKEN } from '../test/support/policies';
import { writePolicyDir } from '../test/support/policy-fixture';

// Sustained load (issue 7): BENCH_SUSTAINED_SECONDS (60) of Alertmanager webhooks, each opening a
// new incident (the dearest path: incident, alerts, timeline, announcement, escalation page), on
// `tocsin serve` with SQLite, then on two replicas sharing PostgreSQL (TEST_POSTGRES_URL or
// BENCH_POSTGRES_URL) behind a split of the connections. Bare node:http is measured in the same run.
// Prints the throughput ratio to bare, p99, the peak RSS of every Tocsin process, and the delivery
// backlog when the load stops and after draining (it must reach 0: nothing is left behind).
// Standalone: `node bin/run-ts.mjs bench/sustained.ts`; `sustainedBench()` for bench/run.ts.

const SECONDS = Number(process.env.BENCH_SUSTAINED_SECONDS ?? 60);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 180);
const CONNECTIONS = 50;
const ROOT = resolve(import.meta.dirname, '..');

const BARE = `const http=require('node:http');const s=http.createServer((q,r)=>{if(q.method==='GET'){r.end('ok');return}const c=[];q.on('data',d=>c.push(d));q.on('end',()=>{const b=JSON.parse(Buffer.concat(c).toString('utf8'));const t=JSON.stringify({status:'accepted',groupKey:b.groupKey});r.writeHead(202,{'content-type':'application/json; charset=utf-8','content-length':Buffer.byteLength(t)});r.end(t)})});s.keepAliveTimeout=65000;s.listen(Number(process.env.PORT),'127.0.0.1')`;

interface Server {
  readonly name: string;
  readonly child: ChildProcess;
  readonly url: string;
}

/** A port free right now, for a server told its port (Tocsin at LOG_LEVEL=warn does not log where it listens). */
function freePort(): Promise<number> {
  return new Promise((ok) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => ok(port));
    });
  });
}

/** Starts a process on a free port and resolves once it answers `GET /healthz`; its warnings and errors are shown here. */
async function startServer(name: string, args: string[], env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (/"level":[56]0/.test(line)) process.stderr.write(`[${name}] ${line.slice(0, 300)}\n`);
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before listening`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { name, child, url };
    await new Promise((r) => setTimeout(r, 200));
  }
}

const stop = (s: Server) => new Promise<void>((done) => (s.child.exitCode !== null ? done() : (s.child.once('exit', () => done()), s.child.kill('SIGTERM'))));

/** Peak resident set of a live process, in MiB (Linux `VmHWM`). */
function peakRssMb(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

interface Load {
  readonly rps: number;
  readonly p99: readonly number[];
  readonly ok: number;
  readonly failed: number;
}

/** The connections split over `urls`, each its own autocannon run, at once. */
async function load(urls: readonly string[], seconds: number): Promise<Load> {
  const runs = await Promise.all(
    urls.map((url) =>
      autocannon({ url: `${url}/webhooks/alertmanager`, method: 'POST', connections: Math.ceil(CONNECTIONS / urls.length), duration: seconds, idReplacement: true, body: alertmanagerBenchBody(), headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` } }),
    ),
  );
  return { rps: runs.reduce((n, r) => n + r.requests.average, 0), p99: runs.map((r) => r.latency.p99), ok: runs.reduce((n, r) => n + r['2xx'], 0), failed: runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0) };
}

interface Backlog {
  /** Outbox rows not delivered yet (failed rows are counted apart: they are not waiting). */
  undelivered(): Promise<{ pending: number; failed: number; incidents: number }>;
  close(): Promise<void>;
}

function sqliteBacklog(file: string): Backlog {
  const db = new SQLite(file, { readonly: true });
  db.pragma('busy_timeout = 5000');
  return {
    undelivered: async () => ({
      pending: (db.prepare('select count(*) as n from outbox where delivered_at is null and failed_at is null').get() as { n: number }).n,
      failed: (db.prepare('select count(*) as n from outbox where failed_at is not null').get() as { n: number }).n,
      incidents: (db.prepare('select count(*) as n from incidents').get() as { n: number }).n,
    }),
    close: async () => void db.close(),
  };
}

function postgresBacklog(url: string, schema: string): Backlog {
  const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
  const count = async (where: string, table = 'outbox') => Number((await pool.query(`select count(*) as n from ${table} ${where}`)).rows[0].n);
  return {
    undelivered: async () => ({ pending: await count('where delivered_at is null and failed_at is null'), failed: await count('where failed_at is not null'), incidents: await count('', 'incidents') }),
    close: async () => {
      await pool.query(`drop schema if exists ${schema} cascade`);
      await pool.end();
    },
  };
}

/** Waits (polling every second) until nothing is left to deliver, or the deadline. */
async function drain(backlog: Backlog): Promise<{ seconds: number; left: number }> {
  const started = Date.now();
  for (;;) {
    const { pending } = await backlog.undelivered();
    const seconds = (Date.now() - started) / 1000;
    if (pending === 0 || seconds > DRAIN_SECONDS) return { seconds, left: pending };
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function report(name: string, bareRps: number, m: Load, replicas: readonly Server[], end: Awaited<ReturnType<Backlog['undelivered']>>, drained: { seconds: number; left: number }): boolean {
  const rss = replicas.map((r) => `${r.name} ${peakRssMb(r.child.pid!).toFixed(0)} MiB`).join(', ');
  console.log(`${name.padEnd(22)} ${m.rps.toFixed(0).padStart(6)} req/s  ratio ${(m.rps / bareRps).toFixed(2)}  p99 ${m.p99.map((p) => `${p} ms`).join(' / ')}  2xx ${m.ok}  failed ${m.failed}`);
  console.log(`${''.padEnd(22)} peak RSS ${rss}; ${end.incidents} incidents; backlog at the end ${end.pending}, drained to ${drained.left} in ${drained.seconds.toFixed(0)} s; failed rows ${end.failed}`);
  return m.failed === 0 && drained.left === 0 && end.failed === 0;
}

export async function sustainedBench(): Promise<boolean> {
  const { dir, file: policy, cleanup } = writePolicyDir(benchPolicy(), 'tocsin-sustained-');
  const tocsinEnv = { HOST: '127.0.0.1', TOCSIN_CONFIG: policy, BENCH_AM_TOKEN: BENCH_TOKEN, LOG_LEVEL: 'warn', WEBHOOK_RATE_LIMIT: '0', SHUTDOWN_DELAY_MS: '0' };
  const serve = ['bin/tocsin.mjs', 'serve'];
  let met = true;
  console.log(`\nsustained: ${SECONDS} s per run, ${CONNECTIONS} connections, a new incident per request (bench policy: paged at once, Slack in local mode, so chat messages are delivered to the log)`);
  try {
    const bare = await startServer('bare', ['-e', BARE], {});
    const baseline = await load([bare.url], SECONDS).finally(() => stop(bare));
    console.log(`${'bare node:http'.padEnd(22)} ${baseline.rps.toFixed(0).padStart(6)} req/s  p99 ${baseline.p99[0]} ms`);

    const file = join(dir, 'tocsin.db');
    const one = await startServer('sqlite', serve, { ...tocsinEnv, DATABASE_URL: `sqlite:${file}` });
    const sqlite = sqliteBacklog(file);
    try {
      const m = await load([one.url], SECONDS);
      const end = await sqlite.undelivered();
      met = report('SQLite, 1 process', baseline.rps, m, [one], end, await drain(sqlite)) && met;
    } finally {
      await stop(one);
      await sqlite.close();
    }

    const pgUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
    if (!pgUrl) {
      console.log('PostgreSQL: SKIPPED (set BENCH_POSTGRES_URL or TEST_POSTGRES_URL)');
      return met;
    }
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const u = new URL(pgUrl);
    u.searchParams.set('schema', schema);
    const a = await startServer('replica A', serve, { ...tocsinEnv, DATABASE_URL: u.toString() });
    const b = await startServer('replica B', serve, { ...tocsinEnv, DATABASE_URL: u.toString() });
    const postgres = postgresBacklog(pgUrl, schema);
    try {
      const m = await load([a.url, b.url], SECONDS);
      const end = await postgres.undelivered();
      met = report('PostgreSQL, 2 replicas', baseline.rps, m, [a, b], end, await drain(postgres)) && met;
    } finally {
      await Promise.all([stop(a), stop(b)]);
      await postgres.close();
    }
    return met;
  } finally {
    cleanup();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const met = await sustainedBench();
  console.log(met ? 'sustained: nothing failed, every backlog drained to 0' : 'sustained: FAILED (see above)');
  process.exitCode = met ? 0 : 1;
}
