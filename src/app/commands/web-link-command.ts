import type { Person } from '../ports/catalog';
import { noticeToPerson } from '../scheduler/chat-posts';
import { LOGIN_LINK_TTL_MS, newLoginLink } from '../web/login-links';
import { answer, refuse, type Handler, type RunOf } from './command-reply';

/** Whom to send the link to: the person, or (someone the policy does not name) the chat user who typed the command. */
async function recipient(run: RunOf<'oncall.web'>): Promise<Person> {
  const known = await run.tx.catalog.person(run.actor.id);
  if (known) return known;
  const { platform, actor } = run.ctx;
  return platform === 'slack' ? { id: run.actor.id, slackId: actor } : platform === 'teams' ? { id: run.actor.id, teamsId: actor } : { id: run.actor.id };
}

/**
 * `/oncall web`: a one-time sign-in link for the web pages, sent to the typist as a direct message
 * (never in the channel, where anyone could use it first). It signs in whoever typed it, so in
 * the web they may do what they may do in chat and no more.
 */
const webLink: Handler<'oncall.web'> = async (run) => {
  const base = run.paging?.publicUrl;
  if (!base) return refuse('PUBLIC_URL is not set, so Tocsin has no address for its web pages: ask an admin to set it (or to run `tocsin login-link` for you).');
  const minutes = LOGIN_LINK_TTL_MS / 60_000;
  const link = await newLoginLink(run.tx, base, run.actor.id, run.now);
  const text = `Your link to sign in to Tocsin's web pages (it works once, within ${minutes} minutes): ${link}\nYou did not ask for it? Ignore it.`;
  await noticeToPerson(run.tx, await recipient(run), { text }, `login:${run.actor.id}:${run.now.getTime()}`);
  return answer(`I sent you a sign-in link as a direct message: it works once, within ${minutes} minutes.`);
};

export const WEB_LINK_COMMAND = { 'oncall.web': webLink } as const;
