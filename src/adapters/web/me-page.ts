import type { RotationRecord } from '../../app/ports/catalog';
import type { Viewer } from '../../app/web/web-viewer';
import { DEFAULT_RULES, NOTIFY_VIAS, VIA_PHRASE, type NotifyRule } from '../../domain/paging/notify-rule';
import type { Shift } from '../../domain/oncall/shifts';
import { formatDuration } from '../../domain/time/duration';
import { html, type Html } from '../shared/html';
import { csrfField, timeOf } from './web-page';

function rules(list: readonly NotifyRule[]): Html {
  return html`<ol>${list.map((r) => html`<li>${r.afterMs === 0 ? 'at once' : `after ${formatDuration(r.afterMs)}`}, ${VIA_PHRASE[r.via]}</li>`)}</ol>`;
}

function shifts(list: readonly { readonly rotation: RotationRecord; readonly shift: Shift }[], zone: string): Html {
  if (list.length === 0) return html`<p>No shifts in the next four weeks.</p>`;
  const rows = list.map(
    ({ rotation, shift }) =>
      html`<tr><td><a href="/rotations/${encodeURIComponent(rotation.id)}">${rotation.name ?? rotation.id}</a>${shift.overrideId ? html` <span class="chip">override</span>` : ''}</td><td>${timeOf(shift.start, zone)}</td><td>${timeOf(shift.end, zone)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table><thead><tr><th scope="col">Rotation</th><th scope="col">From</th><th scope="col">Until</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** `/me`: my shifts, how Tocsin reaches me (read-only: it lives in the policy file), and a test page. */
export function mePage(viewer: Viewer, mine: readonly { readonly rotation: RotationRecord; readonly shift: Shift }[], csrf: string): Html {
  const p = viewer.person;
  const contact = p
    ? html`<dl>${[
        ['Email', p.email],
        ['Phone', p.phone],
        ['Push (ntfy topic)', p.ntfy],
        ['Slack id', p.slackId],
        ['Teams id', p.teamsId],
        ['Time zone', p.timezone],
      ].map(([k, v]) => html`<dt>${k}</dt><dd>${v ?? html`<span class="muted">not set</span>`}</dd>`)}</dl>`
    : html`<p>The policy file does not name you, so Tocsin cannot page you.</p>`;
  const paging = p
    ? html`<h3>When I am paged</h3>${rules(p.notify ?? DEFAULT_RULES)}${p.notifyUrgent ? html`<h3>When I am paged for a sev1</h3>${rules(p.notifyUrgent)}` : ''}`
    : html``;
  const test = viewer.known
    ? html`<form method="post" action="/me/test-page" class="actions">${csrfField(csrf)}<label for="via">Channel<br><select id="via" name="via"><option value="">each of mine</option>${NOTIFY_VIAS.map((v) => html`<option value="${v}">${v}</option>`)}</select></label><button type="submit">Send me a test page</button></form>`
    : html``;
  return html`<h1>${p?.name ?? viewer.id}</h1>
<section aria-labelledby="shifts"><h2 id="shifts">My next shifts</h2><p class="muted">Times in ${viewer.zone}; hover for UTC.</p>${shifts(mine, viewer.zone)}</section>
<section aria-labelledby="reach"><h2 id="reach">How Tocsin reaches me</h2>${contact}${paging}<p class="muted">These live in the policy file (<code>people:</code>): change them there and run <code>tocsin apply</code>.</p>${test}</section>`;
}
