import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { connect } from '../../src/adapters/db/connect';
import { migrateToLatest } from '../../src/adapters/db/migrate';

/**
 * Throw-away PostgreSQL schemas for the tests, migrated and empty.
 *
 * Migrating a schema through kysely took ~600 ms per test; playing a `pg_dump` of a migrated template
 * into it, ~200 ms idle and 320 ms on average with two workers; dropping it, 70 ms more. That was a
 * third of the fast tier's test time (142 schemas). So each worker keeps the schemas its tests gave
 * back and empties one for the next test instead: the template's rows put back in one round trip of
 * a few milliseconds. A schema whose structure a test changed (a dropped trigger, say) is not reused:
 * its catalog fingerprint no longer matches the template's, so it is dropped.
 */
interface Template {
  /** The template's script for a new schema of that name. */
  readonly create: (schema: string) => string;
  /** Empties a schema and puts the template's rows and sequence values back. */
  readonly reset: (schema: string) => string;
  readonly fingerprint: string;
  /** Every table of the template, the kysely bookkeeping's too. */
  readonly tables: readonly string[];
}

let template: Promise<Template> | undefined;
/** Emptied schemas of this worker, ready for the next test. */
const free: string[] = [];
/** Schemas of this worker are named after its process, so a later run can drop what a dead one left. */
const PREFIX = `tpool_${process.pid}_`;

/** A migrated, empty schema of `url` for one test; give it back with `releaseSchema`. */
export async function takeSchema(url: string): Promise<string> {
  const t = await (template ??= prepareTemplate(url));
  const reused = free.pop();
  if (reused) return reused;
  const schema = `${PREFIX}${randomBytes(5).toString('hex')}`;
  await (await admin(url)).query(t.create(schema));
  return schema;
}

/**
 * Takes back a schema once its test closed every connection to it: emptied for the next test, or
 * dropped when its structure is no longer the template's (or it could not be emptied).
 */
export async function releaseSchema(url: string, schema: string): Promise<void> {
  const t = await template!;
  const client = await admin(url);
  try {
    if ((await client.query(FINGERPRINT, [schema, t.tables])).rows[0]?.fingerprint === t.fingerprint) {
      // In one transaction, so the session's settings come back whatever happens. A lock a leaked
      // connection still holds fails the reset instead of hanging the test.
      await client.query(`BEGIN; SET LOCAL lock_timeout = '2s'; ${t.reset(schema)} COMMIT;`);
      free.push(schema);
      return;
    }
  } catch {
    await client.query('ROLLBACK').catch(() => undefined);
  }
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
}

/**
 * One connection per worker for making, emptying and dropping schemas: a connection of its own each
 * time cost ~25 ms to open and close, twice per test. It does not keep the worker alive.
 */
let adminClient: Promise<pg.Client> | undefined;
function admin(url: string): Promise<pg.Client> {
  return (adminClient ??= (async () => {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => (adminClient = undefined));
    await client.connect();
    (client as unknown as { connection: { stream: { unref(): void } } }).connection.stream.unref();
    // A throw-away schema need not wait for its WAL to reach the disk (240 → 205 ms a schema).
    await client.query('SET synchronous_commit = off');
    return client;
  })());
}

/**
 * Each table's columns, indexes, constraints and triggers (with whether each is enabled), hashed.
 * Found from the template's table names through the catalogs' indexes: the test database's catalogs
 * are bloated by every schema earlier runs created and dropped, and a scan of them cost 40–70 ms.
 */
const FINGERPRINT = `
  WITH r AS (SELECT name, to_regclass(quote_ident($1) || '.' || quote_ident(name))::oid AS oid FROM unnest($2::text[]) AS name)
  SELECT md5(string_agg(item, ',' ORDER BY item)) AS fingerprint FROM (
    SELECT r.name || coalesce((SELECT string_agg(a.attname || ':' || a.atttypid::text || a.atttypmod::text || a.attnotnull::text, ',' ORDER BY a.attnum)
      FROM pg_attribute a WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped), ' missing') AS item FROM r
    UNION ALL SELECT 'i:' || ic.relname || i.indisunique::text FROM r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic ON ic.oid = i.indexrelid
    UNION ALL SELECT 'c:' || co.conname || co.contype::text FROM r JOIN pg_constraint co ON co.conrelid = r.oid
    UNION ALL SELECT 't:' || tg.tgname || tg.tgenabled::text FROM r JOIN pg_trigger tg ON tg.tgrelid = r.oid WHERE NOT tg.tgisinternal
  ) items`;

async function prepareTemplate(url: string): Promise<Template> {
  await dropDeadWorkersSchemas(url);
  const name = `tpl_${randomBytes(6).toString('hex')}`;
  const db = await connect(url, { schema: name, poolSize: 2 });
  try {
    await migrateToLatest(db.kysely, name);
    const { stdout } = await promisify(execFile)('pg_dump', ['--schema', name, '--inserts', '--no-owner', '--no-privileges', url], { maxBuffer: 64 << 20 });
    // Only psql's meta-commands (\restrict) and comments go: the script creates the schema itself.
    const lines = stdout.split('\n').filter((l) => !l.startsWith('\\') && !l.startsWith('--'));
    const body = lines.join('\n');
    const tables = lines.flatMap((l) => /^CREATE TABLE \S+?\.(\w+) \(/.exec(l)?.[1] ?? []);
    // Every table goes back to the template's rows, kysely's bookkeeping too: a row a test added there
    // (a migration from the future, say) must not reach the next test.
    const rows = lines.filter((l) => l.startsWith('INSERT INTO ') || l.startsWith('SELECT pg_catalog.setval('));
    const fingerprint = (await (await admin(url)).query<{ fingerprint: string }>(FINGERPRINT, [name, tables])).rows[0]!.fingerprint;
    // Replica mode skips triggers (the timeline's append-only guard) and foreign keys while emptying.
    const reset = ['SET LOCAL session_replication_role = replica;', ...tables.map((t) => `DELETE FROM ${name}.${t};`), ...rows].join('\n');
    return { create: (schema) => body.replaceAll(name, schema), reset: (schema) => reset.replaceAll(name, schema), fingerprint, tables };
  } finally {
    await db.kysely.schema.dropSchema(name).cascade().execute().catch(() => undefined);
    await db.close();
  }
}

/** Schemas of workers no longer running (a crashed or interrupted run) are dropped when a worker starts. */
async function dropDeadWorkersSchemas(url: string): Promise<void> {
  const client = await admin(url);
  const { rows } = await client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tpool\\_%'`);
  for (const { nspname } of rows) {
    const pid = /^tpool_(\d+)_/.exec(nspname)?.[1];
    if (pid && !existsSync(`/proc/${pid}`)) await client.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`).catch(() => undefined);
  }
}
