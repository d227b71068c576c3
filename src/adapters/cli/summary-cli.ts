import { buildSummaryPost, postSummary } from '../../app/summary/post-summaries';
import type { SummaryPost } from '../../domain/summary/summary-text';
import { flag, type Args } from './args';
import { EXIT, type CliIo, type CliServices } from './cli-io';
import { terminalLine } from './terminal-text';

const USAGE = 'usage: tocsin summary post [summary-id] [--dry-run] [--at time]';

/** The post laid out as its `text`, line by line: a newline inside an incident title cannot add a line. */
function shown(post: SummaryPost): string {
  const block = (title: string, lines: readonly string[]) => [`*${title}*`, ...lines].map(terminalLine).join('\n');
  return [block(post.title, []), ...post.sections.map((s) => block(s.title, s.lines))].join('\n\n');
}

/**
 * `tocsin summary post [id] [--dry-run] [--at T]`: the weekly summary as of now (or T), the same
 * text the scheduler posts. Without --dry-run it is also posted to the summary's channels, as a
 * manual post: it does not count as the scheduled run, which still posts when due.
 */
export async function summaryCli(args: Args, io: CliIo, s: CliServices, publicUrl?: string): Promise<number> {
  const [, verb, id] = args.words;
  if (verb !== 'post') {
    io.err(USAGE);
    return EXIT.usage;
  }
  const atText = flag(args, 'at');
  const at = atText ? new Date(atText) : s.clock.now();
  if (Number.isNaN(at.getTime())) {
    io.err(`--at: not an ISO-8601 time: ${atText}`);
    return EXIT.usage;
  }
  const all = await s.store.read.catalog.summaries();
  const chosen = id ? all.filter((x) => x.id === id) : all;
  if (id && chosen.length === 0) {
    io.err(`no summary ${JSON.stringify(id)}${all.length ? ` (summaries: ${all.map((x) => x.id).join(', ')})` : ''}`);
    return EXIT.failed;
  }
  if (chosen.length === 0) io.out('No summaries: add one under `summaries:` in the policy file and run `tocsin apply`.');
  const dryRun = args.flags['dry-run'] === true;
  for (const [i, summary] of chosen.entries()) {
    if (i > 0) io.out('');
    const where = summary.channels.map((c) => `${c.platform}:${c.id}`).join(', ');
    if (dryRun) {
      io.out(shown(await buildSummaryPost(s.store.read, summary, at, publicUrl)));
      io.out(`\n(dry run: not posted to ${where})`);
      continue;
    }
    const posted = await postSummary({ store: s.store, ...(publicUrl ? { publicUrl } : {}) }, summary, at, `manual:${s.clock.now().toISOString()}`, s.clock.now());
    if (posted) io.out(`${shown(posted.post)}\n\n(posted to ${where})`);
  }
  return EXIT.ok;
}
