import { CompiledQuery, SqliteDialect, type DatabaseConnection, type Driver, type SqliteDriver } from 'kysely';

/**
 * SQLite transactions that take the write lock when they begin (`BEGIN IMMEDIATE`). Kysely's plain
 * `BEGIN` is deferred: a transaction that reads, then writes after another process (`tocsin chat`
 * beside `tocsin serve`, both on one file) committed, fails at once with "database is locked" —
 * the busy timeout never applies to that upgrade. Taking the lock first makes it wait its turn.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver() as SqliteDriver;
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}
