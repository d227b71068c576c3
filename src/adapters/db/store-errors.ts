import { StoreConflict } from '../../app/ports/store';

// Unique violation, deadlock victim, serialization failure (PostgreSQL), SQLite's unique error.
const TRANSIENT_CODES = new Set(['23505', '40P01', '40001', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** A database error as the app sees it: a StoreConflict when a retry can pass, else as it is. */
export function storeError(e: unknown): unknown {
  const err = e as { code?: string; message?: string } | undefined;
  const transient = TRANSIENT_CODES.has(err?.code ?? '') || /UNIQUE constraint failed/.test(err?.message ?? '');
  return transient ? new StoreConflict(e) : e;
}
