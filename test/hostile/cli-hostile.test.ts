import { afterEach, describe, expect, it } from 'vitest';
import { terminalLine, terminalText } from '../../src/adapters/cli/terminal-text';
import { runChatCommand } from '../../src/app/commands/run-chat-command';
import { ingestAlerts } from '../../src/app/ingest-alerts';
import { openContext } from '../../src/main/context';
import { FakeClock } from '../fakes/fake-clock';
import { cliHarness } from '../support/cli-harness';

// A webhook title is printed by `tocsin incident list` and friends: escape sequences in it must
// reach the operator's terminal as text (SPEC "Who may do what": control characters shown
// escaped), and a newline in it must not forge a line of its own.

const ESC_TITLE = 'Disk \u001b[2J\u001b]0;pwned\u0007 \u009b31mred \u202eevil\u202c\nINC-99 sev1 resolved  forged\r done\u007f';
/** Anything a terminal would act on: C0 but newline, DEL, C1, bidi controls. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

let h: ReturnType<typeof cliHarness> | undefined;
afterEach(() => h?.cleanup());

async function seed() {
  h = cliHarness();
  const clock = new FakeClock(new Date('2026-11-02T10:00:00Z'));
  const ctx = await openContext(h.env, { clock });
  const alert = { groupKey: 'k', fingerprint: 'k', action: 'trigger' as const, title: ESC_TITLE, labels: { alertname: 'x' }, details: {}, links: [] };
  await ingestAlerts(ctx, { id: 'am', kind: 'alertmanager', tokenEnv: 'X' }, [alert]);
  await runChatCommand(ctx, `/incident note INC-1 see \u001b[31mthis\u001b[0m\u009b2J`, { actor: 'alice', platform: 'cli' });
  await ctx.close();
  return h;
}

describe('control characters in what the CLI prints', () => {
  it('shows them escaped, one form for C0, one for the rest', () => {
    expect(terminalLine('a\u001b[2Jb\nc\td\u009be\u202ef\u007f')).toBe('a\\x1b[2Jb\\x0ac\\x09d\\u009be\\u202ef\\u007f');
    expect(terminalText('a\nb\tc\u001bd')).toBe('a\nb\tc\\x1bd');
  });

  it('incident list, show and timeline verify: escaped, and the title cannot add a line', async () => {
    const cli = await seed();
    for (const argv of [['incident', 'list'], ['incident', 'show', 'INC-1'], ['timeline', 'verify', 'INC-1']]) {
      const { out, code } = await cli.run(...argv);
      expect(code).toBe(0);
      expect(out).not.toMatch(RAW_CONTROL);
    }
    const list = (await cli.run('incident', 'list')).out.split('\n');
    expect(list).toHaveLength(1);
    expect(list[0]).toContain('Disk \\x1b[2J\\x1b]0;pwned\\x07 \\u009b31mred \\u202eevil\\u202c\\x0aINC-99 sev1 resolved  forged\\x0d done\\u007f');
    const show = (await cli.run('incident', 'show', 'INC-1')).out.split('\n');
    // The header, the opening entry and the alert's: each holds the whole title, on one line.
    expect(show.filter((l) => l.includes('forged'))).toHaveLength(3);
    expect(show.filter((l) => l.includes('forged') && !l.includes('Disk \\x1b[2J'))).toEqual([]);
    expect(show.find((l) => l.includes(' note '))).toContain('see \\x1b[31mthis\\x1b[0m\\u009b2J');
  });

  it('export md and chat answers, several lines by design, keep their lines and escape the rest', async () => {
    const cli = await seed();
    const md = await cli.run('incident', 'export', 'INC-1', '--format', 'md');
    expect(md.out).not.toMatch(RAW_CONTROL);
    expect(md.out).toContain('# INC-1: Disk \\x1b[2J');
    const status = await cli.run('chat', '/incident status INC-1', '--as', 'alice');
    expect(status.out).not.toMatch(RAW_CONTROL);
    expect(status.out).toContain('\\u202eevil');
  });

  it('summary post: the summary keeps its lines, a title quoted in it is one escaped line', async () => {
    h = cliHarness({ TOCSIN_PROMETHEUS_TOKEN: 'x' });
    expect((await h.run('apply', 'tocsin.example.yml')).code).toBe(0);
    const ctx = await openContext(h.env, { clock: new FakeClock(new Date('2026-11-02T10:00:00Z')) });
    await ingestAlerts(ctx, { id: 'prometheus', kind: 'alertmanager', tokenEnv: 'TOCSIN_PROMETHEUS_TOKEN', serviceId: 'storefront' }, [{ groupKey: 'k', fingerprint: 'k', action: 'trigger', title: ESC_TITLE, labels: { alertname: 'x', team: 'web' }, details: {}, links: [] }]);
    await ctx.close();
    const { out, code } = await h.run('summary', 'post', 'tuesday-handover', '--dry-run', '--at', '2026-11-03T09:30:00Z');
    expect(code).toBe(0);
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out.split('\n').filter((l) => l.includes('forged'))).toEqual([expect.stringMatching(/^Longest: INC-1 Disk \\x1b\[2J.*\\x0aINC-99 sev1 resolved  forged/)]);
  });

  it('--json is valid JSON that reads back the exact title, with nothing raw a terminal would act on', async () => {
    const cli = await seed();
    for (const argv of [['incident', 'list', '--json'], ['incident', 'show', 'INC-1', '--json'], ['incident', 'export', 'INC-1', '--format', 'json']]) {
      const { out } = await cli.run(...argv);
      expect(out).not.toMatch(RAW_CONTROL);
      const parsed = JSON.parse(out) as { title: string } | { title: string }[];
      expect(Array.isArray(parsed) ? parsed[0]!.title : parsed.title).toBe(ESC_TITLE);
    }
  });
});
