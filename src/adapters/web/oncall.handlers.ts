import { sendTestPage } from '../../app/paging/send-test-page';
import { myShifts, oncallBoard, peopleNames, rotationCalendar } from '../../app/web/oncall-pages';
import { NOTIFY_VIAS, type NotifyVia } from '../../domain/paging/notify-rule';
import { flashCookie, refusePage, signedInForm, signedInPage } from './web-auth';
import type { WebDeps } from './web-deps';
import { mePage } from './me-page';
import { oncallPage, rotationPage } from './oncall-page';
import { redirect, renderPage, sendHtml } from './web-page';

export const ROTATION_PATH = /^\/rotations\/[^/]{1,200}$/;

/** The rotation calendar shows this week and the next ones. */
export const CALENDAR_WEEKS = 6;
const MY_SHIFT_DAYS = 28;

export function oncallHandler(deps: WebDeps) {
  return signedInPage(deps, async (_req, res, _url, who) => {
    const [board, names] = [await oncallBoard(deps.store, deps.clock.now()), await peopleNames(deps.store)];
    sendHtml(res, 200, renderPage({ title: 'On call', chrome: who.chrome, body: oncallPage(board, names, who.viewer.zone) }));
  });
}

export function rotationHandler(deps: WebDeps) {
  return signedInPage(deps, async (_req, res, url, who) => {
    let id: string;
    try {
      id = decodeURIComponent(url.pathname.slice('/rotations/'.length));
    } catch {
      return refusePage(res, 404, 'Not found', 'There is no such rotation.', who.chrome);
    }
    const now = deps.clock.now();
    const cal = await rotationCalendar(deps.store, id, { now, zone: who.viewer.zone, weeks: CALENDAR_WEEKS, ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}) });
    if (!cal) return refusePage(res, 404, 'Not found', `There is no rotation ${id}.`, who.chrome);
    sendHtml(res, 200, renderPage({ title: cal.rotation.name ?? cal.rotation.id, chrome: who.chrome, body: rotationPage(cal, await peopleNames(deps.store), who.viewer.zone, now) }));
  });
}

export function meHandler(deps: WebDeps) {
  return signedInPage(deps, async (_req, res, _url, who) => {
    const mine = await myShifts(deps.store, who.viewer.id, deps.clock.now(), MY_SHIFT_DAYS);
    sendHtml(res, 200, renderPage({ title: 'Me', chrome: who.chrome, ...(who.notice ? { notice: who.notice } : {}), body: mePage(who.viewer, mine, who.csrf) }));
  });
}

/** `POST /me/test-page`: as `/oncall test`, for the signed-in person only; what was queued shows on /me. */
export function testPageHandler(deps: WebDeps) {
  return signedInForm(deps, async (_req, res, _url, who, form) => {
    const via = form.via ? (NOTIFY_VIAS.find((v) => v === form.via) as NotifyVia | undefined) : undefined;
    const person = who.viewer.known ? who.viewer.person : undefined;
    if (!person || (form.via && !via)) return refusePage(res, 400, 'Test page', person ? 'Pick one of your channels.' : 'The policy file does not name you, so Tocsin has no way to page you yet.', who.chrome);
    const report = await deps.store.transaction((tx) => sendTestPage(tx, deps.paging, person, via, deps.clock.now()));
    redirect(res, '/me', { 'set-cookie': flashCookie(deps, { text: report.lines.join(' · '), error: !report.ok }) });
  });
}
