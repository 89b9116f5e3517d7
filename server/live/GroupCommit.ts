// Group commit: every item written while a transaction is in flight goes into the next one, so a burst of
// thousands of progress batches or joins costs a few transactions, not thousands.

interface Pending<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<T> {
  private queue: Pending<T>[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    /** Stores the items in one transaction: all of them, or none and a rejection. */
    private readonly commit: (items: readonly T[]) => Promise<void>,
    /** Most items in one transaction. */
    private readonly maxBatch: number,
  ) {}

  /** Resolves once the item is committed; rejects with the reason it could not be. */
  write(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
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
        await this.commit(batch.map((pending) => pending.item));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        // One bad item must not fail the rest: commit each alone, so every write gets its own answer.
        else for (const pending of batch) await this.commitAlone(pending);
      }
    }
    this.flushing = null;
  }

  private async commitAlone(pending: Pending<T>): Promise<void> {
    try {
      await this.commit([pending.item]);
      pending.resolve();
    } catch (error) {
      pending.reject(error);
    }
  }
}
