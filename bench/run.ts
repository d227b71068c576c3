import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import { alertmanagerBenchBody } from './alert-body';
import { benchPolicy, BENCH_TOKEN } from '../test/support/policies';
import { writePolicyDir } from '../test/support/policy-fixture';

// `npm run bench [-- --cpu-prof] [-- --no-background]`: Tocsin's webhook intake against bare
// node:http, same load, same run. Each server is its own process; the load generator runs here.
// Tocsin runs as shipped (escalations and outbox workers included) unless --no-background, which
// measures the webhook path alone. Not a test: numbers depend on the machine, so it prints them and
// says whether the targets are met.

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = 50;
const TARGET = { ratio: 0.5, p99Ms: 20 };
const profile = process.argv.includes('--cpu-prof');
const background = !process.argv.includes('--no-background');

interface Measured {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly ok: number;
  readonly failed: number;
}

function startServer(entry: string, env: NodeJS.ProcessEnv, profileDir?: string): Promise<{ child: ChildProcess; url: string }> {
  const execArgv = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = fork(resolve('bin/run-ts.mjs'), [resolve(entry)], { env, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((ok, fail) => {
    child.once('message', (m) => ok({ child, url: (m as { url: string }).url }));
    child.once('exit', (code) => fail(new Error(`${entry} exited with ${code} before listening`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    child.once('exit', () => done());
    child.send('stop');
  });
}

async function load(url: string, seconds: number): Promise<Measured> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` },
    body: alertmanagerBenchBody(),
    idReplacement: true,
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok: result['2xx'], failed: result.non2xx + result.errors + result.timeouts };
}

async function measure(name: string, entry: string, env: NodeJS.ProcessEnv, path: string, profileDir?: string): Promise<Measured> {
  const { child, url } = await startServer(entry, env, profileDir);
  try {
    await load(url + path, WARMUP_SECONDS);
    const m = await load(url + path, SECONDS);
    console.log(`${name.padEnd(8)} ${m.rps.toFixed(0).padStart(7)} req/s   p50 ${String(m.p50).padStart(3)} ms   p99 ${String(m.p99).padStart(3)} ms   2xx ${m.ok}   failed ${m.failed}`);
    return m;
  } finally {
    await stopServer(child);
  }
}

const { dir, file: policy, cleanup } = writePolicyDir(benchPolicy(), 'tocsin-bench-');
const profileDir = profile ? mkdtempSync(join(tmpdir(), 'tocsin-bench-profile-')) : undefined;
try {
  const database = join(dir, 'tocsin.db');
  const tocsinEnv = { ...process.env, HOST: '127.0.0.1', PORT: '0', DATABASE_URL: `sqlite:${database}`, TOCSIN_CONFIG: policy, BENCH_AM_TOKEN: BENCH_TOKEN, LOG_LEVEL: 'warn', WEBHOOK_RATE_LIMIT: '0', BENCH_BACKGROUND: background ? '1' : '0' };

  console.log(`${CONNECTIONS} connections, ${WARMUP_SECONDS}s warm-up + ${SECONDS}s each, ~${alertmanagerBenchBody().length} B Alertmanager bodies (2 alerts, new groupKey per request)${background ? '' : '; Tocsin without scheduler and outbox workers'}`);
  const bare = await measure('bare', 'bench/bare-server.ts', process.env, '/webhooks/alertmanager');
  // The floor (bench/floor-server.ts): bare plus the rows of a new incident written durably by hand.
  const floor = await measure('floor', process.env.BENCH_FLOOR_ENTRY ?? 'bench/floor-server.ts', { ...process.env, FLOOR_DATABASE: join(dir, 'floor.db') }, '/webhooks/alertmanager');
  const tocsin = await measure('tocsin', 'bench/tocsin-server.ts', tocsinEnv, '/webhooks/alertmanager', profileDir);

  const check = new SQLite(database, { readonly: true });
  const stored = (check.prepare('select count(*) as n from incidents').get() as { n: number }).n;
  check.close();
  const ratio = tocsin.rps / bare.rps;
  console.log(`\nratio Tocsin/bare ${ratio.toFixed(2)} (target ≥ ${TARGET.ratio})   Tocsin p50 ${tocsin.p50} ms, p99 ${tocsin.p99} ms (target ≤ ${TARGET.p99Ms} ms)`);
  console.log(`floor/bare ${(floor.rps / bare.rps).toFixed(2)}: bare node:http plus only the rows of a new incident, hand-written statements, group commit, FULL sync (bench/floor-server.ts)`);
  console.log(`Tocsin/floor ${(tocsin.rps / floor.rps).toFixed(2)}: the share of that ceiling Tocsin reaches`);
  console.log(`incidents stored ${stored} (warm-up included); SQLite WAL + synchronous=FULL as shipped (src/adapters/db/connect.ts)`);
  if (profileDir) console.log(`CPU profiles in ${profileDir}`);
  const met = ratio >= TARGET.ratio && tocsin.p99 <= TARGET.p99Ms && tocsin.failed === 0;
  console.log(met ? 'targets met' : 'targets NOT met');
} finally {
  cleanup();
}

// Sustained load for 60 s on SQLite and on two PostgreSQL replicas, backlog drained (bench/sustained.ts);
// --no-sustained for the quick comparison above alone.
if (!process.argv.includes('--no-sustained')) {
  const { sustainedBench } = await import('./sustained');
  if (!(await sustainedBench())) process.exitCode = 1;
}

// The web list with 10,000 incidents stored (bench/web-incidents.ts); --no-web skips it.
await (await import('./web-incidents')).webListBench();
