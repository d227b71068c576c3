import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AckLinkAnswer } from '../../app/paging/ack-by-link';
import { html } from '../shared/html';
import { sendPage } from './html-page';

/** `/ack/<token>`: a token is 43 base64url characters; anything of that alphabet up to 128 is looked up (and not found). */
export const ACK_PATH = /^\/ack\/[A-Za-z0-9_-]{1,128}$/;

export interface AckLinkDeps {
  inspect(token: string): Promise<AckLinkAnswer>;
  acknowledge(token: string): Promise<AckLinkAnswer>;
}

const tokenOf = (url: URL): string => url.pathname.slice('/ack/'.length);

function refused(res: ServerResponse, answer: Extract<AckLinkAnswer, { ok: false }>): void {
  sendPage(res, answer.status, 'Tocsin', html`<h1>Tocsin</h1><p>${answer.text}</p>`);
}

/**
 * `GET /ack/<token>`: shows what the link would do and a button that POSTs; changes nothing, since
 * mail scanners and link previews fetch every link in a message.
 */
export function ackLinkPage(deps: AckLinkDeps) {
  return async (_req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const answer = await deps.inspect(tokenOf(url));
    if (!answer.ok) return refused(res, answer);
    const { ref, title } = answer.incident;
    sendPage(res, 200, `Acknowledge ${ref}`, html`<h1>${ref}</h1><p>${title}</p><form method="post" action="/ack/${tokenOf(url)}"><button type="submit">Acknowledge as ${answer.personId}</button></form>`);
  };
}

/** `POST /ack/<token>`: acknowledges. The body is not read: ntfy's action button POSTs none, a browser form an empty one. */
export function ackLinkAction(deps: AckLinkDeps) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    req.resume();
    const answer = await deps.acknowledge(tokenOf(url));
    if (!answer.ok) return refused(res, answer);
    sendPage(res, 200, answer.incident.ref, html`<h1>${answer.incident.ref}</h1><p>${answer.text}</p><p>${answer.incident.title}</p>`);
  };
}
