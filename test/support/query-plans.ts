import { CompiledQuery, sql, type Kysely, type QueryExecutor } from 'kysely';
import type { Db } from '../../src/adapters/db/connect';
import type { Database } from '../../src/adapters/db/schema';

/**
 * `db` with every statement sent through it recorded (built, raw or prepared), so a test can ask
 * the database how it runs the statement the code really sends, not a copy of its SQL that could
 * drift. Statements inside `transaction()` are not recorded.
 */
export function recordingStatements(db: Db): { readonly db: Db; readonly statements: CompiledQuery[] } {
  const statements: CompiledQuery[] = [];
  // A Kysely of its own (same connections), so its executor can be wrapped without touching db's.
  const kysely: Kysely<Database> = db.kysely.withPlugin({ transformQuery: (args) => args.node, transformResult: async (args) => args.result });
  const executor: QueryExecutor = kysely.getExecutor();
  const send = executor.executeQuery.bind(executor);
  executor.executeQuery = (query, ...rest) => {
    statements.push(query);
    return send(query, ...rest);
  };
  return { db: { ...db, kysely }, statements };
}

/**
 * The plan of `query` as text, one line per step: SQLite's EXPLAIN QUERY PLAN details, or
 * PostgreSQL's EXPLAIN with sequential scans priced out of reach, so the plan shows what an index
 * can do whatever the planner thinks of a small test table.
 */
export async function planOf(db: Db, query: CompiledQuery): Promise<string> {
  if (db.dialect === 'sqlite') {
    const r = await db.kysely.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]));
    return r.rows.map((row) => row.detail).join('\n');
  }
  return db.kysely.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const r = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${query.sql}`, [...query.parameters]));
    return r.rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}
