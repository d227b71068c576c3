import { readFileSync, existsSync } from 'node:fs';
import { parseArgs, type Args } from '../adapters/cli/args';
import { EXIT, type CliIo, type CliServices } from '../adapters/cli/cli-io';
import { terminalIo } from '../adapters/cli/terminal-text';
import { EnvError } from './env-error';

// Each command loads only what it uses (`await import`): `oncall` or `incident list` in a script or
// a cron job should not pay for the chat SDKs, the HTTP server and the schedulers that only
// `serve` runs, nor `config check` for the database.

type CommandCli = (args: Args, io: CliIo, services: CliServices) => Promise<number> | number;

/** The commands that open the database, each loaded when asked for. */
const WITH_DATABASE: Readonly<Record<string, () => Promise<CommandCli>>> = {
  incident: async () => (await import('../adapters/cli/incident-cli')).incidentCli,
  timeline: async () => (await import('../adapters/cli/incident-cli')).timelineCli,
  oncall: async () => (await import('../adapters/cli/oncall-cli')).oncallCli,
  chat: async () => (await import('../adapters/cli/chat-cli')).chatCli,
  page: async () => (await import('../adapters/cli/page-cli')).pageCli,
  'login-link': async () => (await import('../adapters/cli/login-link-cli')).loginLinkCli,
  apply: async () => {
    const { applyCli } = await import('../adapters/cli/apply-cli');
    return (a, o, s) => applyCli(a, o, s, policyPath(o.env, a.words[1]));
  },
  summary: async () => {
    const { summaryCli } = await import('../adapters/cli/summary-cli');
    return (a, o, s) => summaryCli(a, o, s, o.env.PUBLIC_URL);
  },
  // Opening the database applies pending migrations; nothing is left to do after that.
  migrate: async () => (_a, o) => {
    o.out('Migrations are current.');
    return EXIT.ok;
  },
};

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
    // Before serve: `tocsin --help` has no command word and must not start a server.
    if (cmd === 'help' || args.flags.help === true) {
      io.out(HELP);
      return EXIT.ok;
    }
    if (!cmd || cmd === 'serve') return await (await import('./serve')).serve(io);
    if (cmd === 'config') return (await import('../adapters/cli/config-cli')).configCheckCli(args, io, policyPath(io.env, args.words[2]));
    const load = Object.hasOwn(WITH_DATABASE, cmd) ? WITH_DATABASE[cmd] : undefined;
    if (!load) {
      io.err(`unknown command ${JSON.stringify(cmd)}\n\n${HELP}`);
      return EXIT.usage;
    }
    // No logger: a command prints its answer, and a structured log would only add noise.
    const [handler, { openStore }, { pagingSetup }] = await Promise.all([load(), import('./context'), import('./paging-wiring')]);
    const ctx = await openStore(io.env);
    try {
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
