import { newLoginLink } from '../../src/app/web/login-links';
import { POLICY } from '../support/engine-harness';
import { bootBot, type Bot } from '../support/escalation-harness';

export const PUBLIC_URL = 'https://tocsin.example.com';
export const SESSION = '__Host-tocsin_session';

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
  /** `name=value` of each Set-Cookie, as a browser would send it back. */
  readonly cookies: ReadonlyMap<string, string>;
}

export interface WebBot extends Bot {
  /** A one-time sign-in link as `tocsin login-link` makes it (under PUBLIC_URL), as an address of this bot. */
  loginLink(person: string): Promise<string>;
  /** Signs in through a one-time link as a browser does (GET, then POST with the page's cookie and token); the Cookie header to send afterwards. */
  signIn(person: string): Promise<string>;
  get(path: string, cookie?: string): Promise<Answer>;
  post(path: string, fields: Record<string, string>, cookie?: string, headers?: Record<string, string>): Promise<Answer>;
  /** The CSRF token of the forms on `path` as `cookie` sees it. */
  csrf(path: string, cookie: string): Promise<string>;
}

async function answer(res: Response): Promise<Answer> {
  const cookies = new Map(res.headers.getSetCookie().map((c) => c.split(';')[0]!.split(/=(.*)/s).slice(0, 2) as [string, string]));
  return { status: res.status, body: await res.text(), headers: res.headers, cookies };
}

/** The whole bot (escalation tests' policy: alice, bob, carol, dave; rotation primary), with PUBLIC_URL https, seen through HTTP as a browser would. */
export async function bootWebBot(startAt: string, options: { policy?: string; env?: Record<string, string> } = {}): Promise<WebBot> {
  const bot = await bootBot(startAt, { policy: options.policy ?? POLICY, env: { PUBLIC_URL, ...options.env } });
  const url = (path: string) => (path.startsWith('http') ? path : `${bot.running.url}${path}`);
  const get = async (path: string, cookie?: string) => answer(await fetch(url(path), { redirect: 'manual', headers: cookie ? { cookie } : {} }));
  const post = async (path: string, fields: Record<string, string>, cookie?: string, headers: Record<string, string> = {}) =>
    answer(await fetch(url(path), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers }, body: new URLSearchParams(fields).toString() }));
  const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
  // Made on the bot's own (fake) clock; `tocsin login-link` makes the same link on the system clock.
  const loginLink = async (person: string) => {
    const link = await bot.running.ctx.store.transaction((tx) => newLoginLink(tx, PUBLIC_URL, person, bot.clock.now()));
    return `${bot.running.url}${link.slice(PUBLIC_URL.length)}`;
  };
  return Object.assign(bot, {
    loginLink,
    get,
    post,
    async signIn(person: string) {
      const link = await loginLink(person);
      const page = await get(link);
      const [name, value] = [...page.cookies][0]!;
      const done = await post(link, { _csrf: csrfOf(page.body) }, `${name}=${value}`);
      const session = done.cookies.get(SESSION);
      if (done.status !== 303 || !session) throw new Error(`sign-in failed: ${done.status} ${done.body}`);
      return `${SESSION}=${session}`;
    },
    async csrf(path: string, cookie: string) {
      return csrfOf((await get(path, cookie)).body);
    },
  });
}
