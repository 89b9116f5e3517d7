// Group commit for progress batches: every batch that arrives while a write is in flight goes into the next
// transaction, so thousands of students cost a few transactions a second, not thousands.
import type { ChunkRecord, Store } from "../store/Store.ts";

interface Pending {
  readonly chunk: ChunkRecord;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class ChunkWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    /** Most chunks in one transaction. */
    private readonly maxBatch = 2_000,
  ) {}

  /** Resolves once the chunk is committed. */
  write(chunk: ChunkRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ chunk, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Resolves once everything written so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    // Let the current burst of events queue up before the first transaction.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.store.appendChunks(batch.map((pending) => pending.chunk));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.flushing = null;
  }
}
