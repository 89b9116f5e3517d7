import { describe, expect, it } from "vitest";
import { GroupCommit } from "./GroupCommit.ts";

/** A commit that records each transaction's items and refuses any transaction holding a negative number. */
function recordingCommit() {
  const transactions: number[][] = [];
  const commit = (items: readonly number[]) => {
    transactions.push([...items]);
    if (items.some((item) => item < 0)) return Promise.reject(new Error(`refused ${items.join(",")}`));
    return Promise.resolve();
  };
  return { transactions, commit };
}

describe("GroupCommit", () => {
  it("commits the writes of one burst in one transaction, in order", async () => {
    const { transactions, commit } = recordingCommit();
    const writer = new GroupCommit(commit, 100);
    await Promise.all([1, 2, 3, 4, 5].map((item) => writer.write(item)));
    expect(transactions).toEqual([[1, 2, 3, 4, 5]]);
  });

  it("splits a burst into transactions of at most maxBatch items", async () => {
    const { transactions, commit } = recordingCommit();
    const writer = new GroupCommit(commit, 2);
    await Promise.all([1, 2, 3, 4, 5].map((item) => writer.write(item)));
    expect(transactions).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("fails only the bad item of a failed transaction: the others are committed alone", async () => {
    const { transactions, commit } = recordingCommit();
    const writer = new GroupCommit(commit, 100);
    const outcomes = await Promise.allSettled([1, -2, 3].map((item) => writer.write(item)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error("refused -2"));
    expect(transactions).toEqual([[1, -2, 3], [1], [-2], [3]]);
  });

  it("drain waits for every write queued so far, and later writes start a new transaction", async () => {
    const { transactions, commit } = recordingCommit();
    const writer = new GroupCommit(commit, 100);
    const first = [writer.write(1), writer.write(2)];
    await writer.drain();
    expect(transactions).toEqual([[1, 2]]);
    await Promise.all(first);
    await writer.write(3);
    expect(transactions).toEqual([[1, 2], [3]]);
  });
});
