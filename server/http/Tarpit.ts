// Refusals held before they are answered: a sender refused again and again waits longer for each answer, so a
// flood of requests from one address is slowed to a few a second instead of costing the server a request each
// time its answer comes back. Time and timers come from the injected clock.
import type { Clock } from "../clock.ts";

/** The longest a refusal is held. */
export const TARPIT_MAX_MS = 10_000;
/** A sender not refused for this long starts again at the first delay. */
export const TARPIT_FORGET_MS = 60_000;

export class Tarpit {
  private readonly senders = new Map<string, { delayMs: number; refusedAt: number }>();

  /** `firstMs` (0: answer at once) for a sender's first refusal, doubling with each one after, up to TARPIT_MAX_MS. */
  constructor(
    private readonly clock: Clock,
    private readonly firstMs: number,
  ) {}

  /** Resolves when the sender's refusal may be answered, and makes its next one wait longer. */
  hold(sender: string): Promise<void> {
    const ms = this.delayFor(sender);
    if (ms === 0) return Promise.resolve();
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }

  /** The sender was admitted: its next refusal starts at the first delay again. */
  forgive(sender: string): void {
    this.senders.delete(sender);
  }

  private delayFor(sender: string): number {
    const now = this.clock.now();
    if (this.senders.size > 10_000) {
      for (const [key, entry] of this.senders) if (now - entry.refusedAt > TARPIT_FORGET_MS) this.senders.delete(key);
    }
    const last = this.senders.get(sender);
    const delayMs =
      last === undefined || now - last.refusedAt > TARPIT_FORGET_MS
        ? this.firstMs
        : Math.min(TARPIT_MAX_MS, Math.max(this.firstMs, last.delayMs * 2));
    this.senders.set(sender, { delayMs, refusedAt: now });
    return delayMs;
  }
}
