// Time, injected: sessions and the cluster read the clock and set timers only through this, so tests can control
// time (server/test/TestClock.ts).

export interface Clock {
  /** Wall time, epoch milliseconds: what is stored and shown. */
  now(): number;
  /** Milliseconds from an arbitrary origin that never jumps back: for deadlines and leases, never stored. */
  monotonic(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  /** Resolves after `ms`, on this clock. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
