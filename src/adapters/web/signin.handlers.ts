import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspectLoginLink, LOGIN_PATH_PREFIX, signInByLink } from '../../app/web/login-links';
import { signInByOidc } from '../../app/web/sign-in-oidc';
import { endSession } from '../../app/web/web-sessions';
import { readForm } from '../shared/form-body';
import { html } from '../shared/html';
import { cookiesOf, setCookie } from './web-cookies';
import { cookieName, type WebDeps } from './web-deps';
import { clearSessionCookie, nextPath, refusePage, sameOrigin, sessionCookie, signedInForm, signedInOf } from './web-auth';
import { csrfField, redirect, renderPage, sendHtml } from './web-page';
import type { OidcChecks } from './oidc-sign-in';

/** `/login/<token>`: a token is 43 base64url characters; anything of that alphabet up to 128 is looked up (and not found). */
export const LOGIN_PATH = /^\/login\/[A-Za-z0-9_-]{1,128}$/;

const LOGIN = 'login';
const OIDC = 'oidc';
const FLOW_SECONDS = 600;

const tokenOf = (url: URL): string => url.pathname.slice(LOGIN_PATH_PREFIX.length);

/** `GET /signin`: how to sign in. A link from chat, or the company's SSO when configured. */
export function signinPage(deps: WebDeps) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const next = nextPath(url.searchParams.get('next'));
    if (await signedInOf(deps, req)) return redirect(res, next);
    const sso = deps.oidc ? html`<p><a href="/auth/oidc?next=${encodeURIComponent(next)}">Sign in with your company account</a></p>` : html``;
    sendHtml(res, 200, renderPage({ title: 'Sign in', body: html`<h1>Sign in to Tocsin</h1>${sso}<p>Type <code>/oncall web</code> to Tocsin in Slack or Teams: it sends you a sign-in link that works once, for 10 minutes.</p><p class="muted">An admin can also print one with <code>tocsin login-link &lt;person&gt;</code>.</p>` }));
  };
}

/**
 * `GET /login/<token>`: whom the link signs in, and a Continue button that POSTs. Changes nothing
 * (link previews and mail scanners fetch GETs). It sets a short cookie whose value the form repeats:
 * a form posted from another site arrives without it (SameSite=Lax), so nobody can sign a
 * victim's browser in to the attacker's account.
 */
export function loginLinkPage(deps: WebDeps) {
  return async (_req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const answer = await inspectLoginLink(deps, tokenOf(url));
    if (!answer.ok) return refusePage(res, answer.status, 'Sign-in link', answer.text);
    const name = (await deps.store.read.catalog.person(answer.personId))?.name ?? answer.personId;
    const nonce = randomBytes(16).toString('base64url');
    const cookie = setCookie(cookieName(deps, LOGIN), deps.signer.sign(LOGIN, nonce), { maxAge: FLOW_SECONDS, secure: deps.secure });
    const body = html`<h1>Sign in to Tocsin</h1><p>Continue as <strong>${name}</strong>?</p><form method="post" action="${url.pathname}">${csrfField(nonce)}<button type="submit">Continue</button></form>`;
    sendHtml(res, 200, renderPage({ title: 'Sign in', body }), { 'set-cookie': cookie });
  };
}

/** `POST /login/<token>`: the link is used up and the session starts; the browser goes on to the incidents. */
export function loginLinkAction(deps: WebDeps) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const form = await readForm(req);
    const nonce = deps.signer.verify(LOGIN, cookiesOf(req).get(cookieName(deps, LOGIN)));
    if (!form || !nonce || form._csrf !== nonce || !sameOrigin(deps, req)) return refusePage(res, 403, 'Sign in', 'Open the sign-in link again and press Continue in the same browser.');
    const answer = await signInByLink(deps, tokenOf(url));
    if (!answer.ok) return refusePage(res, answer.status, 'Sign-in link', answer.text);
    redirect(res, '/incidents', { 'set-cookie': [sessionCookie(deps, answer.session), setCookie(cookieName(deps, LOGIN), '', { maxAge: 0, secure: deps.secure })] });
  };
}

/** `POST /signout`: the session ends (everywhere: it is deleted, not just forgotten by this browser). */
export function signoutAction(deps: WebDeps) {
  return signedInForm(deps, async (_req, res, _url, who) => {
    await endSession(deps.store, who.sessionId);
    redirect(res, '/signin', { 'set-cookie': clearSessionCookie(deps) });
  });
}

/** `GET /auth/oidc`: off to the provider, with state, nonce and PKCE verifier kept in a signed cookie for 10 minutes. */
export function oidcStart(deps: WebDeps) {
  return async (_req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (!deps.oidc) return refusePage(res, 404, 'Sign in', 'Single sign-on is not configured.');
    let started;
    try {
      started = await deps.oidc.start();
    } catch (err) {
      deps.log.warn({ err }, 'OpenID Connect provider unreachable');
      return refusePage(res, 502, 'Sign in', 'The single sign-on provider cannot be reached right now: try again, or ask for a link with /oncall web in chat.');
    }
    const { url: to, checks } = started;
    const flow = Buffer.from(JSON.stringify({ ...checks, next: nextPath(url.searchParams.get('next')) })).toString('base64url');
    redirect(res, to, { 'set-cookie': setCookie(cookieName(deps, OIDC), deps.signer.sign(OIDC, flow), { maxAge: FLOW_SECONDS, secure: deps.secure }) });
  };
}

/** `GET /auth/oidc/callback`: the provider's answer checked against the cookie; a session for the person it names. */
export function oidcCallback(deps: WebDeps) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (!deps.oidc) return refusePage(res, 404, 'Sign in', 'Single sign-on is not configured.');
    const flow = deps.signer.verify(OIDC, cookiesOf(req).get(cookieName(deps, OIDC)));
    if (!flow) return refusePage(res, 400, 'Sign in', 'This sign-in did not start here, or took longer than 10 minutes: start again.');
    const { next, ...checks } = JSON.parse(Buffer.from(flow, 'base64url').toString('utf8')) as OidcChecks & { next: string };
    let claims;
    try {
      claims = await deps.oidc.finish(url, checks);
    } catch (err) {
      deps.log.warn({ err }, 'OpenID Connect sign-in refused');
      return refusePage(res, 400, 'Sign in', 'The sign-in could not be checked: start again.');
    }
    const session = await signInByOidc(deps, claims);
    redirect(res, nextPath(next), { 'set-cookie': [sessionCookie(deps, session), setCookie(cookieName(deps, OIDC), '', { maxAge: 0, secure: deps.secure })] });
  };
}
