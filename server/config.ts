// The server's configuration, read once from environment variables and checked with zod.
import { z } from "zod";

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** `file:` for SQLite (the embedded default), `postgresql://` for PostgreSQL. */
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .default("file:./data/downhill.db"),
  /** Base of join links and QR codes, e.g. https://downhill.example.edu; by default the request's own host. */
  PUBLIC_URL: z.url().optional(),
  /** How often each session broadcasts its coalesced state. */
  BROADCAST_INTERVAL_MS: z.coerce.number().int().min(50).max(5_000).default(250),
  /** Failed joins (wrong code, wrong token) one address may make per minute before it is refused. */
  JOIN_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Events one socket may send per second, on average; bursts of twice that pass. */
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(50),
  /** "off" serves only Socket.IO and the API (the server's own tests); the pages need a `next build` first in production. */
  PAGES: z.enum(["on", "off"]).default("on"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "unset", as in most shells' habits.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new ConfigError(`environment variable ${variable} is invalid: ${issue.message} (got "${env[variable]}")`);
  }
  return parsed.data;
}
