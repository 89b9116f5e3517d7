// The Redis connections of a cluster server, and the one helper every Redis call goes through: a time limit, so a
// server never waits on a Redis that is down for longer than it can afford.
import { createClient } from "redis";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";

export type RedisClient = ReturnType<typeof createClient>;

/** How long one Redis command may take before the caller treats Redis as unreachable. */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;

export class RedisTimeout extends Error {
  override name = "RedisTimeout";
}

/**
 * A client that reconnects by itself (after 50 ms, backing off to 1 s) and logs its trouble as structured
 * warnings, at most once a second per client. With `failFast`, commands sent while disconnected fail at once
 * instead of queueing until Redis returns.
 */
export function createRedisClient(
  url: string,
  logger: Logger,
  clock: Clock,
  role: string,
  failFast: boolean,
): RedisClient {
  const client = createClient({
    url,
    disableOfflineQueue: failFast,
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1_000), connectTimeout: 2_000 },
  });
  let lastWarning = Number.NEGATIVE_INFINITY;
  client.on("error", (error: unknown) => {
    const now = clock.monotonic();
    if (now - lastWarning < 1_000) return;
    lastWarning = now;
    logger.warn("redis connection trouble", {
      role,
      error: error instanceof Error ? error.message : String(error),
    });
  });
  client.on("ready", () => logger.info("redis connected", { role }));
  return client;
}

/** Resolves like `work`, or rejects with RedisTimeout after `ms` of `clock`. */
export function withTimeout<T>(clock: Clock, work: Promise<T>, ms = REDIS_COMMAND_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(new RedisTimeout(`redis did not answer within ${ms} ms`)), ms);
    work.then(
      (value) => {
        clock.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
