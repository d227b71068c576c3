import { createHash } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { connect } from '../src/adapters/db/connect';
import { migrateToLatest } from '../src/adapters/db/migrate';
import { answerJson, serveBench } from './bench-http';

// The floor: what storing a new incident durably costs on this machine, with none of Tocsin's logic.
// Bare node:http reads and parses the body like bench/bare-server.ts, then writes the rows SPEC.md
// asks of a new incident — the number, the incident, each alert, the timeline (opened, one entry
// per alert, the page; hash-chained), the announcement and the page in the outbox, the timer of
// the next escalation step — as
// hand-written prepared statements into Tocsin's own schema (same tables, same indexes), many
// requests per transaction (group commit), WAL + synchronous=FULL, and answers once that commit is
// done. No validation, routing, on-call lookup or auth. Tocsin cannot beat this line; the gap
// between the two is what Tocsin's code costs, and the gap between this and bare is the database's.

const file = process.env.FLOOR_DATABASE!;
const kysely = await connect(`sqlite:${file}`);
await migrateToLatest(kysely.kysely);
await kysely.close();

const db = new SQLite(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');

const nextNumber = db.prepare("update counters set value = value + 1 where name = 'incident' returning value");
const insertIncident = db.prepare(
  "insert into incidents (number, title, severity, status, service_id, dedup_key, integration_id, escalation_policy, created_at, last_activity_at, alert_count) values (?, ?, 'sev1', 'triggered', 'payments', ?, 'prod-alertmanager', ?, ?, ?, ?)",
);
const insertAlert = db.prepare(
  "insert into alerts (incident_id, fingerprint, status, title, labels, details, links, starts_at, ends_at, first_seen_at, last_seen_at) values (?, ?, 'firing', ?, ?, ?, '[]', ?, null, ?, ?)",
);
const insertEntry = db.prepare("insert into timeline_entries (incident_id, seq, at, actor_kind, actor_id, kind, text, data, prev_hash, hash) values (?, ?, ?, 'source', 'prod-alertmanager', ?, ?, ?, ?, ?)");
const insertOutbox = db.prepare("insert into outbox (platform, ordering_key, kind, payload, dedup_key, created_at, available_at) values ('slack', ?, ?, ?, ?, ?, ?)");
const insertTimer = db.prepare("insert into timers (key, kind, due_at, payload, created_at) values (?, 'timer.escalation_step', ?, ?, ?)");
const POLICY = JSON.stringify({ id: 'platform', steps: [{ afterMs: 0, targets: [{ rotation: 'primary' }] }, { afterMs: 600_000, targets: [{ person: 'alice' }] }] });

interface Alert {
  readonly fingerprint: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
}

function store(body: { groupKey: string; alerts: Alert[] }): void {
  const at = new Date().toISOString();
  const title = body.alerts[0]?.annotations.summary ?? body.groupKey;
  const { value } = nextNumber.get() as { value: number };
  const id = Number(insertIncident.run(value, title, `prod-alertmanager/${body.groupKey}`, POLICY, at, at, body.alerts.length).lastInsertRowid);
  let prev = '0'.repeat(64);
  const entry = (seq: number, kind: string, text: string, data: unknown) => {
    const json = JSON.stringify(data);
    const hash = createHash('sha256').update(`${id}|${seq}|${at}|${kind}|${text}|${json}|${prev}`).digest('hex');
    insertEntry.run(id, seq, at, kind, text, json, prev, hash);
    prev = hash;
  };
  entry(1, 'incident.opened', `Opened from alertmanager alert "${title}"`, { severity: 'sev1', service: 'payments' });
  body.alerts.forEach((a, i) => {
    const labels = JSON.stringify(a.labels);
    insertAlert.run(id, a.fingerprint, a.annotations.summary ?? '', labels, JSON.stringify({ annotations: a.annotations }), a.startsAt, at, at);
    entry(i + 2, 'alert.firing', `Alert firing: ${a.annotations.summary ?? ''}`, { fingerprint: a.fingerprint, labels: a.labels });
  });
  entry(body.alerts.length + 2, 'incident.paged', 'Paged @alice (step 1)', { step: 0, round: 0, person: 'alice' });
  insertOutbox.run(`slack:incident:${id}`, 'notice.incident_opened', JSON.stringify({ incident: { id, number: value, title, severity: 'sev1' }, oncall: ['alice'] }), `slack:opened:${id}`, at, at);
  insertOutbox.run(`slack:incident:${id}`, 'notice.incident_page', JSON.stringify({ incident: { id, number: value, title, severity: 'sev1' }, people: ['alice'], text: `Paging @alice for INC-${value}` }), `slack:page:${id}`, at, at);
  insertTimer.run(`incident:${id}:escalate`, at, JSON.stringify({ incidentId: id, step: 1, round: 0 }), at);
}

let queue: { body: { groupKey: string; alerts: Alert[] }; done: (ok: boolean) => void }[] = [];
const commitAll = db.transaction((jobs: typeof queue) => jobs.forEach((j) => store(j.body)));
function flush(): void {
  const jobs = queue;
  queue = [];
  try {
    commitAll(jobs);
    jobs.forEach((j) => j.done(true));
  } catch {
    jobs.forEach((j) => j.done(false));
  }
}

serveBench((raw, res) => {
  const body = JSON.parse(raw.toString('utf8')) as { groupKey: string; alerts: Alert[] };
  if (queue.length === 0) setImmediate(flush);
  queue.push({ body, done: (ok) => answerJson(res, ok ? 202 : 503, ok ? { status: 'accepted', groupKey: body.groupKey } : { error: 'unavailable' }) });
});
