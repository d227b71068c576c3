/** `tocsin incident show INC-3 --json --format md --as=alice` → words and flags. */
export interface Args {
  readonly words: readonly string[];
  readonly flags: Readonly<Record<string, string | true>>;
}

const VALUE_FLAGS = new Set(['at', 'format', 'as', 'status', 'weeks', 'limit', 'via']);

export function parseArgs(argv: readonly string[]): Args {
  const words: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
      else if (VALUE_FLAGS.has(a.slice(2)) && i + 1 < argv.length) flags[a.slice(2)] = argv[++i]!;
      else flags[a.slice(2)] = true;
    } else words.push(a);
  }
  return { words, flags };
}

export function flag(args: Args, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}
