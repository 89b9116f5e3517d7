// A configuration error names the variable and says what is wrong, but never prints a value that may hold a password.
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";
import { defaultReplayWorkers } from "./live/ReplayPool.ts";
import { parseDatabaseUrl } from "./store/databaseUrl.ts";

const PASSWORD = "hunter2-secret";

function configErrorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration errors", () => {
  it.each([
    ["DATABASE_URL", { DATABASE_URL: `mysql://root:${PASSWORD}@db/downhill` }, /DATABASE_URL is invalid: must start/],
    ["DATABASE_URL", { DATABASE_URL: `postgresql://root:${PASSWORD}@db:port/downhill` }, /not a valid postgresql/],
    ["REDIS_URL", { REDIS_URL: `http://:${PASSWORD}@cache:6379` }, /REDIS_URL is invalid/],
    ["PUBLIC_URL", { PUBLIC_URL: `not a url ${PASSWORD}` }, /PUBLIC_URL is invalid/],
  ])("a bad %s is named but never echoed", (_, env, names) => {
    const message = configErrorOf(env);
    expect(message).toMatch(names);
    expect(message).not.toContain(PASSWORD);
  });

  it("REDIS_URL beside an SQLite DATABASE_URL does not echo either", () => {
    const message = configErrorOf({
      REDIS_URL: `redis://:${PASSWORD}@cache:6379`,
      DATABASE_URL: `file:./${PASSWORD}.db`,
    });
    expect(message).toMatch(/REDIS_URL.*DATABASE_URL/);
    expect(message).not.toContain(PASSWORD);
  });

  it("still echoes a value that holds no secret, to show the typo", () => {
    expect(configErrorOf({ LOG_LEVEL: "loud" })).toContain('(got "loud")');
  });

  it("parseDatabaseUrl refuses an unparsable URL without carrying it in the error", () => {
    let thrown: unknown = null;
    try {
      parseDatabaseUrl(`postgresql://root:${PASSWORD}@db:port/downhill`);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(JSON.stringify(thrown, Object.getOwnPropertyNames(thrown))).not.toContain(PASSWORD);
  });
});

describe("REPLAY_WORKERS", () => {
  it("defaults to the machine's cores, less one for the event loop above two", () => {
    expect(loadConfig({}).REPLAY_WORKERS).toBe(defaultReplayWorkers(availableParallelism()));
    expect(loadConfig({ REPLAY_WORKERS: "3" }).REPLAY_WORKERS).toBe(3);
  });

  it("refuses a pool of no workers, or a value that is not a whole number, naming the variable", () => {
    expect(() => loadConfig({ REPLAY_WORKERS: "0" })).toThrow(/environment variable REPLAY_WORKERS is invalid/);
    expect(() => loadConfig({ REPLAY_WORKERS: "two" })).toThrow(/REPLAY_WORKERS/);
  });
});

describe("CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS", () => {
  it("defaults to JOINS_PER_ADDRESS_BURST, the largest class behind one router plus a third, and can be set", () => {
    expect(loadConfig({}).CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS).toBe(400);
    expect(loadConfig({ JOINS_PER_ADDRESS_BURST: "6667" }).CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS).toBe(6667);
    const set = loadConfig({ JOINS_PER_ADDRESS_BURST: "6667", CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS: "50" });
    expect(set.CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS).toBe(50);
    expect(configErrorOf({ CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS: "0" })).toMatch(
      /CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS is invalid/,
    );
  });
});
