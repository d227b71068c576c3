import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './schema';

/**
 * Queries built once and run many times. Kysely builds and compiles a query afresh on every call
 * (an immutable tree of frozen nodes, then a visitor writing SQL): tens of microseconds, more than
 * SQLite takes to run the small indexed reads and writes of the webhook path. A prepared query is
 * built with placeholders (`args.name` or `param('name')`), compiled once per dialect, and
 * afterwards only has its parameters filled in. The SQL is still Kysely's, so it is checked against the schema types and
 * written once for SQLite and PostgreSQL.
 */

const MARK = '\u0000tocsin-param:';

/** Names handed out while a build function runs, to check that each one reached the query as a parameter. */
let handedOut: Set<string> | undefined;

/** Stands for the named argument in a prepared query; typed as whatever the column takes. */
export function param<T = never>(name: string): T {
  handedOut?.add(name);
  return `${MARK}${name}` as unknown as T;
}

/** The `args` a build function receives: reading `args.x` is `param('x')`, typed as the build function declares. */
const placeholders: Record<string, unknown> = new Proxy({}, { get: (_, name) => (typeof name === 'string' ? param(name) : undefined) });

type Slot = { readonly arg: string } | { readonly value: unknown };

interface Template {
  readonly sql: string;
  readonly slots: readonly Slot[];
}

export interface Prepared<A extends Record<string, unknown>, R> {
  execute(db: Kysely<Database>, args: A): Promise<QueryResult<R>>;
  /** The rows of a query that returns rows (a select, or a write with RETURNING). */
  rows(db: Kysely<Database>, args: A): Promise<R[]>;
  first(db: Kysely<Database>, args: A): Promise<R | undefined>;
  /** The first row of a query that always returns one (a write with RETURNING, an aggregate). */
  firstOrThrow(db: Kysely<Database>, args: A): Promise<R>;
}

/**
 * `build` receives a Kysely instance only to start the builder, and `args`: every value that
 * changes between calls must be `args.name` (or `param('name')`), passed to Kysely as it is. A
 * value written inline is compiled in once, as a constant. Declaring the type of `args` in the
 * build function (`(db, a: { id: number }) => …`) types the arguments of every call, and leaves
 * the row type to be inferred from the query.
 *
 * A placeholder works only as a bound parameter: one written into the SQL text (`sql.lit`, `sql.raw`,
 * where Kysely takes a column name), or computed on before it reaches Kysely (`Number(a.x)`,
 * `a.x + '%'`, `JSON.stringify(a.x)`), would be a constant, so the first call throws instead. A
 * name may be used several times; a missing argument (undefined, not null) throws at the call.
 */
export function prepare<A extends Record<string, unknown>, R>(build: (db: Kysely<Database>, args: A) => Compilable<R>): Prepared<A, R> {
  // One template per dialect (keyed by the adapter object each Kysely instance has): SQLite and
  // PostgreSQL compile differently.
  const templates = new WeakMap<object, Template>();
  const template = (db: Kysely<Database>): Template => {
    const key = db.getExecutor().adapter;
    let t = templates.get(key);
    if (!t) {
      t = compileTemplate(db, build as (db: Kysely<Database>, args: Record<string, unknown>) => Compilable<R>);
      templates.set(key, t);
    }
    return t;
  };
  const execute = async (db: Kysely<Database>, args: A): Promise<QueryResult<R>> => {
    const t = template(db);
    const parameters = t.slots.map((s) => {
      if ('value' in s) return s.value;
      const v = args[s.arg];
      if (v === undefined) throw new Error(`prepared query: no value for ${s.arg}`);
      return v;
    });
    return db.executeQuery<R>(CompiledQuery.raw(t.sql, parameters));
  };
  return {
    execute,
    rows: async (db, args) => (await execute(db, args)).rows,
    first: async (db, args) => (await execute(db, args)).rows[0],
    async firstOrThrow(db, args) {
      const { rows } = await execute(db, args);
      if (rows.length === 0) throw new Error(`prepared query returned no row: ${template(db).sql}`);
      return rows[0]!;
    },
  };
}

function compileTemplate<R>(db: Kysely<Database>, build: (db: Kysely<Database>, args: Record<string, unknown>) => Compilable<R>): Template {
  const names = new Set<string>();
  handedOut = names;
  let compiled: CompiledQuery<R>;
  try {
    compiled = build(db, placeholders).compile();
  } finally {
    handedOut = undefined;
  }
  const bad = (why: string) => new Error(`prepared query: ${why}, so it would be a constant: ${compiled.sql.replaceAll(MARK, ':')}`);
  if (compiled.sql.includes(MARK)) throw bad('a placeholder was written into the SQL text, not bound');
  const slots = compiled.parameters.map((p): Slot => {
    if (typeof p !== 'string' || !p.includes(MARK)) return { value: p };
    const arg = p.slice(MARK.length);
    if (!p.startsWith(MARK) || !names.has(arg)) throw bad(`a placeholder was changed before it reached Kysely (${JSON.stringify(p.replaceAll(MARK, ':'))})`);
    return { arg };
  });
  for (const name of names) if (!slots.some((s) => 'arg' in s && s.arg === name)) throw bad(`${name} is not bound as a parameter`);
  return { sql: compiled.sql, slots };
}
