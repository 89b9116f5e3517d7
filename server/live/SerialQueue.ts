// Runs async tasks one after another, in the order they were queued: the tool that keeps a session's writes
// and the memory that mirrors them in the same order.

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * Runs `task` after every task queued before it (a task that throws rejects the returned promise); a failed
   * task does not stop the ones after it.
   */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
