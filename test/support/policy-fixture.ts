import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * The one way tests and the bench write a policy file: a typed builder over the file's own shape
 * (SPEC "Policy file"), turned into YAML by the `yaml` package. Defaults are what most tests
 * want and say nothing about: people have `<id>@example.com`, rotations turn weekly on Monday
 * 09:00 from 2026-01-05, a service's escalation policy is the first one declared, an integration's
 * service the first service. A second call with the same id changes only what it names; a field
 * set to `undefined` is left out of the file.
 *
 *   policyFixture('Europe/Berlin').person('alice', { slack: 'U01ALICE' }).rotation('primary', ['alice'])
 *     .escalationPolicy('web', [step('0s', { rotation: 'primary' })]).service('web').yaml()
 */
export type Fields = Readonly<Record<string, unknown>>;
export type NotifyTarget = { readonly rotation: string } | { readonly person: string } | { readonly channel: { readonly platform: string; readonly id: string } };
export type WebhookKindName = 'alertmanager' | 'grafana' | 'datadog' | 'pagerduty' | 'generic';

/** One escalation step: `after` (e.g. `0s`, `10m`) and whom it notifies. */
export const step = (after: string, ...notify: NotifyTarget[]) => ({ after, notify });

/** A chat target of a service: `{ platform: slack, … }` or `{ platform: teams, … }`. */
export const slackChat = (fields: Fields = {}) => ({ platform: 'slack', ...fields });
export const teamsChat = (team: string, channel: string, fields: Fields = {}) => ({ platform: 'teams', team, channel, ...fields });

/** Top-level keys in the order the file is written. */
const ORDER = ['timezone', 'people', 'access', 'rotations', 'overrides', 'escalation_policies', 'services', 'integrations', 'routes', 'summaries', 'paging'] as const;
type ListKey = 'people' | 'rotations' | 'overrides' | 'escalation_policies' | 'services' | 'integrations' | 'routes' | 'summaries';

export class PolicyFixture {
  private readonly doc: Record<string, unknown> = {};

  constructor(timezone = 'UTC') {
    this.doc.timezone = timezone;
  }

  /** Adds a person, or changes the fields of one already added (the rest of it stays). */
  person(id: string, fields: Fields = {}): this {
    return this.upsert('people', id, { email: `${id}@example.com` }, fields);
  }

  rotation(id: string, members: readonly string[], fields: Fields = {}): this {
    return this.upsert('rotations', id, { period: 'weekly', handoff: { weekday: 'mon', time: '09:00' }, start: '2026-01-05' }, { members, ...fields });
  }

  escalationPolicy(id: string, steps: readonly ReturnType<typeof step>[], fields: Fields = {}): this {
    return this.upsert('escalation_policies', id, {}, { steps, ...fields });
  }

  service(id: string, fields: Fields = {}): this {
    const first = this.list('escalation_policies')[0]?.id;
    return this.upsert('services', id, first ? { escalation_policy: first } : {}, fields);
  }

  /** An integration whose token is read from `token_env` (default `TOCSIN_<KIND>_TOKEN`). */
  integration(id: string, kind: WebhookKindName, fields: Fields = {}): this {
    const service = this.list('services')[0]?.id;
    return this.upsert('integrations', id, { token_env: `TOCSIN_${kind.toUpperCase()}_TOKEN`, ...(service ? { service } : {}) }, { kind, ...fields });
  }

  route(fields: Fields): this {
    this.list('routes').push({ ...fields });
    return this;
  }

  override(fields: Fields): this {
    this.list('overrides').push({ ...fields });
    return this;
  }

  summary(id: string, fields: Fields): this {
    return this.upsert('summaries', id, {}, fields);
  }

  access(fields: Fields): this {
    this.doc.access = { ...(this.doc.access as Fields | undefined), ...fields };
    return this;
  }

  paging(fields: Fields): this {
    this.doc.paging = { ...(this.doc.paging as Fields | undefined), ...fields };
    return this;
  }

  /** Changes the document by hand (a step's delay, an entry put first) where the methods above do not reach. */
  edit(change: (doc: Record<string, any>) => void): this {
    change(this.doc);
    return this;
  }

  /** A copy of the document, for tests that change one thing by hand. */
  object(): Record<string, any> {
    return structuredClone(this.ordered());
  }

  yaml(): string {
    return stringify(this.ordered());
  }

  private ordered(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of ORDER) if (this.doc[key] !== undefined) out[key] = this.doc[key];
    return out;
  }

  private list(key: ListKey): Record<string, any>[] {
    return ((this.doc[key] as Record<string, any>[] | undefined) ??= []);
  }

  /** A new entry is `{ id, ...defaults, ...fields }`; one already there keeps what `fields` does not set. */
  private upsert(key: ListKey, id: string, defaults: Fields, fields: Fields): this {
    const list = this.list(key);
    const at = list.findIndex((e) => e.id === id);
    if (at >= 0) list[at] = { ...list[at], ...fields };
    else list.push({ id, ...defaults, ...fields });
    return this;
  }
}

export const policyFixture = (timezone?: string) => new PolicyFixture(timezone);

export interface PolicyDir {
  readonly dir: string;
  /** `<dir>/tocsin.yml`, for TOCSIN_CONFIG or `tocsin apply`. */
  readonly file: string;
  cleanup(): void;
}

/** A fresh temporary directory holding `tocsin.yml` (a fixture or text already written out). */
export function writePolicyDir(policy: PolicyFixture | string, prefix = 'tocsin-'): PolicyDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'tocsin.yml');
  writeFileSync(file, typeof policy === 'string' ? policy : policy.yaml());
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
