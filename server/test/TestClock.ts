// A clock tests move by hand (see server/clock.ts).
import { systemClock, type Clock } from "../clock.ts";

interface Timer {
  due: number;
  readonly callback: () => void;
  /** Set for an interval: it is due again this long after each firing. */
  readonly every?: number;
}

export interface TestClockOptions {
  readonly start?: number;
  /**
   * "real" (the default): intervals (the broadcast tick) run on real time, so coalesced views keep flowing while
   * session time is frozen. "virtual": they fire only as `advance` moves time, like timeouts (the cluster's leases).
   */
  readonly intervals?: "real" | "virtual";
}

/**
 * A clock for tests: `now()` and `monotonic()` stand still until `advance(ms)` moves them, firing every timeout
 * (and virtual interval) that falls due, earliest first.
 */
export class TestClock implements Clock {
  private time: number;
  private readonly origin: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();
  private readonly intervals: "real" | "virtual";

  constructor({ start = Date.UTC(2025, 0, 6, 9, 0, 0), intervals = "real" }: TestClockOptions = {}) {
    this.time = this.origin = start;
    this.intervals = intervals;
  }

  now(): number {
    return this.time;
  }

  monotonic(): number {
    return this.time - this.origin;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { due: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === "number") this.timers.delete(handle);
  }

  setInterval(callback: () => void, ms: number): unknown {
    if (this.intervals === "real") return systemClock.setInterval(callback, ms);
    const id = this.nextId++;
    const every = Math.max(1, ms);
    this.timers.set(id, { due: this.time + every, callback, every });
    return id;
  }

  clearInterval(handle: unknown): void {
    if (typeof handle === "number") this.timers.delete(handle);
    else systemClock.clearInterval(handle);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Moves time forward and runs every timer due by then, earliest first. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let next: [number, Timer] | undefined;
      for (const entry of this.timers) {
        if (entry[1].due <= target && (!next || entry[1].due < next[1].due)) next = entry;
      }
      if (!next) break;
      const [id, timer] = next;
      this.time = Math.max(this.time, timer.due);
      if (timer.every === undefined) this.timers.delete(id);
      else timer.due += timer.every;
      timer.callback();
    }
    this.time = target;
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.timers.size;
  }
}
