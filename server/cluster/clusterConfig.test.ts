// The cluster's configuration: REDIS_URL needs a shared PostgreSQL database, and every process gets its own NODE_ID.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.ts";

const POSTGRES = "postgresql://postgres@127.0.0.1:5432/test";

describe("cluster configuration", () => {
  it("refuses REDIS_URL with an SQLite DATABASE_URL, naming both variables", () => {
    const load = () => loadConfig({ REDIS_URL: "redis://127.0.0.1:6379", DATABASE_URL: "file:./data/x.db" });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/REDIS_URL.*DATABASE_URL/);
  });

  it("refuses REDIS_URL with the default DATABASE_URL, which is SQLite", () => {
    expect(() => loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(/DATABASE_URL must be a PostgreSQL URL/);
  });

  it("accepts REDIS_URL with a PostgreSQL DATABASE_URL", () => {
    const config = loadConfig({ REDIS_URL: "redis://127.0.0.1:6379", DATABASE_URL: POSTGRES });
    expect(config.REDIS_URL).toBe("redis://127.0.0.1:6379");
  });

  it("names REDIS_URL when it is not a redis:// URL", () => {
    expect(() => loadConfig({ REDIS_URL: "http://127.0.0.1:6379", DATABASE_URL: POSTGRES })).toThrow(
      /environment variable REDIS_URL is invalid/,
    );
  });

  it("gives each load its own NODE_ID unless one is set", () => {
    expect(loadConfig({}).NODE_ID).not.toBe(loadConfig({}).NODE_ID);
    expect(loadConfig({ NODE_ID: "web-1" }).NODE_ID).toBe("web-1");
  });

  it("keeps the single-server default: no REDIS_URL", () => {
    expect(loadConfig({}).REDIS_URL).toBeUndefined();
  });
});
