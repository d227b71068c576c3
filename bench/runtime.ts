import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { FakeSlackApi } from '../test/fakes/fake-slack-api';
import { BENCH_POLICY, BENCH_TOKEN } from './bench-policy';
import { memoryMb, ROOT, startServer, stop, type Server } from './bench-process';
import { load } from './sustained';

// The lean runtime (issue 15), as shipped (dist/ through bin/tocsin.mjs), side by side in one run:
// `node -e 0` and `tocsin oncall --json` (min of 5 each, a prepared SQLite database and policy);
// `tocsin serve` from spawn to the first 200 on /healthz (min of 3); resident memory after 10 s idle
// with Slack configured (against a local fake Slack Web API) and with no chat; peak RSS during a
// storm of webhooks each opening an incident, and whether it plateaus (median RSS of the middle
// third against the last; RSS a third in and at the end are printed too). Not a test: prints each
// figure, its target and met/missed.
// Standalone: `node bin/run-ts.mjs bench/runtime.ts`, or `npm run bench -- --only runtime`.

const CLI_RUNS = 5;
const START_RUNS = 3;
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const STORM_SECONDS = Number(process.env.BENCH_STORM_SECONDS ?? 60);
/** Targets on a 2-core machine (issue 15). Memory in MiB, as /proc reports it. */
const TARGET = { cliSeconds: 0.4, cliRatio: 8, startSeconds: 1.5, idleMb: 120, stormMb: 250, stormGrowth: 0.1 };
const TOCSIN = ['bin/tocsin.mjs'];

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const mib = (mb: number) => `${mb.toFixed(0)} MiB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function row(what: string, measured: string, target: string, met?: boolean): boolean {
  console.log(`${what.padEnd(46)} ${measured.padStart(18)}   ${target.padEnd(34)} ${met === undefined ? '' : met ? 'met' : 'MISSED'}`);
  return met ?? true;
}

/** The fastest of `runs` runs of `node <args>`, in ms; a run that fails stops the bench. */
function fastest(args: readonly string[], env: Record<string, string>, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, encoding: 'utf8' });
    const ms = performance.now() - began;
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
    best = Math.min(best, ms);
  }
  return best;
}

async function idleRss(server: Server): Promise<number> {
  await sleep(IDLE_SECONDS * 1000);
  return memoryMb(server.child.pid!, 'VmRSS');
}

/** The storm: RSS sampled every 500 ms while the webhooks run; the peak is the kernel's high-water mark. */
/** The middle value of a window of samples: V8 grows and shrinks its heap in a sawtooth, and one sample can land on either edge. */
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function storm(server: Server): Promise<{ peak: number; third: number; end: number; middle: number; last: number; curve: number[]; rps: number; failed: number }> {
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(memoryMb(server.child.pid!, 'VmRSS')), 500);
  try {
    const m = await load([server.url], STORM_SECONDS);
    const curve = Array.from({ length: 10 }, (_, i) => samples[Math.floor(((i + 1) * samples.length) / 10) - 1] ?? 0);
    const third = Math.floor(samples.length / 3);
    return { peak: memoryMb(server.child.pid!, 'VmHWM'), third: samples[third] ?? 0, end: samples.at(-1) ?? 0, middle: median(samples.slice(third, 2 * third)), last: median(samples.slice(2 * third)), curve, rps: m.rps, failed: m.failed };
  } finally {
    clearInterval(sampler);
  }
}

export async function runtimeBench(): Promise<boolean> {
  const built = spawnSync(process.execPath, ['tools/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('tools/build.mjs failed');
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-runtime-'));
  const slack = new FakeSlackApi({ botToken: 'xoxb-bench-runtime' });
  const servers: Server[] = [];
  try {
    // The fake workspace has the bench policy's announce channel and Slack user, so chat delivery succeeds.
    const announce = slack.addChannel({ name: 'incidents' });
    slack.addUser({ id: 'U01ALICE', name: 'alice', email: 'alice@example.com' });
    const policy = join(dir, 'tocsin.yml');
    writeFileSync(policy, BENCH_POLICY.replace('C01INCIDENTS', announce.id));
    const base = { TOCSIN_CONFIG: policy, BENCH_AM_TOKEN: BENCH_TOKEN, LOG_LEVEL: 'error', WEBHOOK_RATE_LIMIT: '0', SHUTDOWN_DELAY_MS: '0', HOST: '127.0.0.1' };
    const cliEnv = { ...base, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}` };
    fastest([...TOCSIN, 'apply', policy], cliEnv, 1);
    const slackEnv = { SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: 'bench-runtime-signing-secret', SLACK_API_URL: await slack.start() };

    console.log(`\nruntime: dist/ through bin/tocsin.mjs on SQLite; CLI min of ${CLI_RUNS}, start min of ${START_RUNS}, idle ${IDLE_SECONDS} s, storm ${STORM_SECONDS} s`);
    let met = true;
    const node = fastest(['-e', '0'], {}, CLI_RUNS);
    row('node -e 0', seconds(node), '');
    const cli = fastest([...TOCSIN, 'oncall', 'primary', '--json'], cliEnv, CLI_RUNS);
    met = row(`tocsin oncall --json (${(cli / node).toFixed(1)}× node -e 0)`, seconds(cli), `≤ ${TARGET.cliSeconds} s and ≤ ${TARGET.cliRatio}× node -e 0`, cli / 1000 <= TARGET.cliSeconds && cli / node <= TARGET.cliRatio) && met;

    let start = Infinity;
    for (let i = 0; i < START_RUNS; i++) {
      const s = await startServer('start', [...TOCSIN, 'serve'], { ...base, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}` }, 5);
      start = Math.min(start, s.startMs);
      await stop(s);
    }
    met = row('tocsin serve: spawn to first 200 on /healthz', seconds(start), `≤ ${TARGET.startSeconds} s`, start / 1000 <= TARGET.startSeconds) && met;

    // Both idle servers at once: what they hold after 10 s does not depend on the other.
    const withSlack = await startServer('slack', [...TOCSIN, 'serve'], { ...base, ...slackEnv, DATABASE_URL: `sqlite:${join(dir, 'slack.db')}` });
    servers.push(withSlack);
    const noChat = await startServer('no chat', [...TOCSIN, 'serve'], { ...base, DATABASE_URL: `sqlite:${join(dir, 'local.db')}` });
    servers.push(noChat);
    const [slackIdle, localIdle] = await Promise.all([idleRss(withSlack), idleRss(noChat)]);
    met = row(`idle RSS after ${IDLE_SECONDS} s, Slack configured`, mib(slackIdle), `≤ ${TARGET.idleMb} MiB`, slackIdle <= TARGET.idleMb) && met;
    row(`idle RSS after ${IDLE_SECONDS} s, no chat (local mode)`, mib(localIdle), '');
    await stop(noChat);

    const s = await storm(withSlack);
    const stored = new SQLite(join(dir, 'slack.db'), { readonly: true });
    const incidents = (stored.prepare('select count(*) as n from incidents').get() as { n: number }).n;
    stored.close();
    // Flat: the median RSS of the last third against that of the middle one (the first is warm-up).
    const growth = s.last / s.middle - 1;
    met = row(`storm, Slack configured: peak RSS (VmHWM)`, mib(s.peak), `≤ ${TARGET.stormMb} MiB`, s.peak <= TARGET.stormMb) && met;
    row(`storm: RSS at ${(STORM_SECONDS / 3).toFixed(0)} s → at the end`, `${s.third.toFixed(0)} → ${mib(s.end)}`, '');
    met = row(`storm: median RSS, middle → last third (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)}%)`, `${s.middle.toFixed(0)} → ${mib(s.last)}`, `flat: ≤ +${TARGET.stormGrowth * 100}%`, growth <= TARGET.stormGrowth) && met;
    console.log(`storm: ${s.rps.toFixed(0)} req/s, ${incidents} incidents stored, ${s.failed} failed requests; RSS at each tenth (MiB): ${s.curve.map((n) => n.toFixed(0)).join(' ')}`);
    console.log(met ? 'runtime targets met' : 'runtime targets NOT met');
    return met;
  } finally {
    await Promise.all(servers.map(stop));
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = (await runtimeBench()) ? 0 : 1;
}
