// RETENTION_DAYS: ended sessions older than that are deleted, with everything of their students, on a timer that
// runs on the injected clock. A classroom of minors may need its data gone after a set time.
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/Store.ts";

/** How often old sessions are looked for. */
export const RETENTION_SWEEP_MS = 60 * 60_000;
/** Sessions deleted per query, so one sweep never holds a long transaction. */
const SWEEP_BATCH = 100;

export interface RetentionDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long after its end a session is kept. */
  readonly retentionMs: number;
  /** Drops a deleted session from this process's memory. */
  readonly forget: (sessionId: string) => void;
}

export class Retention {
  private timer: unknown = null;
  private sweeping: Promise<void> | null = null;
  /** A tick came while a sweep was under way: sweep once more after it, with the clock as it is then. */
  private again = false;

  constructor(private readonly deps: RetentionDeps) {}

  /** Sweeps now, then every RETENTION_SWEEP_MS. */
  start(): void {
    const tick = () => {
      // The next sweep is scheduled before this one runs, so time moved by a test fires every sweep due.
      this.timer = this.deps.clock.setTimeout(tick, RETENTION_SWEEP_MS);
      if (this.sweeping) {
        this.again = true;
        return;
      }
      this.sweeping = this.sweepUntilCaughtUp().finally(() => (this.sweeping = null));
    };
    tick();
  }

  private async sweepUntilCaughtUp(): Promise<void> {
    do {
      this.again = false;
      await this.sweep().catch((error: unknown) => this.deps.logger.error("deleting old sessions failed", { error }));
    } while (this.again);
  }

  /** Stops the timer and waits for a sweep under way. */
  async stop(): Promise<void> {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  private async sweep(): Promise<void> {
    const cutoff = this.deps.clock.now() - this.deps.retentionMs;
    for (;;) {
      const ids = await this.deps.store.listSessionsEndedBefore(cutoff, SWEEP_BATCH);
      for (const id of ids) {
        await this.deps.store.deleteSession(id);
        this.deps.forget(id);
      }
      if (ids.length > 0) this.deps.logger.info("deleted sessions past RETENTION_DAYS", { count: ids.length });
      if (ids.length < SWEEP_BATCH) return;
    }
  }
}
