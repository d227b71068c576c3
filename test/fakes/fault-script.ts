/**
 * What a fake should do instead of (or before) answering normally. Each fake turns it into its
 * provider's wire format: a Slack `{ok:false,error}`, a Bot Connector `{error:{code,message}}`…
 */
export interface Fault {
  /** HTTP status; defaults to 429 when `retryAfter` is set, else the provider's status for `error`. */
  readonly status?: number;
  /** The provider's error code (`name_taken`, `BotNotInConversationRoster`, `Forbidden`…). */
  readonly error?: string;
  /** Human text where the provider has a message field. */
  readonly message?: string;
  /** Seconds, sent as `Retry-After`. */
  readonly retryAfter?: number;
  /** Answer this late (real time: slowness is what is being tested). Alone, the answer is the normal one. */
  readonly delayMs?: number;
  /** How many matching requests get it (default 1). */
  readonly times?: number;
}

export interface Hold {
  /** Resolves when the held request has arrived and is parked. */
  readonly arrived: Promise<void>;
  /** Lets the parked request (or the next one, if it has not come yet) through. */
  release(): void;
}

interface PendingFault {
  readonly op: string;
  readonly fault: Fault;
  left: number;
}

interface PendingHold {
  readonly op: string;
  readonly arrive: () => void;
  readonly released: Promise<void>;
  readonly release: () => void;
}

/** The queue of scripted faults and holds behind every fake; stop() releases whatever still waits. */
export class FaultScript {
  private faults: PendingFault[] = [];
  private holds: PendingHold[] = [];
  private readonly waiting = new Set<() => void>();

  add(op: string, fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`fault times must be a positive integer, got ${times}`);
    this.faults.push({ op, fault, left: times });
  }

  /** The first scripted fault for `op` (or `*`), consuming one of its uses. */
  take(op: string): Fault | undefined {
    const pending = this.faults.find((f) => f.op === op || f.op === '*');
    if (!pending) return undefined;
    pending.left -= 1;
    if (pending.left === 0) this.faults = this.faults.filter((f) => f !== pending);
    return pending.fault;
  }

  hold(op: string): Hold {
    let arrive!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ op, arrive, released, release });
    this.waiting.add(release);
    return { arrived, release };
  }

  async waitIfHeld(call: { readonly op: string }): Promise<void> {
    const hold = this.holds.find((h) => h.op === call.op || h.op === '*');
    if (!hold) return;
    this.holds = this.holds.filter((h) => h !== hold);
    hold.arrive();
    await hold.released;
    this.waiting.delete(hold.release);
  }

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiting.add(done);
    });
  }

  clear(): void {
    this.faults = [];
    this.holds = [];
  }

  /** Ends every hold and delay at once, so stopping a fake never leaves a request (or a test) hanging. */
  releaseAll(): void {
    for (const release of [...this.waiting]) release();
    this.waiting.clear();
    this.clear();
  }
}
