import { LOCAL_PAGING } from '../paging/paging-setup';
import { sendTestPage } from '../paging/send-test-page';
import { answer, refuse, type Handler } from './command-reply';

/** `/oncall test [channel]`: a test page to the one who typed it, through their own channels. */
const testPage: Handler<'oncall.test'> = async (run) => {
  const person = run.access.caller.known ? await run.tx.catalog.person(run.access.caller.id) : undefined;
  if (!person) return refuse('The policy file does not name you, so Tocsin has no way to page you yet: ask an admin to add you to `people:` with your chat id or email.');
  const report = await sendTestPage(run.tx, run.paging ?? LOCAL_PAGING, person, run.command.via, run.now);
  const lines = [`Test page for @${person.id}:`, ...report.lines.map((l) => `• ${l}`)];
  return report.ok ? answer(lines.join('\n')) : refuse(lines.join('\n'));
};

export const TEST_PAGE_COMMAND = { 'oncall.test': testPage } as const;
