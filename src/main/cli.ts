import { readFileSync, existsSync } from 'node:fs';
import { parseArgs } from '../adapters/cli/args';
import { EXIT, type CliIo, type CliServices } from '../adapters/cli/cli-io';
import { incidentCli, timelineCli } from '../adapters/cli/incident-cli';
import { oncallCli } from '../adapters/cli/oncall-cli';
import { configCheckCli } from '../adapters/cli/config-cli';
import { chatCli } from '../adapters/cli/chat-cli';
import { applyCli } from '../adapters/cli/apply-cli';
import { summaryCli } from '../adapters/cli/summary-cli';
import { terminalIo } from '../adapters/cli/terminal-text';
import { pageCli } from '../adapters/cli/page-cli';
import { loginLinkCli } from '../adapters/cli/login-link-cli';
import { pagingSetup } from './paging-wiring';
import { EnvError, openContext } from './context';
import { serve } from './serve';

const HELP = `tocsin — incident chat-ops for Slack and Microsoft Teams

  tocsin serve                               run the bot (npm start)
  tocsin migrate                             apply database migrations
  tocsin config check [file]                 check a policy file (default $TOCSIN_CONFIG or ./tocsin.yml)
  tocsin apply [file] [--dry-run]            write the policy file into the database
  tocsin oncall [rotation] [--at time] [--json]
  tocsin incident list [--status s] [--json] | show INC-n [--json] | export INC-n --format md|json
  tocsin timeline verify INC-n [--json]
  tocsin summary post [id] [--dry-run] [--at time]
  tocsin chat "<command>" --as <person>      run a chat command (local mode, scripts)
  tocsin page test <person> [--via sms|voice|email|push|chat]   queue a test page (a running Tocsin sends it)
  tocsin login-link <person>                 print a one-time sign-in link to the web pages (10 minutes)`;

export function defaultIo(): CliIo {
  return {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
    readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
  };
}

export function policyPath(env: Readonly<Record<string, string | undefined>>, given?: string): string | undefined {
  if (given) return given;
  if (env.TOCSIN_CONFIG) return env.TOCSIN_CONFIG;
  return existsSync('./tocsin.yml') ? './tocsin.yml' : undefined;
}

export async function runCli(argv: readonly string[], given: CliIo = defaultIo()): Promise<number> {
  // Titles, notes and labels came from webhooks and chat: no control character reaches the terminal raw.
  const io = terminalIo(given);
  const args = parseArgs(argv);
  const [cmd] = args.words;
  try {
    if (!cmd || cmd === 'serve') return await serve(io);
    if (cmd === 'help' || args.flags.help === true) {
      io.out(HELP);
      return EXIT.ok;
    }
    if (cmd === 'config') return configCheckCli(args, io, policyPath(io.env, args.words[2]));
    const handlers = {
      incident: incidentCli,
      timeline: timelineCli,
      oncall: oncallCli,
      chat: chatCli,
      page: pageCli,
      'login-link': loginLinkCli,
      apply: (a: typeof args, o: CliIo, s: CliServices) => applyCli(a, o, s, policyPath(o.env, a.words[1])),
      summary: (a: typeof args, o: CliIo, s: CliServices) => summaryCli(a, o, s, o.env.PUBLIC_URL),
      migrate: null,
    };
    const handler = handlers[cmd as keyof typeof handlers];
    if (handler === undefined) {
      io.err(`unknown command ${JSON.stringify(cmd)}\n\n${HELP}`);
      return EXIT.usage;
    }
    const ctx = await openContext(io.env, { log: quietLog() });
    try {
      if (handler === null) {
        io.out('Migrations are current.');
        return EXIT.ok;
      }
      return await handler(args, io, { ...ctx, paging: pagingSetup(ctx.env) });
    } finally {
      await ctx.close();
    }
  } catch (e) {
    if (e instanceof EnvError) {
      io.err(e.message);
      return EXIT.failed;
    }
    throw e;
  }
}

function quietLog() {
  // CLI commands print their answers; the structured log would only add noise on stderr.
  return undefined;
}
