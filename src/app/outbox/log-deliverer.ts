import type { Deliverer, PendingMessage } from '../ports/outbox';
import type { DeliveryLog } from '../ports/delivery-log';

/**
 * Local mode: with no chat credentials for a platform, what would be posted is written to the log
 * and the row counts as delivered, so a newcomer sees the whole flow without Slack or Teams.
 */
export function logDeliverer(platform: string, log: DeliveryLog): Deliverer {
  return {
    platform,
    async deliver(message: PendingMessage) {
      const text = typeof message.payload.text === 'string' ? message.payload.text : undefined;
      const incident = message.payload.incident as { ref?: string; title?: string } | undefined;
      log.info({ chat: platform, kind: message.kind, incident: incident?.ref, outboxId: message.id, payload: message.payload }, `[${platform}] ${message.kind}${incident?.ref ? ` ${incident.ref}` : ''}: ${text ?? incident?.title ?? ''}`);
      return { kind: 'delivered', result: { logged: true } };
    },
  };
}
