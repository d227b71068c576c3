import { LOGIN_LINK_TTL_MS, newLoginLink } from '../../app/web/login-links';
import type { Args } from './args';
import { EXIT, type CliIo, type CliServices } from './cli-io';
import { personNamed } from './cli-person';

const USAGE = 'usage: tocsin login-link <person>';

/**
 * `tocsin login-link alice`: prints a one-time sign-in link to the web pages for alice (works once,
 * for 10 minutes). Under PUBLIC_URL when set; otherwise this machine's listener, for local mode.
 */
export async function loginLinkCli(args: Args, io: CliIo, s: CliServices): Promise<number> {
  const [, personId] = args.words;
  if (!personId || args.words.length > 2) {
    io.err(USAGE);
    return EXIT.usage;
  }
  const person = await personNamed(io, s, personId);
  if (!person) return EXIT.failed;
  const base = s.paging?.publicUrl ?? `http://localhost:${io.env.PORT || '3000'}`;
  if (!s.paging?.publicUrl) io.err(`PUBLIC_URL is not set: the link points at ${base}, this machine's listener.`);
  const link = await s.store.transaction((tx) => newLoginLink(tx, base, person.id, s.clock.now()));
  io.out(link);
  io.err(`Sign-in link for ${person.id}: it works once, within ${LOGIN_LINK_TTL_MS / 60_000} minutes.`);
  return EXIT.ok;
}
