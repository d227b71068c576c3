import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { migrations } from '../../migrations/index';

it('lists every migration file in migrations/index.ts', () => {
  const files = readdirSync(new URL('../../migrations/', import.meta.url)).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
  expect(Object.keys(migrations).sort()).toEqual(files.sort());
});

// migrations/migrations.lock: the SHA-256 of each committed migration. A migration that ran on
// someone's database must never change (add a new one instead); a new file must be added to the
// lock with its hash (`node bin/run-ts.mjs tools/lock-migrations.ts` writes it).
it('never edits a committed migration: each file matches its hash in migrations/migrations.lock', () => {
  const dir = new URL('../../migrations/', import.meta.url);
  const lock = Object.fromEntries(
    readFileSync(new URL('migrations.lock', dir), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.split(/\s+/) as [string, string]),
  );
  const hashes = Object.fromEntries(
    readdirSync(dir)
      .filter((f) => /^\d{12}_.+\.ts$/.test(f))
      .map((f) => [f, createHash('sha256').update(readFileSync(new URL(f, dir))).digest('hex')]),
  );
  for (const [file, hash] of Object.entries(lock)) expect(hashes[file], `${file} was edited or removed after it was committed: add a new migration instead`).toBe(hash);
  for (const file of Object.keys(hashes)) expect(lock[file], `${file} is not in migrations/migrations.lock: run tools/lock-migrations.ts`).toBeDefined();
});
