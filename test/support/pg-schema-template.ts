import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { connect } from '../../src/adapters/db/connect';
import { migrateToLatest } from '../../src/adapters/db/migrate';

/**
 * Migrating a PostgreSQL schema through kysely took ~600 ms per test (thirteen migrations, each
 * its own transaction and lock, over many round trips): most of the fast tier's wall time. Each
 * worker migrates one template schema once, `pg_dump`s it (with kysely's bookkeeping rows, so the
 * copy counts as migrated) and plays that script into every fresh schema in one round trip.
 */
let script: Promise<(schema: string) => string> | undefined;

export async function migrateFromTemplate(url: string, schema: string): Promise<void> {
  script ??= dumpTemplate(url);
  const forSchema = await script;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A throw-away schema need not wait for its WAL to reach the disk (240 → 205 ms a schema).
    await client.query(`SET synchronous_commit = off;\n${forSchema(schema)}`);
  } finally {
    await client.end();
  }
}

async function dumpTemplate(url: string): Promise<(schema: string) => string> {
  const template = `tpl_${randomBytes(6).toString('hex')}`;
  const db = await connect(url, { schema: template, poolSize: 2 });
  try {
    await migrateToLatest(db.kysely, template);
    const { stdout } = await promisify(execFile)('pg_dump', ['--schema', template, '--inserts', '--no-owner', '--no-privileges', url], { maxBuffer: 64 << 20 });
    // Only psql's meta-commands (\restrict) and comments go: the script creates the schema itself.
    const body = stdout.split('\n').filter((l) => !l.startsWith('\\') && !l.startsWith('--')).join('\n');
    return (schema) => body.replaceAll(template, schema);
  } finally {
    await db.kysely.schema.dropSchema(template).cascade().execute().catch(() => undefined);
    await db.close();
  }
}

