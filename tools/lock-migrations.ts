// Appends every migration not yet in migrations/migrations.lock with its SHA-256. Hashes already
// locked are never rewritten: an edited migration must fail the test, not be re-locked.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('../migrations/', import.meta.url);
const lockFile = new URL('migrations.lock', dir);
let text: string;
try {
  text = readFileSync(lockFile, 'utf8');
} catch {
  text = '# SHA-256 of each committed migration. Append only; test/integration/migrations.test.ts checks it.\n';
}
const locked = new Set(text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split(/\s+/)[0]));
const added: string[] = [];
for (const file of readdirSync(dir).filter((f) => /^\d{12}_.+\.ts$/.test(f)).sort()) {
  if (locked.has(file)) continue;
  added.push(`${file} ${createHash('sha256').update(readFileSync(new URL(file, dir))).digest('hex')}`);
}
if (added.length > 0) writeFileSync(lockFile, text.replace(/\n*$/, '\n') + added.join('\n') + '\n');
console.log(added.length ? `locked: ${added.map((a) => a.split(' ')[0]).join(', ')}` : 'every migration is locked already');
