// Matches each sent batch with the first roster row the instructor saw that reflects it, and summarises times.
import { SAMPLE_FIELDS } from "./messages.ts";
import type { RosterLog } from "./instructor.ts";

/** Pairs (sentAt, milliseconds), so that a summary can be taken over any window of send times. */
export type Timed = Float64Array;

export interface Matched {
  /** sentAt, then receivedAt - sentAt, for each acked batch the roster reflected. */
  readonly view: Timed;
  /** sentAt, then ackAt - sentAt, for each acked batch. */
  readonly ack: Timed;
  /** Acked batches no roster row reflected before the end. */
  readonly unmatched: number;
}

/**
 * For every acked batch of student s that brings run attempt a to e epochs, the first roster row of s seen at or
 * after its send time with (runs, epochs) >= (a, e) in lexicographic order: a later run also shows the batch
 * was taken in. Roster rows only move forward, so a binary search finds the first candidate.
 */
export function matchSamples(samples: Float64Array, studentIds: ReadonlyMap<number, string>, log: RosterLog): Matched {
  const count = samples.length / SAMPLE_FIELDS;
  const view: number[] = [];
  const ack: number[] = [];
  let unmatched = 0;
  for (let i = 0; i < count; i++) {
    const at = i * SAMPLE_FIELDS;
    const ackAt = samples[at + 4]!;
    if (ackAt === 0) continue;
    const sentAt = samples[at + 3]!;
    ack.push(sentAt, ackAt - sentAt);
    const rows = log.get(studentIds.get(samples[at]!) ?? "");
    const seenAt = rows ? firstReflecting(rows, samples[at + 1]!, samples[at + 2]!, sentAt) : null;
    if (seenAt === null) unmatched++;
    else view.push(sentAt, seenAt - sentAt);
  }
  return { view: Float64Array.from(view), ack: Float64Array.from(ack), unmatched };
}

function firstReflecting(rows: readonly number[], attempt: number, epochs: number, sentAt: number): number | null {
  const n = rows.length / 3;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const runs = rows[mid * 3]!;
    if (runs > attempt || (runs === attempt && rows[mid * 3 + 1]! >= epochs)) hi = mid;
    else lo = mid + 1;
  }
  for (let k = lo; k < n; k++) if (rows[k * 3 + 2]! >= sentAt) return rows[k * 3 + 2]!;
  return null;
}

export interface Summary {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** Nearest-rank percentiles of the times sent within [from, to). */
export function summarise(timed: Timed, from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY): Summary {
  const values: number[] = [];
  for (let i = 0; i < timed.length; i += 2) if (timed[i]! >= from && timed[i]! < to) values.push(timed[i + 1]!);
  const sorted = Float64Array.from(values).sort();
  const rank = (q: number) => (sorted.length === 0 ? null : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!);
  return { count: sorted.length, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: rank(1) };
}
