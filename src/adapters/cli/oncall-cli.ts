import { DateTime } from 'luxon';
import { whoIsOnCall, type ShiftJson } from '../../app/oncall-query';
import { flag, type Args } from './args';
import { EXIT, type CliIo, type CliServices } from './cli-io';
import { terminalLine } from './terminal-text';

/** `2026-11-30 09:00 CET (08:00 UTC)`: the rotation's wall clock first, UTC beside it. */
export function bothZones(iso: string, zone: string): string {
  const t = DateTime.fromISO(iso, { zone });
  return `${t.toFormat('ccc yyyy-LL-dd HH:mm ZZZZ')} (${t.toUTC().toFormat("HH:mm 'UTC'")})`;
}

function describe(s: ShiftJson | null, zone: string, what: 'since' | 'from'): string {
  if (!s) return 'nobody';
  return `${s.person}${s.override ? ' (override)' : ''} ${what} ${bothZones(s.start, zone)} until ${bothZones(s.end, zone)}`;
}

export async function oncallCli(args: Args, io: CliIo, s: CliServices): Promise<number> {
  const rotation = args.words[1];
  const atText = flag(args, 'at');
  const at = atText ? new Date(atText) : s.clock.now();
  if (Number.isNaN(at.getTime())) {
    io.err(`--at: not an ISO-8601 time: ${atText}`);
    return EXIT.usage;
  }
  const rows = await whoIsOnCall(s.store.read.catalog, rotation, at);
  if (!rows) {
    io.err(`no rotation ${JSON.stringify(rotation)}; \`tocsin oncall\` lists every rotation`);
    return EXIT.failed;
  }
  if (args.flags.json === true) {
    io.out(JSON.stringify(rotation ? rows[0] : rows, null, 2));
    return EXIT.ok;
  }
  if (rows.length === 0) io.out('No rotations yet: write them in the policy file and run `tocsin apply`.');
  for (const r of rows) io.out(`${terminalLine(`${r.rotation}: ${describe(r.current, r.timezone, 'since')}`)}\n${terminalLine(`  next: ${describe(r.next, r.timezone, 'from')}`)}`);
  return EXIT.ok;
}
