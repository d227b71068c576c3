/**
 * Senders that behave like Alertmanager under faults: a webhook is sent until it gets a 2xx; a 5xx
 * or a dropped connection is retried (on whichever replica the load balancer offers next), a 4xx
 * is final. What got a 2xx is recorded: that, and only that, Tocsin has promised to keep.
 */

/** A deterministic PRNG (mulberry32): a failing run is replayed from its printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The replicas a sender may reach, round robin. A test takes a replica out before killing it (the
 * health check noticing) and puts the restarted one in; with none in, senders wait for one.
 */
export class LoadBalancer {
  private readonly up: string[] = [];
  private turn = 0;
  private waiting: ((url: string) => void)[] = [];

  add(url: string): void {
    this.up.push(url);
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w(this.pick()!);
  }

  remove(url: string): void {
    const i = this.up.indexOf(url);
    if (i >= 0) this.up.splice(i, 1);
  }

  get replicas(): readonly string[] {
    return this.up;
  }

  next(): Promise<string> {
    const url = this.pick();
    return url ? Promise.resolve(url) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private pick(): string | undefined {
    if (this.up.length === 0) return undefined;
    return this.up[this.turn++ % this.up.length];
  }
}

export interface Webhook {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** What a 2xx for this webhook promises: `groupKey` → fingerprints. */
  readonly alerts: readonly { readonly groupKey: string; readonly fingerprint: string }[];
}

export interface SendOutcome {
  readonly status: number;
  readonly attempts: number;
  readonly body: string;
}

/** Sends until a 2xx or a 4xx, like Alertmanager; connection errors and 5xx are retried. */
export async function sendUntilAnswered(target: () => Promise<string>, hook: Webhook, maxAttempts = 200): Promise<SendOutcome> {
  let lastError = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const base = await target();
    try {
      const res = await fetch(base + hook.path, { method: 'POST', headers: hook.headers, body: hook.body });
      const body = await res.text();
      if (res.status < 500) return { status: res.status, attempts: attempt, body };
      lastError = `${res.status} ${body}`;
    } catch (e) {
      lastError = String((e as { cause?: unknown }).cause ?? e);
    }
  }
  throw new Error(`gave up after ${maxAttempts} attempts: ${lastError}`);
}

export interface StormResult {
  /** `groupKey` → fingerprints a 2xx covered. */
  readonly acknowledged: Map<string, Set<string>>;
  readonly answered: number;
  readonly retries: number;
  readonly refused: readonly SendOutcome[];
}

/**
 * Sends every webhook with `concurrency` senders. `onAnswered(n)` runs after each 2xx with the
 * running count, so a test can kill a replica after a random number of them.
 */
export async function storm(target: () => Promise<string>, hooks: readonly Webhook[], options: { concurrency: number; onAnswered?: (n: number) => void | Promise<void> }): Promise<StormResult> {
  const acknowledged = new Map<string, Set<string>>();
  const refused: SendOutcome[] = [];
  let answered = 0;
  let retries = 0;
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < hooks.length) {
      const hook = hooks[next++]!;
      const outcome = await sendUntilAnswered(target, hook);
      retries += outcome.attempts - 1;
      if (outcome.status >= 300) {
        refused.push(outcome);
        continue;
      }
      for (const a of hook.alerts) {
        const fps = acknowledged.get(a.groupKey) ?? new Set<string>();
        fps.add(a.fingerprint);
        acknowledged.set(a.groupKey, fps);
      }
      await options.onAnswered?.(++answered);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  return { acknowledged, answered, retries, refused };
}

/**
 * An Alertmanager-shaped storm: `groups` notification groups, each sent `sends` times with one
 * more alert every time (as a group grows while it fires), every send twice (an HA pair), all
 * shuffled. Only firing alerts, so each group must end as exactly one open incident.
 */
export function alertmanagerStorm(options: { groups: number; sends: number; token: string; random: () => number; prefix?: string }): Webhook[] {
  const hooks: Webhook[] = [];
  const prefix = options.prefix ?? 'storm';
  for (let g = 0; g < options.groups; g++) {
    const groupKey = `{}:{alertname="${prefix}-${g}"}`;
    for (let s = 0; s < options.sends; s++) {
      const alerts = Array.from({ length: s + 1 }, (_, i) => ({
        status: 'firing',
        labels: { alertname: `${prefix}-${g}`, instance: `host-${i}`, severity: 'critical' },
        annotations: { summary: `${prefix} ${g} on host-${i}` },
        startsAt: '2026-01-05T08:00:00.000Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example:9090/graph',
        fingerprint: `${prefix}-${g}-${i}`,
      }));
      const body = JSON.stringify({ version: '4', groupKey, truncatedAlerts: 0, status: 'firing', receiver: 'tocsin', groupLabels: { alertname: `${prefix}-${g}` }, commonLabels: { alertname: `${prefix}-${g}` }, commonAnnotations: {}, externalURL: 'http://alertmanager.example:9093', alerts });
      const hook: Webhook = {
        path: '/webhooks/alertmanager',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        body,
        alerts: alerts.map((a) => ({ groupKey, fingerprint: a.fingerprint })),
      };
      hooks.push(hook, hook);
    }
  }
  return shuffle(hooks, options.random);
}
