import { runChatCommand } from '../../app/commands/run-chat-command';
import { helpText } from '../../domain/commands/help-text';
import { flag, type Args } from './args';
import { EXIT, type CliIo, type CliServices } from './cli-io';

const USAGE = 'usage: tocsin chat "<command>" --as <person> [--json]   e.g. tocsin chat "/incident ack INC-1" --as alice';

/**
 * `tocsin chat "/incident ack INC-1" --as alice`: any chat command, as if `alice` (a person id
 * from the policy file) typed it, recorded on the timeline the same way. Exit 0 when the command
 * was accepted, 1 when refused, 2 when the command line itself is wrong.
 */
export async function chatCli(args: Args, io: CliIo, s: CliServices): Promise<number> {
  const text = args.words.slice(1).join(' ').trim();
  if (text === '') {
    io.err(USAGE);
    return EXIT.usage;
  }
  if (/^\/?help$/i.test(text)) {
    io.out(helpText());
    return EXIT.ok;
  }
  const actor = flag(args, 'as');
  if (!actor) {
    io.err(`--as <person> is missing: who types the command?\n${USAGE}`);
    return EXIT.usage;
  }
  const reply = await runChatCommand(s, text, { actor, platform: 'cli' });
  if (args.flags.json === true) io.out(JSON.stringify(reply, null, 2));
  else if (reply.ok) io.out(reply.incidentUrl ? `${reply.text}\n${reply.incidentUrl}` : reply.text);
  else io.err(reply.text);
  return reply.ok ? EXIT.ok : EXIT.failed;
}
