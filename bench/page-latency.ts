import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../src/app/ports/clock';
import { FakeSlackWithDms } from '../test/fakes/fake-slack-with-dms';
import type { FakeReply, RecordedCall } from '../test/fakes/http-fake-base';

// Alert-to-page latency (issue 14, item 5): Tocsin in its own process on SQLite, as shipped (outbox
// workers, pacing by Slack's tiers), against a loopback Slack API that rate-limits like Slack's
// documented tiers (test/fakes/fake-slack-rate-limits.ts: conversations.create 20 a minute,
// chat.postMessage about one a second per channel…; 429 + Retry-After over them). A probe is a
// generic webhook opening a new incident on a probe service; its latency runs from the request
// sent to the first page Slack receives for it (the direct message to the person on call, or the
// mention in a channel). BENCH_LATENCY_PROBES (20) probes idle, then as many while a background
// load opens BENCH_LATENCY_STORM_RATE (10) new incidents a second on other services.
//
// Bench policy: probes rotate over five probe services (each its own person, direct-message
// channel and announce channel: Slack allows about one post a second per channel) at one every
// 1.5 s, so a probe service opens 8 incidents a minute; the background spreads over 80 services
// (7.5 a minute each), under a storm threshold of 10 a minute per service. Background incidents
// bring what an outage brings besides pages — a channel each, topic, announcement — but their
// first page is due after ten minutes: 600 pages a minute would exceed Slack's workspace-wide
// posting limit (several hundred a minute) on their own, and every page would then wait for
// the pages before it whatever the order of the rest.
// Standalone: `node bin/run-ts.mjs bench/page-latency.ts` or `npm run bench -- --only latency`.

const PROBES = Number(process.env.BENCH_LATENCY_PROBES ?? 20);
const STORM_RATE = Number(process.env.BENCH_LATENCY_STORM_RATE ?? 10);
const PROBE_EVERY_MS = 1_500;
const PROBE_TIMEOUT_MS = 10_000;
const PROBE_SERVICES = 5;
const BACKGROUND_SERVICES = 80;
const TARGET = { idleP95Ms: 250, stormP95Ms: 1_000 };
const TOKEN = 'bench-generic-token-0123456789';
const SIGNING_SECRET = 'bench-signing-secret-0123456789';

const probeUser = (n: number) => `U0PROBE${n}`;

function latencyPolicy(announce: readonly string[], bgAnnounce: string): string {
  const lines = (count: number, f: (n: number) => string) => Array.from({ length: count }, (_, n) => f(n)).join('\n');
  return `
timezone: UTC
people:
${lines(PROBE_SERVICES, (n) => `  - { id: probe-${n}, email: probe-${n}@example.com, slack: ${probeUser(n)} }`)}
  - { id: bg-oncall, email: bg@example.com, slack: U0BGONCALL }
rotations:
${lines(PROBE_SERVICES, (n) => `  - { id: probe-${n}, timezone: UTC, period: weekly, handoff: { weekday: mon, time: "09:00" }, start: 2026-01-05, members: [probe-${n}] }`)}
  - { id: bg, timezone: UTC, period: weekly, handoff: { weekday: mon, time: "09:00" }, start: 2026-01-05, members: [bg-oncall] }
escalation_policies:
${lines(PROBE_SERVICES, (n) => `  - { id: probe-${n}, steps: [{ after: 0s, notify: [{ rotation: probe-${n} }] }] }`)}
  - { id: bg, steps: [{ after: 10m, notify: [{ rotation: bg }] }] }
services:
${lines(PROBE_SERVICES, (n) => `  - { id: probe-${n}, escalation_policy: probe-${n}, chat: [{ platform: slack, channel_prefix: probe${n}, announce_channel: ${announce[n]} }] }`)}
${lines(BACKGROUND_SERVICES, (n) => `  - { id: bg-${n}, escalation_policy: bg, chat: [{ platform: slack, channel_prefix: bg${n}, announce_channel: ${bgAnnounce} }] }`)}
integrations:
  - { id: generic, kind: generic, token_env: BENCH_GENERIC_TOKEN, service: probe-0 }
routes:
${lines(PROBE_SERVICES, (n) => `  - { match: ['svc="probe-${n}"'], service: probe-${n} }`)}
${lines(BACKGROUND_SERVICES, (n) => `  - { match: ['svc="bg-${n}"'], service: bg-${n} }`)}
`;
}

/** The fake Slack, noting when the first page for each incident (`📟 … INC-n …`) arrives. */
class TimedSlack extends FakeSlackWithDms {
  readonly firstPage = new Map<string, number>();

  protected override route(call: RecordedCall): FakeReply {
    const at = performance.now();
    const reply = super.route(call);
    if (call.op === 'chat.postMessage' && reply.status === 200 && (reply.body as { ok?: boolean } | undefined)?.ok) {
      const text = String((call.body as { text?: unknown } | undefined)?.text ?? '');
      const ref = text.startsWith('📟') ? /\b(INC-\d+)\b/.exec(text)?.[1] : undefined;
      if (ref && !this.firstPage.has(ref)) this.firstPage.set(ref, at);
    }
    return reply;
  }
}

function startTocsin(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(resolve('bin/run-ts.mjs'), [resolve('bench/tocsin-server.ts')], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((ok, fail) => {
    child.once('message', (m) => ok({ child, url: (m as { url: string }).url }));
    child.once('exit', (code) => fail(new Error(`Tocsin exited with ${code} before listening`)));
  });
}

const stopTocsin = (child: ChildProcess) =>
  new Promise<void>((done) => {
    child.once('exit', () => done());
    child.send('stop');
  });

/** A new incident on `service`; resolves with its ref once Tocsin answered (2xx only after the commit). */
async function trigger(url: string, service: string, key: string): Promise<string | undefined> {
  const body = { dedup_key: key, action: 'trigger', title: `${service} latency probe ${key}`, severity: 'sev2', labels: { svc: service } };
  const res = await fetch(`${url}/webhooks/generic`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await res.json().catch(() => undefined)) as { incidents?: { ref?: string }[] } | undefined;
  return res.ok ? answer?.incidents?.[0]?.ref : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)] ?? NaN;

