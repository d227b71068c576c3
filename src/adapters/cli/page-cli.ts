import { LOCAL_PAGING } from '../../app/paging/paging-setup';
import { sendTestPage } from '../../app/paging/send-test-page';
import { NOTIFY_VIAS, type NotifyVia } from '../../domain/paging/notify-rule';
import { flag, type Args } from './args';
import { EXIT, type CliIo, type CliServices } from './cli-io';
import { personNamed } from './cli-person';

const USAGE = `usage: tocsin page test <person> [--via ${NOTIFY_VIAS.join('|')}] [--json]`;

/**
 * `tocsin page test alice [--via sms]`: queues a test page through each of alice's channels (or the
 * one named); a running Tocsin delivers it. Prints what was queued and what is missing. Exit 0 when
 * something was queued, 1 when nothing could be (unknown person, no contact), 2 for a bad command line.
 */
export async function pageCli(args: Args, io: CliIo, s: CliServices): Promise<number> {
  const [, verb, personId] = args.words;
  const via = flag(args, 'via');
  if (verb !== 'test' || !personId || args.words.length > 3 || (via !== undefined && !NOTIFY_VIAS.includes(via as NotifyVia))) {
    io.err(USAGE);
    return EXIT.usage;
  }
  const person = await personNamed(io, s, personId);
  if (!person) return EXIT.failed;
  const report = await s.store.transaction((tx) => sendTestPage(tx, s.paging ?? LOCAL_PAGING, person, via as NotifyVia | undefined, s.clock.now()));
  if (args.flags.json === true) io.out(JSON.stringify({ person: person.id, ...report }, null, 2));
  else (report.ok ? io.out : io.err)([`Test page for ${person.id}:`, ...report.lines.map((l) => `  ${l}`)].join('\n'));
  return report.ok ? EXIT.ok : EXIT.failed;
}
