/** Durable timers: a due time and a key. Scheduling a key again replaces it; firing is the scheduler's job. */
export interface TimerRepo {
  schedule(timer: { readonly key: string; readonly kind: string; readonly dueAt: string; readonly payload: Readonly<Record<string, unknown>> }): Promise<void>;
  /** Cancels every unfired timer whose key starts with the prefix (e.g. `incident:12:`). */
  cancelPrefix(prefix: string): Promise<number>;
}
