import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { colorIcon, outlineIcon } from './app-icons';
import { zipFile } from './zip-file';

const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';

/**
 * The manifest with this installation's bot: the Teams app, its bot and its Entra app are one id
 * (MICROSOFT_APP_ID), so the placeholder GUID becomes that id everywhere.
 */
export function manifestFor(manifest: Record<string, unknown>, appId: string | undefined): Record<string, unknown> {
  if (!appId) return manifest;
  return JSON.parse(JSON.stringify(manifest).split(PLACEHOLDER).join(appId)) as Record<string, unknown>;
}

/** The Teams app package: manifest.json and the two icons at the root of a zip, as Teams wants it. */
export function appPackage(folder: string, appId: string | undefined): Buffer {
  const manifest = manifestFor(JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Record<string, unknown>, appId);
  const icons = manifest.icons as { color: string; outline: string };
  return zipFile([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: icons.color, data: readFileSync(join(folder, icons.color)) },
    { name: icons.outline, data: readFileSync(join(folder, icons.outline)) },
  ]);
}

/**
 * `npm run teams:package [-- --out file] [-- --icons]`: writes `teams/tocsin-teams.zip` for
 * upload in Teams (Apps → Manage your apps → Upload an app). `--icons` redraws the two icons.
 */
function main(argv: readonly string[]): void {
  const folder = resolve('teams');
  if (argv.includes('--icons')) {
    writeFileSync(join(folder, 'color.png'), colorIcon());
    writeFileSync(join(folder, 'outline.png'), outlineIcon());
  }
  const at = argv.indexOf('--out');
  const out = resolve(at >= 0 && argv[at + 1] ? argv[at + 1]! : join(folder, 'tocsin-teams.zip'));
  const appId = process.env.MICROSOFT_APP_ID;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, appPackage(folder, appId));
  console.log(`wrote ${out}${appId ? ` for bot ${appId}` : ' (set MICROSOFT_APP_ID to put your bot id in the manifest)'}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'package-app.ts')) main(process.argv.slice(2));
