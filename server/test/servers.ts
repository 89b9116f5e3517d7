// Test servers for the live server's integration tests: the composition root in process on a real SQLite file in a
// temporary folder, or `server/main.ts` as its own process, and one server for a whole test file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createApp, type App } from "../app.ts";
import { systemClock, type Clock } from "../clock.ts";
import { loadConfig } from "../config.ts";
import { createLogger } from "../log.ts";
import { openStore } from "../store/openStore.ts";
import type { Store } from "../store/Store.ts";
import { ServerProcess } from "./serverProcess.ts";

/**
 * What every test server runs with, in process or as its own process: fast broadcasts, NODE_ENV=test, and room for
 * the many sessions a test file creates from its one address (the tests of that limit set their own).
 */
const TEST_ENV = {
  BROADCAST_INTERVAL_MS: "50",
  NODE_ENV: "test",
  SESSION_CREATES_PER_ADDRESS_PER_MINUTE: "1000",
  SESSION_CREATES_PER_ADDRESS_BURST: "1000",
} as const;

/** A fresh folder and a `file:` URL for an SQLite database inside it. */
export function tempDatabase(): { databaseUrl: string; dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "downhill-it-"));
  return {
    dir,
    databaseUrl: `file:${join(dir, "downhill.db")}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Servers started one after another on one temporary database file, as a restart is: `start` starts the next one,
 * `closeAll` closes every one started and removes the file.
 */
export function serversOnOneDatabase(): { start: () => Promise<TestServer>; closeAll: () => Promise<void> } {
  const database = tempDatabase();
  const servers: TestServer[] = [];
  return {
    start: async () => {
      const server = await startServer({ databaseUrl: database.databaseUrl });
      servers.push(server);
      return server;
    },
    closeAll: async () => {
      for (const server of servers) await server.close();
      database.remove();
    },
  };
}

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly app: App;
  readonly store: Store;
  readonly databaseUrl: string;
  /** Closes the app and the store, and removes the database folder when this server made it. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Defaults to a new SQLite file in a temporary folder. */
  readonly databaseUrl?: string;
  /** Extra environment for loadConfig, e.g. { JOIN_FAILURES_PER_MINUTE: "5" }. */
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
}

/** Starts the composition root on a free port with a real store. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const temp = options.databaseUrl ? null : tempDatabase();
  const databaseUrl = options.databaseUrl ?? temp!.databaseUrl;
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    PAGES: "off",
    LOG_LEVEL: "silent",
    ...TEST_ENV,
    ...options.env,
  });
  const store = await openStore(databaseUrl);
  const app = await createApp({
    store,
    clock: options.clock ?? systemClock,
    logger: createLogger(config.LOG_LEVEL),
    config,
  });
  // Loopback only, unless a test asks for every interface with HOST.
  const port = await app.listen(0, options.env?.["HOST"] ?? "127.0.0.1");
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    store,
    databaseUrl,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await store.close();
      temp?.remove();
    },
  };
}

/**
 * Starts `server/main.ts` as its own process (PAGES=off, a port it picks, the tests' settings plus `env`), for the
 * tests that kill it or run several; resolves once it logs "listening".
 */
export function spawnServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return ServerProcess.start({ databaseUrl, env: { ...TEST_ENV, ...env } });
}

// ---- one server, or one running session, for a whole test file ----

/**
 * Stands for the object `current` returns once a beforeAll hook has made it, so a file can name it at the top and use
 * it in every test; reading a field before then throws with `what`.
 */
export function madeBeforeAll<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy<T>({} as T, {
    get(_target, field) {
      const made = current();
      if (!made) throw new Error(`${what} is made in beforeAll: read it inside a test`);
      return Reflect.get(made, field);
    },
  });
}

/** One server for every test of the file: started before the first test, closed after the last. */
export function serverForFile(options: StartOptions = {}): TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer(options);
  });
  afterAll(async () => {
    await server?.close();
  });
  return madeBeforeAll("the file's server", () => server);
}
