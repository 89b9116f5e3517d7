// Token buckets: `rate` tokens a second, holding at most `burst`. Time comes from the injected clock.
import type { Clock } from "./clock.ts";

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {
    this.tokens = burst;
    this.updatedAt = clock.now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    if (!this.peek()) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when a token is available, without taking it. */
  peek(): boolean {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.rate);
    this.updatedAt = now;
    return this.tokens >= 1;
  }

  /** Milliseconds until a token is available: 0 when one is. */
  msUntilToken(): number {
    if (this.peek()) return 0;
    return ((1 - this.tokens) / this.rate) * 1000;
  }

  /** Resolves once a token is taken (a wait, never a refusal), or, without one, once `wanted` turns false. */
  turn(wanted: () => boolean = () => true): Promise<void> {
    return waitForToken(
      wanted,
      () => this.take(),
      () => this.msUntilToken(),
      this.clock,
    );
  }
}

/**
 * Resolves once `take` succeeds, trying again each time `msUntilToken` says one is due (the clock's timers), or
 * once `wanted` turns false, so that a wait nobody needs any more spends no token.
 */
async function waitForToken(
  wanted: () => boolean,
  take: () => boolean,
  msUntilToken: () => number,
  clock: Clock,
): Promise<void> {
  while (wanted() && !take()) {
    const ms = Math.max(1, Math.ceil(msUntilToken()));
    await new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
  }
}

/** One bucket per key (for example a client address), forgetting keys idle for a while. */
export class KeyedRateLimiter {
  /** `perMinute` events a minute per key, a minute's worth at once. */
  static perMinute(perMinute: number, clock: Clock): KeyedRateLimiter {
    return new KeyedRateLimiter(perMinute / 60, perMinute, clock);
  }

  private readonly buckets = new Map<string, { bucket: TokenBucket; usedAt: number }>();
  /** Per key, the last of the turns waiting (see `turn`). */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly clock: Clock,
    private readonly idleMs = 10 * 60_000,
  ) {}

  take(key: string): boolean {
    const now = this.clock.now();
    let entry = this.buckets.get(key);
    if (!entry) {
      if (this.buckets.size > 10_000) this.forgetIdle(now);
      entry = { bucket: new TokenBucket(this.rate, this.burst, this.clock), usedAt: now };
      this.buckets.set(key, entry);
    }
    entry.usedAt = now;
    return entry.bucket.take();
  }

  /**
   * Resolves once the key has taken a token, first come first served (a wait, never a refusal), or, without one,
   * once `wanted` turns false.
   */
  turn(key: string, wanted: () => boolean = () => true): Promise<void> {
    const mine = (this.queues.get(key) ?? Promise.resolve()).then(() =>
      waitForToken(
        wanted,
        () => this.take(key),
        () => this.msUntilToken(key),
        this.clock,
      ),
    );
    this.queues.set(key, mine);
    void mine.then(() => {
      if (this.queues.get(key) === mine) this.queues.delete(key);
    });
    return mine;
  }

  /** Takes a token now when one is available and no turn of the key is waiting for one. */
  takeIfNoneWaiting(key: string): boolean {
    return !this.queues.has(key) && this.take(key);
  }

  /** Milliseconds until the key could take a token: 0 when it can now. */
  msUntilToken(key: string): number {
    return this.buckets.get(key)?.bucket.msUntilToken() ?? 0;
  }

  /** True when the key could take a token now, without taking one. */
  wouldAllow(key: string): boolean {
    const entry = this.buckets.get(key);
    if (!entry) return true;
    return entry.bucket.peek();
  }

  private forgetIdle(now: number): void {
    for (const [key, entry] of this.buckets) if (now - entry.usedAt > this.idleMs) this.buckets.delete(key);
  }
}