interface Phase {
  readonly name: string;
  readonly latencies: number[];
  /** Webhook sent to its 2xx (the incident and its page durable): the part of the latency before the outbox. */
  readonly answered: number[];
  readonly missing: number;
}

/** PROBES probes, one every PROBE_EVERY_MS over the probe services; each waits up to PROBE_TIMEOUT_MS for its page. */
async function probe(url: string, slack: TimedSlack, name: string, seq: { n: number }, count = PROBES): Promise<Phase> {
  const pending: Promise<number | undefined>[] = [];
  const answered: number[] = [];
  for (let i = 0; i < count; i++) {
    const n = seq.n++;
    const sent = performance.now();
    pending.push(
      (async () => {
        const ref = await trigger(url, `probe-${n % PROBE_SERVICES}`, `probe-${n}`);
        if (!ref) return undefined;
        answered.push(performance.now() - sent);
        while (performance.now() - sent < PROBE_TIMEOUT_MS) {
          const at = slack.firstPage.get(ref);
          if (at !== undefined) return at - sent;
          await sleep(5);
        }
        return undefined;
      })(),
    );
    await sleep(PROBE_EVERY_MS);
  }
  const results = await Promise.all(pending);
  const latencies = results.filter((r): r is number => r !== undefined).sort((a, b) => a - b);
  return { name, latencies, answered: answered.sort((a, b) => a - b), missing: results.length - latencies.length };
}

/** STORM_RATE new incidents a second on the background services until stopped; counts what was refused. */
function background(url: string) {
  let n = 0;
  let refused = 0;
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const k = n++;
    const p = trigger(url, `bg-${k % BACKGROUND_SERVICES}`, `bg-${k}`).then(
      (ref) => void (ref ? undefined : refused++),
      () => void refused++,
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }, 1_000 / STORM_RATE);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return { sent: n, refused };
    },
  };
}

function report(phase: Phase, targetMs: number): boolean {
  const l = phase.latencies;
  const f = (ms: number) => `${Number.isFinite(ms) ? ms.toFixed(0) : '—'} ms`.padStart(8);
  const met = phase.missing === 0 && percentile(l, 95) <= targetMs;
  console.log(`${phase.name.padEnd(26)} p50 ${f(percentile(l, 50))}   p95 ${f(percentile(l, 95))}   max ${f(l.at(-1) ?? NaN)}   missing ${phase.missing}/${l.length + phase.missing}   (target p95 ≤ ${targetMs} ms, none missing: ${met ? 'met' : 'NOT met'})`);
  console.log(`${'  of which webhook to 2xx'.padEnd(26)} p50 ${f(percentile(phase.answered, 50))}   p95 ${f(percentile(phase.answered, 95))}   max ${f(phase.answered.at(-1) ?? NaN)}`);
  return met;
}

/** Runs the latency bench; false (and exit code 1) when a target is missed. */
export async function pageLatencyBench(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-latency-'));
  const slack = new TimedSlack({ clock: systemClock, rateLimits: true });
  const apiUrl = await slack.start();
  const announce: string[] = [];
  for (let n = 0; n < PROBE_SERVICES; n++) {
    slack.addUser({ id: probeUser(n), name: `probe-${n}`, email: `probe-${n}@example.com` });
    announce.push(slack.addChannel({ name: `probe-${n}-incidents` }).id);
  }
  slack.addUser({ id: 'U0BGONCALL', name: 'bg-oncall', email: 'bg@example.com' });
  writeFileSync(join(dir, 'tocsin.yml'), latencyPolicy(announce, slack.addChannel({ name: 'bg-incidents' }).id));
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'tocsin.db')}`,
    TOCSIN_CONFIG: join(dir, 'tocsin.yml'),
    BENCH_GENERIC_TOKEN: TOKEN,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    LOG_LEVEL: 'error',
    WEBHOOK_RATE_LIMIT: '0',
  };
  const { child, url } = await startTocsin(env);
  try {
    console.log(`\nalert-to-page latency: ${PROBES} probes each, one every ${PROBE_EVERY_MS} ms over ${PROBE_SERVICES} probe services; Slack rate-limited like its tiers; storm: ${STORM_RATE} new incidents/s over ${BACKGROUND_SERVICES} other services`);
    const seq = { n: 0 };
    await probe(url, slack, 'warm-up', { n: 1_000_000 }, 3);
    const idle = await probe(url, slack, 'idle', seq);
    const load = background(url);
    await sleep(5_000);
    const storm = await probe(url, slack, `storm (${STORM_RATE} incidents/s)`, seq);
    const sent = await load.stop();
    const met = [report(idle, TARGET.idleP95Ms), report(storm, TARGET.stormP95Ms)].every(Boolean);
    const created = slack.calls.filter((c) => c.op === 'conversations.create' && c.status === 200).length;
    const limited = slack.calls.filter((c) => c.status === 429).map((c) => c.op);
    console.log(`background: ${sent.sent} incidents sent, ${sent.refused} refused; Slack: ${created} channels created, ${limited.length} calls answered 429${limited.length ? ` (${[...new Set(limited)].join(', ')})` : ''}`);
    console.log(met ? 'latency targets met' : 'latency targets NOT met');
    if (!met) process.exitCode = 1;
    return met;
  } finally {
    await stopTocsin(child);
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await pageLatencyBench();
