import { pathToFileURL } from 'node:url';
import { systemClock, type Clock } from '../src/app/ports/clock';
import { newLoginLink } from '../src/app/web/login-links';
import { bootTocsin } from '../test/support/boot-tocsin';
import { benchPolicy } from '../test/support/policies';

// The web list with a long history (issue 16): BENCH_WEB_INCIDENTS (10,000) incidents stored, a
// tenth of them open, then each of a few /incidents pages fetched BENCH_WEB_REQUESTS (200) times
// one after another by a signed-in browser. Target: every page answers in under 200 ms (p99),
// paginated. Tocsin runs in this process on SQLite as shipped. Standalone:
// `node bin/run-ts.mjs bench/web-incidents.ts`; `webListBench()` for bench/run.ts.

const INCIDENTS = Number(process.env.BENCH_WEB_INCIDENTS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_WEB_REQUESTS ?? 200);
const TARGET_MS = 200;
const PAGES = ['/incidents', '/incidents?page=150', '/incidents?status=open', '/incidents?status=resolved&service=payments&page=20', '/incidents/INC-5000'];

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

async function signIn(url: string, link: string): Promise<string> {
  const page = await fetch(link);
  const loginCookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const done = await fetch(link, { method: 'POST', redirect: 'manual', headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${csrf}` });
  const session = done.headers.getSetCookie().find((c) => c.startsWith('tocsin_session='));
  if (!session) throw new Error(`sign-in failed at ${url}: ${done.status}`);
  return session.split(';')[0]!;
}

/** Runs the web list bench; false (and exit code 1) when a page misses the target. `--no-web` skips it. */
export async function webListBench(): Promise<boolean> {
  if (process.argv.includes('--no-web')) return true;
  const tocsin = await bootTocsin<Clock>({ clock: systemClock, policy: benchPolicy(), env: { BENCH_AM_TOKEN: 'unused', LOG_LEVEL: 'error' }, dirPrefix: 'tocsin-bench-web-' });
  const running = tocsin.running;
  try {
    const t0 = Date.now() - INCIDENTS * 60_000;
    await running.ctx.store.transaction(async (tx) => {
      for (let n = 0; n < INCIDENTS; n++) {
        const createdAt = new Date(t0 + n * 60_000).toISOString();
        const i = await tx.incidents.create({ title: `Disk filling on db-${n % 40} (${n})`, severity: n % 7 === 0 ? 'sev1' : 'sev3', serviceId: 'payments', dedupKey: `bench-${n}`, integrationId: null, escalationPolicy: null, createdAt });
        if (n % 10 !== 0) await tx.incidents.update(i.id, { status: 'resolved', resolvedAt: createdAt, resolvedBy: 'alice' });
      }
    });
    const link = await running.ctx.store.transaction((tx) => newLoginLink(tx, running.url, 'alice', new Date()));
    const cookie = await signIn(running.url, link);
    console.log(`\nweb list: ${INCIDENTS} incidents stored (${INCIDENTS / 10} open), ${REQUESTS} sequential GETs per page, signed in`);
    let met = true;
    for (const path of PAGES) {
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const began = performance.now();
        const res = await fetch(`${running.url}${path}`, { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        times.push(performance.now() - began);
      }
      times.sort((a, b) => a - b);
      const p99 = percentile(times, 99);
      met &&= p99 < TARGET_MS;
      console.log(`${path.padEnd(56)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms   p99 ${p99.toFixed(1).padStart(6)} ms   max ${times.at(-1)!.toFixed(1).padStart(6)} ms`);
    }
    console.log(met ? `web list target met (every page p99 < ${TARGET_MS} ms)` : `web list target NOT met (p99 < ${TARGET_MS} ms)`);
    if (!met) process.exitCode = 1;
    return met;
  } finally {
    await tocsin.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await webListBench();
