/**
 * Datadog's event titles carry the monitor transition in brackets before the monitor name:
 * `[Triggered] High CPU`, `[Recovered on {host:web-1}] High CPU`, `[P1] [Re-Triggered] …`.
 * With the default webhook template that is the only place the transition is said.
 */
export interface DatadogTitle {
  /** The title without its bracketed prefixes. */
  readonly name: string;
  readonly transition?: string;
  /** `{host:web-1}` of a multi-alert monitor, so each group keeps its own incident. */
  readonly scope?: string;
  readonly priority?: string;
}

const PREFIX = /^\s*\[([^\]]*)\]/;
const TRANSITION = /^((?:re-)?(?:triggered|recovered|warn|no data)|renotify|warn recovered|null)(?: on (\{.*\}))?$/i;

export function readDatadogTitle(title: string): DatadogTitle {
  let rest = title;
  let transition: string | undefined;
  let scope: string | undefined;
  let priority: string | undefined;
  for (let m = PREFIX.exec(rest); m; m = PREFIX.exec(rest)) {
    const inner = (m[1] ?? '').trim();
    const t = TRANSITION.exec(inner);
    if (t) {
      transition = t[1];
      scope = t[2];
    } else if (/^p[1-5]$/i.test(inner)) priority = inner.toUpperCase();
    else break;
    rest = rest.slice(m[0].length);
  }
  const name = rest.trim() || title.trim();
  return { name, ...(transition ? { transition } : {}), ...(scope ? { scope } : {}), ...(priority ? { priority } : {}) };
}

/** What a transition asks of Tocsin; undefined for words Datadog does not document. */
export function transitionAction(transition: string): 'trigger' | 'resolve' | undefined {
  const t = transition.trim().toLowerCase();
  if (t.includes('recovered')) return 'resolve';
  if (/^(re-)?(triggered|warn|no data)$|^renotify$|^null$/.test(t)) return 'trigger';
  return undefined;
}
