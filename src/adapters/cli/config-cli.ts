import { checkPolicyText } from '../../config/policy-check';
import type { Args } from './args';
import { EXIT, type CliIo } from './cli-io';

/** The policy file's text, or undefined after saying why there is none (shared by `config check` and `apply`). */
export function readPolicyFile(io: CliIo, file: string | undefined): string | undefined {
  if (!file) {
    io.err('no policy file: name one, set TOCSIN_CONFIG, or create ./tocsin.yml (see tocsin.example.yml)');
    return undefined;
  }
  const text = io.readFile(file);
  if (text === undefined) io.err(`${file}: no such file`);
  return text;
}

export function configCheckCli(args: Args, io: CliIo, file: string | undefined, now: Date = new Date()): number {
  if (args.words[1] !== 'check') {
    io.err('usage: tocsin config check [file]');
    return EXIT.usage;
  }
  const text = readPolicyFile(io, file);
  if (text === undefined) return EXIT.failed;
  const r = checkPolicyText(text, io.env, { now });
  if (args.flags.json === true) {
    io.out(JSON.stringify({ file, ok: r.errors.length === 0, errors: r.errors, warnings: r.warnings }, null, 2));
    return r.errors.length === 0 ? EXIT.ok : EXIT.failed;
  }
  for (const e of r.errors) io.out(`error   ${e.path}: ${e.message}`);
  for (const w of r.warnings) io.out(`warning ${w.path}: ${w.message}`);
  io.out(r.errors.length === 0 ? `${file}: OK${r.warnings.length ? ` (${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''})` : ''}` : `${file}: ${r.errors.length} error${r.errors.length > 1 ? 's' : ''}`);
  return r.errors.length === 0 ? EXIT.ok : EXIT.failed;
}
