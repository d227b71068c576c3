import type { Deliverer, PendingMessage } from '../ports/outbox';
import type { DeliveryLog } from '../ports/delivery-log';
import { readNotice } from './notice-contracts';

/**
 * Local mode: with no chat credentials for a platform, what would be posted is written to the log
 * and the row counts as delivered, so a newcomer sees the whole flow without Slack or Teams. A row
 * that does not read fails here as it would on a real platform.
 */
export function logDeliverer(platform: string, log: DeliveryLog): Deliverer {
  return {
    platform,
    async deliver(message: PendingMessage) {
      const read = readNotice(message);
      if (!read.ok) return { kind: 'failed', error: read.error };
      const p: { readonly text?: string; readonly incident?: string | { readonly ref: string; readonly title: string } } = 'service' in read.notice.payload ? { text: 'text' in read.notice.payload ? read.notice.payload.text : `storm digest of ${read.notice.payload.service.name}` } : read.notice.payload;
      const incident = typeof p.incident === 'string' ? { ref: p.incident, title: undefined } : p.incident;
      log.info({ chat: platform, kind: message.kind, incident: incident?.ref, outboxId: message.id, payload: message.payload }, `[${platform}] ${message.kind}${incident?.ref ? ` ${incident.ref}` : ''}: ${p.text ?? incident?.title ?? ''}`);
      return { kind: 'delivered', result: { logged: true } };
    },
  };
}
