import { applyPolicy, type ApplyReport } from '../../app/policy/apply-policy';
import { checkPolicyText } from '../../config/policy-check';
import type { Args } from './args';
import { EXIT, type CliIo, type CliServices } from './cli-io';
import { readPolicyFile } from './config-cli';

export function printApplyReport(io: CliIo, r: ApplyReport): void {
  if (r.changes.length === 0) io.out(r.dryRun ? 'Nothing would change.' : 'Nothing changed: the database already matches the policy file.');
  for (const c of r.changes) io.out(`${r.dryRun ? 'would ' : ''}${c.action.padEnd(7)} ${c.kind} ${c.id}`);
  for (const m of r.shiftMoves) io.out(`${r.dryRun ? 'would move' : 'moved'} shifts in the next 4 weeks of ${m.rotation} for: ${m.people.join(', ')}`);
}

export async function applyCli(args: Args, io: CliIo, s: CliServices, file: string | undefined): Promise<number> {
  const text = readPolicyFile(io, file);
  if (text === undefined || file === undefined) return EXIT.failed;
  const check = checkPolicyText(text, io.env, { now: s.clock.now() });
  if (!check.policy) {
    for (const e of check.errors) io.err(`error   ${e.path}: ${e.message}`);
    io.err(`${file}: not applied (${check.errors.length} error${check.errors.length === 1 ? '' : 's'}; see tocsin config check)`);
    return EXIT.failed;
  }
  const report = await applyPolicy(s, check.policy, { dryRun: args.flags['dry-run'] === true });
  if (args.flags.json === true) io.out(JSON.stringify(report, null, 2));
  else printApplyReport(io, report);
  return EXIT.ok;
}
