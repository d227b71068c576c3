/**
 * Work started after Slack was answered (commands run after `ack()`). `idle()` resolves once
 * nothing is running: tests wait on it instead of sleeping, and shutdown lets the work finish.
 */
export class Inflight {
  private readonly running = new Set<Promise<unknown>>();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const p = work();
    this.running.add(p);
    try {
      return await p;
    } finally {
      this.running.delete(p);
    }
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
