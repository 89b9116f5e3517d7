// What is read back from the database is checked with the wire's own zod schemas, so a schema change cannot
// silently hand a live session a challenge or a run configuration of a shape the code no longer expects.
// Stored JSON of an older shape is first upgraded, one step per shape change, then parsed.
import {
  challengeSchema,
  RUN_STATUSES,
  runConfigSchema,
  runPredictionSchema,
  SESSION_STATUSES,
  testCurveSchema,
  type Challenge,
  type RunConfig,
  type RunPrediction,
  type RunStatus,
  type SessionStatus,
} from "@downhill/core";
import { z } from "zod";
import { StoredRowError } from "./Store.ts";

/** What a client is told about a session whose stored rows this version cannot read; the log says which field. */
export const UNREADABLE_MESSAGE =
  "this session's stored data cannot be read by this version of the server; its log names the field";

/** Rewrites stored JSON of one older shape into the next; returns anything else as it is. */
export type StoredUpgrade = (stored: unknown) => unknown;

/**
 * Upgrades of stored challenges, oldest first. When a change to `challengeSchema` would refuse challenges
 * already stored (a field renamed, a unit changed), add a step here that recognises the old shape and rewrites
 * it; a new optional field with a default needs none.
 */
export const CHALLENGE_UPGRADES: readonly StoredUpgrade[] = [];
/** Upgrades of stored run configurations, oldest first, as for challenges. */
export const RUN_CONFIG_UPGRADES: readonly StoredUpgrade[] = [];

/** Applies every upgrade in order. */
export function upgradeStored(stored: unknown, upgrades: readonly StoredUpgrade[]): unknown {
  return upgrades.reduce((value, upgrade) => upgrade(value), stored);
}

/** Parses stored JSON with `schema` after the upgrades; a StoredRowError naming the row and the field otherwise. */
function readStored<S extends z.ZodType>(
  where: { table: string; id: string; column: string },
  schema: S,
  json: string,
  upgrades: readonly StoredUpgrade[] = [],
): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new StoredRowError(where.table, where.id, `${where.column} is not JSON`);
  }
  const parsed = schema.safeParse(upgradeStored(raw, upgrades));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = [where.column, ...(issue?.path ?? [])].join(".");
    throw new StoredRowError(where.table, where.id, `${path}: ${issue?.message ?? "does not match the schema"}`);
  }
  return parsed.data;
}

export function readChallenge(sessionId: string, json: string, upgrades = CHALLENGE_UPGRADES): Challenge {
  return readStored({ table: "Session", id: sessionId, column: "challenge" }, challengeSchema, json, upgrades);
}

export function readRunConfig(runId: string, json: string, upgrades = RUN_CONFIG_UPGRADES): RunConfig {
  return readStored({ table: "Run", id: runId, column: "config" }, runConfigSchema, json, upgrades);
}

/** A run's stored prediction; null for a run started without one. */
export function readRunPrediction(runId: string, json: string | null): RunPrediction | null {
  return json === null
    ? null
    : readStored({ table: "Run", id: runId, column: "prediction" }, runPredictionSchema, json);
}

/**
 * A run's stored test curve (little-endian float64, NaN for a loss that was not finite) through the wire's
 * `testCurveSchema`; null for a run stored without one.
 */
export function readTestLosses(runId: string, bytes: Uint8Array | null): (number | null)[] | null {
  if (bytes === null) return null;
  if (bytes.byteLength % 8 !== 0) {
    throw new StoredRowError("Run", runId, `testLosses: ${bytes.byteLength} bytes is not a whole number of float64`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const losses = Array.from({ length: bytes.byteLength / 8 }, (_, i) => {
    const loss = view.getFloat64(i * 8, true);
    return Number.isFinite(loss) ? loss : null;
  });
  const parsed = testCurveSchema.safeParse(losses);
  if (!parsed.success) {
    throw new StoredRowError("Run", runId, `testLosses: ${parsed.error.issues[0]?.message ?? "not a test curve"}`);
  }
  return parsed.data;
}

export function readSessionStatus(sessionId: string, status: string): SessionStatus {
  const parsed = z.enum(SESSION_STATUSES).safeParse(status);
  if (!parsed.success) throw new StoredRowError("Session", sessionId, `status: unknown status "${status}"`);
  return parsed.data;
}

export function readRunStatus(runId: string, status: string): RunStatus {
  const parsed = z.enum(RUN_STATUSES).safeParse(status);
  if (!parsed.success) throw new StoredRowError("Run", runId, `status: unknown status "${status}"`);
  return parsed.data;
}
