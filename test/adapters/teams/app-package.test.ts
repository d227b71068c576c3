import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { colorIcon, outlineIcon, pngSize } from '../../../src/adapters/teams/app-icons';
import { appPackage, manifestFor } from '../../../src/adapters/teams/package-app';

const root = new URL('../../../teams/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', root), 'utf8')) as Record<string, any>;
// microsoft/json-schemas teams/v1.17/MicrosoftTeams.schema.json, kept here so the test runs offline.
const schema = JSON.parse(readFileSync(new URL('schemas/teams-manifest-v1.17.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('uri', (s: string) => URL.canParse(s));
const validate = ajv.compile(schema);

/** The entries of a zip, read from its local headers (enough for the archives zipFile writes). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const start = at + 30 + nameLength + zip.readUInt16LE(at + 28);
    out.set(zip.toString('utf8', at + 30, at + 30 + nameLength), inflateRawSync(zip.subarray(start, start + size)));
    at = start + size;
  }
  return out;
}

describe('Teams app package', () => {
  it('has a manifest valid against the schema of the version it declares (v1.17), offline', () => {
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.$schema).toBe('https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json');
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('declares a bot for teams and personal chats, with the command list', () => {
    const [bot] = manifest.bots;
    expect(bot.scopes).toEqual(['team', 'personal']);
    const titles = bot.commandLists.flatMap((l: { commands: { title: string }[] }) => l.commands.map((c) => c.title));
    expect(titles).toEqual(expect.arrayContaining(['incident ack', 'incident note', 'incident resolve', 'oncall']));
    expect(manifest.authorization.permissions.resourceSpecific).toContainEqual({ name: 'Channel.Create.Group', type: 'Application' });
  });

  it('is really checked: a broken manifest is refused', () => {
    const broken = structuredClone(manifest);
    broken.accentColor = 'red';
    delete broken.bots[0].botId;
    broken.bots[0].commandLists[0].commands[0].title = 'x'.repeat(33);
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/accentColor', '/bots/0', '/bots/0/commandLists/0/commands/0/title']));
  });

  it('ships the icons Teams asks for (192×192 colour, 32×32 outline), as drawn by app-icons', () => {
    const color = readFileSync(new URL('color.png', root));
    const outline = readFileSync(new URL('outline.png', root));
    expect(pngSize(color)).toEqual({ width: 192, height: 192 });
    expect(pngSize(outline)).toEqual({ width: 32, height: 32 });
    expect(color.equals(colorIcon())).toBe(true);
    expect(outline.equals(outlineIcon())).toBe(true);
  });

  it('zips manifest and icons at the root, with the bot id of this installation', () => {
    const appId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    const files = unzip(appPackage(new URL('.', root).pathname, appId));
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const packed = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(packed).toEqual(manifestFor(manifest, appId));
    expect(packed.bots[0].botId).toBe(appId);
    expect(packed.id).toBe(appId);
    expect(validate(packed)).toBe(true);
    expect(files.get('color.png')!.equals(readFileSync(new URL('color.png', root)))).toBe(true);
  });
});
