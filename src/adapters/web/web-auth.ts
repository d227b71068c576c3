import type { IncomingMessage, ServerResponse } from 'node:http';
import { viewerOf, type Viewer } from '../../app/web/web-viewer';
import { sessionOf, SESSION_TTL_MS, type NewSession } from '../../app/web/web-sessions';
import { html } from '../shared/html';
import { readForm } from '../shared/form-body';
import { cookiesOf, setCookie } from './web-cookies';
import { cookieName, type WebDeps } from './web-deps';
import { redirect, renderPage, sendHtml, type Chrome } from './web-page';

const SESSION = 'session';
const CSRF = 'csrf';
const FLASH = 'flash';

export interface Notice {
  readonly text: string;
  readonly error?: boolean;
}

/** Someone signed in, for one request: who, and the CSRF token their forms carry. */
export interface SignedIn {
  readonly sessionId: string;
  readonly viewer: Viewer;
  readonly csrf: string;
  readonly chrome: Chrome;
  /** What the form posted just before said (kept for one page view in a signed cookie). */
  readonly notice?: Notice;
}

/** The session cookie for a session just begun: the id, signed, for 12 hours. */
export function sessionCookie(deps: WebDeps, session: NewSession): string {
  return setCookie(cookieName(deps, SESSION), deps.signer.sign(SESSION, session.id), { maxAge: SESSION_TTL_MS / 1000, secure: deps.secure });
}

export function clearSessionCookie(deps: WebDeps): string {
  return setCookie(cookieName(deps, SESSION), '', { maxAge: 0, secure: deps.secure });
}

/** The session a request's cookie carries, when its signature holds and the session is live. */
export async function signedInOf(deps: WebDeps, req: IncomingMessage): Promise<SignedIn | undefined> {
  const id = deps.signer.verify(SESSION, cookiesOf(req).get(cookieName(deps, SESSION)));
  const session = id && (await sessionOf(deps.store, id, deps.clock.now()));
  if (!id || !session) return undefined;
  const viewer = await viewerOf(deps.store, session.personId);
  // Bound to the session: a token from another session (or none) does not pass.
  const csrf = deps.signer.mac(CSRF, id);
  return { sessionId: id, viewer, csrf, chrome: { viewer: viewer.person?.name ?? viewer.id, csrf } };
}

/** A same-site path to come back to after signing in; anything else is the incident list. */
export function nextPath(value: string | null | undefined): string {
  return value && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : '/incidents';
}

export type PageHandler = (req: IncomingMessage, res: ServerResponse, url: URL, who: SignedIn) => Promise<void>;
export type FormHandler = (req: IncomingMessage, res: ServerResponse, url: URL, who: SignedIn, form: Readonly<Record<string, string>>) => Promise<void>;

/** A one-minute cookie carrying what an action did to the page the browser is sent to next (Post/Redirect/Get). */
export function flashCookie(deps: WebDeps, notice: Notice): string {
  return setCookie(cookieName(deps, FLASH), deps.signer.sign(FLASH, Buffer.from(JSON.stringify(notice)).toString('base64url')), { maxAge: 60, secure: deps.secure });
}

function takeFlash(deps: WebDeps, req: IncomingMessage, res: ServerResponse): Notice | undefined {
  const value = deps.signer.verify(FLASH, cookiesOf(req).get(cookieName(deps, FLASH)));
  if (!value) return undefined;
  res.setHeader('set-cookie', setCookie(cookieName(deps, FLASH), '', { maxAge: 0, secure: deps.secure }));
  const notice = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Notice;
  return { text: String(notice.text), error: notice.error === true };
}

/** A signed-in GET page; without a session, off to the sign-in page and back here afterwards. */
export function signedInPage(deps: WebDeps, handler: PageHandler) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const who = await signedInOf(deps, req);
    if (!who) return redirect(res, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
    const notice = takeFlash(deps, req, res);
    await handler(req, res, url, notice ? { ...who, notice } : who);
  };
}

export function refusePage(res: ServerResponse, status: number, title: string, text: string, chrome?: Chrome): void {
  sendHtml(res, status, renderPage({ title, ...(chrome ? { chrome } : {}), notice: { text, error: true }, body: html`<p><a href="/incidents">Back to the incidents</a></p>` }));
}

/** Where a form came from, when the browser says: this site (its Host, or PUBLIC_URL's) or nowhere else. */
export function sameOrigin(deps: WebDeps, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const host = new URL(origin).host;
    return host === req.headers.host || (deps.publicUrl !== undefined && host === new URL(deps.publicUrl).host);
  } catch {
    return false;
  }
}

/**
 * A signed-in form POST: the session, the form (64 KiB at most) and its CSRF token, which must be
 * the one bound to this session; and, when the browser names it, an Origin of this site.
 */
export function signedInForm(deps: WebDeps, handler: FormHandler) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const who = await signedInOf(deps, req);
    if (!who) {
      req.resume();
      return refusePage(res, 403, 'Signed out', 'You are not signed in (or your session has ended): sign in again, then repeat what you did.');
    }
    const form = await readForm(req);
    if (!form) return refusePage(res, 413, 'Too large', 'That form was too large.', who.chrome);
    const token = form._csrf ?? '';
    if (!sameOrigin(deps, req) || !deps.signer.matches(CSRF, who.sessionId, token)) {
      return refusePage(res, 403, 'Refused', 'This form did not come from this Tocsin page, or the page is too old: reload it and try again.', who.chrome);
    }
    await handler(req, res, url, who, form);
  };
}
