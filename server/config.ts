// The server's configuration, read once from environment variables and checked with zod.
import { availableParallelism, hostname } from "node:os";
import { z } from "zod";
import { defaultReplayWorkers } from "./live/ReplayPool.ts";

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** `file:` for SQLite (the embedded default), `postgresql://` for PostgreSQL. */
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .refine((url) => url.startsWith("file:") || URL.canParse(url), "is not a valid postgresql:// URL")
    .default("file:./data/downhill.db"),
  /**
   * Base of join links and QR codes, e.g. https://downhill.example.edu. Unset: the address the host's browser used
   * (its Origin header), else http://localhost:PORT.
   */
  PUBLIC_URL: z.url().optional(),
  /** How often each session broadcasts its coalesced views to hosts (students: see STUDENT_VIEW_INTERVAL_MS). */
  BROADCAST_INTERVAL_MS: z.coerce.number().int().min(20).max(5_000).default(100),
  /** Failed joins (wrong code, wrong token) one connection may make per minute before it is refused. */
  JOIN_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /**
   * Failed joins all connections from one address may make per minute. Loose on purpose: a whole classroom
   * behind one school router shares an address, and some of its students mistype the code.
   */
  JOIN_FAILURES_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(300),
  /**
   * Sessions one address may create per minute (a minute's worth at once), and, apart from it, each instructor key
   * the server knows. Creating is dear: parsing, validating and storing a CSV of up to 1.1 MB holds the event loop
   * for tens of milliseconds. A school's instructors behind one router create a few sessions a lesson.
   */
  SESSION_CREATES_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(4),
  /**
   * Sessions one address may create at once (an instructor's page sends the key it was given from its second
   * session on, and a known key has its own allowance): each creation holds the event loop for tens of ms.
   */
  SESSION_CREATES_PER_ADDRESS_BURST: z.coerce.number().int().min(1).max(100_000).default(1),
  /**
   * How long `POST /api/sessions` holds a sender's first refusal before answering it; each refusal in a row holds
   * twice as long, up to 10 s. 0 answers at once.
   */
  SESSION_CREATE_REFUSAL_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(500),
  /**
   * The largest body `POST /api/sessions` reads. The largest challenge the schema admits (5,000 rows of 8 features
   * and a target, 24 characters a number) is about 1.15 MB of JSON.
   */
  CREATE_SESSION_MAX_BYTES: z.coerce.number().int().min(1_024).max(16_000_000).default(1_500_000),
  /**
   * Joins and rejoins all connections from one address may make per minute, on average. Each join (and rejoin)
   * sends the class's views, so a flood of them is dear; a classroom of 300 behind one router that rejoins after
   * a wifi blip every 20 s stays within 1,200.
   */
  JOINS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1_200),
  /** Joins one address may make at once: the whole of the largest class behind one router, with room (300 + 100). */
  JOINS_PER_ADDRESS_BURST: z.coerce.number().int().min(1).max(1_000_000).default(400),
  /**
   * Connections one address may keep open that have not yet joined or attached with a valid credential; a handshake
   * past it is refused (the client retries). Unset: JOINS_PER_ADDRESS_BURST, the largest class behind one router
   * plus a third, whose pages may all be open at once before their students have typed a name.
   */
  CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /**
   * "on" behind a reverse proxy: a client's address is the last one in X-Forwarded-For (the one the proxy added)
   * instead of the proxy's own. Leave "off" when clients reach the server directly, or they could pick any address.
   */
  TRUST_PROXY: z.enum(["on", "off"]).default("off"),
  /**
   * Events one socket may send per second, on average; bursts of twice that pass at once. Events past it wait
   * their turn, never refused (MAX_EVENTS_WAITING in socket/registerHandlers.ts bounds how many).
   */
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(50),
  /**
   * How long an ended session stays in memory before it is dropped (a later host attach, rejoin or reveal loads it
   * back from the database).
   */
  ENDED_SESSION_GRACE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  /** Ended sessions older than this many days are deleted with all their data, hourly. Unset: kept forever. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  /** "off" serves only Socket.IO and the API (the server's own tests); the pages need a `next build` first in production. */
  PAGES: z.enum(["on", "off"]).default("on"),
  /**
   * Set to run several server processes as one (behind a load balancer): rooms, broadcasts and the ownership of
   * each live session go through this Redis. Needs a PostgreSQL DATABASE_URL that every process shares.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
    .optional(),
  /** This process's name among several (logs, session ownership); unique per process. */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, "letters, digits, _ . - only")
    .default(() => `${hostname()}-${process.pid}-${crypto.randomUUID().slice(0, 8)}`),
  /** "off" answers GET /metrics with 404. */
  METRICS: z.enum(["on", "off"]).default("on"),
  /** When set, GET /metrics wants `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, "use at least 16 characters").optional(),
  /**
   * Worker threads that replay runs to verify them. Default: every core, less one for the event loop when there
   * are more than two.
   */
  REPLAY_WORKERS: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .default(() => defaultReplayWorkers(availableParallelism())),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Config = Omit<z.infer<typeof envSchema>, "CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS"> & {
  readonly CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS: number;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Variables whose value may hold a secret, by name: a URL (its user info may hold a password), a token, a key, a
 * password. An error names them but never echoes them; a variable added later is covered by its name.
 */
const MAY_HOLD_SECRET = /URL|TOKEN|KEY|SECRET|PASSWORD/;

/** Parses the environment; a bad value throws a ConfigError naming the variable (and its value, unless secret). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "unset", as in most shells' habits.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    const got = MAY_HOLD_SECRET.test(variable) ? "" : ` (got "${env[variable]}")`;
    throw new ConfigError(`environment variable ${variable} is invalid: ${issue.message}${got}`);
  }
  const config = {
    ...parsed.data,
    CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS:
      parsed.data.CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS ?? parsed.data.JOINS_PER_ADDRESS_BURST,
  };
  if (config.REDIS_URL !== undefined && !/^postgres(ql)?:\/\//.test(config.DATABASE_URL)) {
    throw new ConfigError(
      `environment variable REDIS_URL is set, so DATABASE_URL must be a PostgreSQL URL that every server shares, ` +
        `not an SQLite file: an SQLite file cannot be shared by several servers`,
    );
  }
  return config;
}
