// `npm run bench:load -- --students N --rate R --duration S [--url URL ...] [--pid PID ...] [--json]
//  [--chaos restart] [--flood] [--flood-kind progress|garbage|create-flood|big-message-flood|rejoin-flood]
//  [--epochs E] [--batch-epochs B]
//  [--workers W] [--broadcast-ms MS] [--server-root DIR]`

/** One socket's floods, and many connections' (create-flood, big-message-flood, rejoin-flood: see crowdFlooder.ts). */
export const FLOOD_KINDS = ["progress", "garbage", "create-flood", "big-message-flood", "rejoin-flood"] as const;
export type FloodKind = (typeof FLOOD_KINDS)[number];

/** JOINS_PER_ADDRESS_BURST for a class of `students` behind one address: the class plus a third, at least 400. */
export function joinBurstFor(students: number): number {
  return Math.max(400, Math.ceil((students * 4) / 3));
}

export interface LoadOptions {
  readonly students: number;
  /** Progress batches per second per student. */
  readonly rate: number;
  /** Seconds of streaming (after every student has joined). */
  readonly duration: number;
  /** Servers to target; empty: the bench starts its own. */
  readonly urls: readonly string[];
  /** Server processes to sample when targeting --url servers. */
  readonly pids: readonly number[];
  readonly json: boolean;
  readonly chaos: "restart" | null;
  readonly flood: FloodKind | null;
  /** The challenge's epoch budget: every run has exactly this many epochs. */
  readonly epochs: number;
  /** Epochs per progress batch. */
  readonly batchEpochs: number;
  readonly workers: number;
  /** BROADCAST_INTERVAL_MS for a server the bench starts; null keeps the server's default. */
  readonly broadcastMs: number | null;
  /** The checkout whose server/main.ts the bench starts (to compare a patched tree); null: this one. */
  readonly serverRoot: string | null;
}

export const USAGE =
  "usage: npm run bench:load -- --students N --rate R --duration S [--url URL ...] [--pid PID ...] [--json]\n" +
  "       [--chaos restart] [--flood] [--flood-kind progress|garbage|create-flood|big-message-flood|rejoin-flood]\n" +
  "       [--epochs E] [--batch-epochs B]\n" +
  "       [--workers W] [--broadcast-ms MS] [--server-root DIR]";

/** Parses the bench's flags; throws an Error naming the bad flag. */
export function parseLoadArgs(argv: readonly string[]): LoadOptions {
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  const takesValue = new Set([
    "students",
    "rate",
    "duration",
    "url",
    "pid",
    "chaos",
    "flood-kind",
    "epochs",
    "batch-epochs",
    "workers",
    "broadcast-ms",
    "server-root",
  ]);
  const known = new Set([...takesValue, "json", "flood", "help"]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag = "", inline] = arg.startsWith("--") ? arg.slice(2).split(/=(.*)/s, 2) : [arg];
    if (!arg.startsWith("--") || !known.has(flag)) throw new Error(`unknown argument ${arg}`);
    if (!takesValue.has(flag)) {
      switches.add(flag);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${flag} needs a value`);
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }
  if (switches.has("help")) throw new Error(USAGE);

  const number = (flag: string, fallback: number | null, min: number, max: number, integer = true): number => {
    const raw = values.get(flag)?.at(-1);
    if (raw === undefined) {
      if (fallback === null) throw new Error(`--${flag} is required`);
      return fallback;
    }
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new Error(`--${flag} must be ${integer ? "an integer" : "a number"} in ${min}..${max} (got "${raw}")`);
    }
    return value;
  };

  const students = number("students", null, 1, 20_000);
  const urls = (values.get("url") ?? []).map((raw) => {
    const url = new URL(raw);
    if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost") {
      throw new Error(`--url must point at this machine (127.0.0.1 or localhost), got ${raw}`);
    }
    return url.origin.replace("localhost", "127.0.0.1");
  });
  const chaos = values.get("chaos")?.at(-1) ?? null;
  if (chaos !== null && chaos !== "restart") throw new Error(`--chaos takes "restart" (got "${chaos}")`);
  if (chaos && urls.length > 0) throw new Error("--chaos restart needs the bench to start the server: drop --url");
  const kind = values.get("flood-kind")?.at(-1) ?? "progress";
  if (!(FLOOD_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`--flood-kind takes ${FLOOD_KINDS.join(", ")} (got "${kind}")`);
  }
  const broadcastMs = values.has("broadcast-ms") ? number("broadcast-ms", null, 50, 5_000) : null;
  if (broadcastMs !== null && urls.length > 0)
    throw new Error("--broadcast-ms applies only to a server the bench starts");
  return {
    students,
    rate: number("rate", null, 0.1, 50, false),
    duration: number("duration", null, 2, 600, false),
    urls,
    pids: (values.get("pid") ?? []).map((raw) => {
      const pid = Number(raw);
      if (!Number.isInteger(pid) || pid <= 0) throw new Error(`--pid must be a process id (got "${raw}")`);
      return pid;
    }),
    json: switches.has("json"),
    chaos,
    flood: switches.has("flood") || values.has("flood-kind") ? (kind as FloodKind) : null,
    epochs: number("epochs", 10_000, 10, 10_000),
    batchEpochs: number("batch-epochs", 5, 1, 500),
    workers: number("workers", Math.min(4, Math.ceil(students / 500)), 1, 16),
    broadcastMs,
    serverRoot: values.get("server-root")?.at(-1) ?? null,
  };
}
