import type pg from 'pg';

const NUL = '\u0000';

/**
 * PostgreSQL text cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00"), so an
 * alert title or a note carrying one would fail its whole transaction: a webhook answered 503 for
 * ever, a page never stored. Every string parameter goes out with NUL replaced by U+FFFD (what a
 * decoder shows for an unreadable character). SQLite stores them as sent.
 */
export function withoutNulInText(pool: pg.Pool): pg.Pool {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => query(text, Array.isArray(values) ? values.map(clean) : values, ...rest);
  });
  return pool;
}

function clean(value: unknown): unknown {
  return typeof value === 'string' && value.includes(NUL) ? value.replaceAll(NUL, '\ufffd') : value;
}
