/**
 * Small durable facts a chat adapter keeps between deliveries: the platform id found for an email,
 * and what each outbox row already created (a post's channel and ts), so a delivery that runs again
 * after a crash skips what was done (docs/adr/0002-outbox.md). Written at once, outside any use-case
 * transaction: a step's marker must survive even if the row's outcome is never written.
 */
export interface ChatRefs {
  get(platform: string, key: string): Promise<string | undefined>;
  set(platform: string, key: string, value: string): Promise<void>;
}
