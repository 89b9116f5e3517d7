import { describe, expect, it } from "vitest";
import { FairQueue } from "./FairQueue.ts";

function takeAll<T>(queue: FairQueue<T>): T[] {
  const out: T[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) out.push(item);
  return out;
}

describe("FairQueue", () => {
  it("serves one student's items first in, first out", () => {
    const queue = new FairQueue<string>();
    for (const item of ["a1", "a2", "a3"]) queue.push("s", "a", item);
    expect(queue.length).toBe(3);
    expect(takeAll(queue)).toEqual(["a1", "a2", "a3"]);
    expect(queue.length).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });

  it("takes turns across the students of a session, so a student with a backlog delays another by one item", () => {
    const queue = new FairQueue<string>();
    for (let i = 1; i <= 4; i++) queue.push("s", "flooder", `f${i}`);
    queue.push("s", "honest", "h1");
    queue.push("s", "other", "o1");
    expect(takeAll(queue)).toEqual(["f1", "h1", "o1", "f2", "f3", "f4"]);
  });

  it("takes turns across sessions first, so a big class delays a small one by one item per turn", () => {
    const queue = new FairQueue<string>();
    for (const student of ["a", "b", "c", "d"]) queue.push("big", student, `big-${student}`);
    queue.push("small", "z", "small-z1");
    queue.push("small", "z", "small-z2");
    expect(takeAll(queue)).toEqual(["big-a", "small-z1", "big-b", "small-z2", "big-c", "big-d"]);
  });

  it("puts a session that comes back after emptying at the back of the turn", () => {
    const queue = new FairQueue<string>();
    queue.push("s1", "a", "s1-a1");
    expect(queue.shift()).toBe("s1-a1");
    queue.push("s2", "b", "s2-b1");
    queue.push("s1", "a", "s1-a2");
    queue.push("s2", "b", "s2-b2");
    expect(takeAll(queue)).toEqual(["s2-b1", "s1-a2", "s2-b2"]);
  });

  it("drains every item left", () => {
    const queue = new FairQueue<number>();
    queue.push("s1", "a", 1);
    queue.push("s2", "b", 2);
    queue.push("s2", "c", 3);
    expect(queue.drain().sort()).toEqual([1, 2, 3]);
    expect(queue.length).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });
});
