import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { migrations } from '../../migrations/index';

it('lists every migration file in migrations/index.ts', () => {
  const files = readdirSync(new URL('../../migrations/', import.meta.url)).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
  expect(Object.keys(migrations).sort()).toEqual(files.sort());
});
