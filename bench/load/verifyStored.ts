// After the run: reads the session back through the HTTP API with the instructor key and compares what is
// stored with what the students were told was stored (lost) and with what they sent (duplicated).
import type { ChallengeInput, RunConfig } from "@downhill/core";
import { configKey, honestCurves } from "./curves.ts";
import type { RunTally } from "./messages.ts";

interface StoredRun {
  readonly runId: string;
  readonly config: RunConfig;
  /** Epochs stored, including those of a run not yet checked (whose losses the API withholds). */
  readonly epochsStored: number;
  /** Only a checked (verified or diverged) run's losses: empty for the rest. */
  readonly losses: readonly (number | null)[];
}

export interface StoredCheck {
  /** Acked batches whose epochs are not (all) stored, and the epochs missing. */
  readonly lostBatches: number;
  readonly lostEpochs: number;
  /** Runs holding more epochs than were ever sent for them, and the extra epochs. */
  readonly duplicatedRuns: number;
  readonly duplicatedEpochs: number;
  /** Runs whose stored losses differ from the honest curve the student streamed. */
  readonly corruptedRuns: number;
  readonly storedRuns: number;
  readonly storedEpochs: number;
}

export async function checkStored(
  url: string,
  sessionId: string,
  instructorKey: string,
  tallies: readonly RunTally[],
  challenge: ChallengeInput,
  batchEpochs: number,
): Promise<StoredCheck> {
  const response = await fetch(`${url}/api/sessions/${sessionId}`, {
    headers: { authorization: `Bearer ${instructorKey}` },
    signal: AbortSignal.timeout(120_000),
  });
  if (!response.ok) throw new Error(`GET /api/sessions/${sessionId} answered ${response.status}`);
  const results = (await response.json()) as { runs: StoredRun[] };
  const stored = new Map(results.runs.map((run) => [run.runId, run]));
  const curves = new Map(honestCurves(challenge).map((curve) => [configKey(curve.config), curve.losses]));

  let lostBatches = 0;
  let lostEpochs = 0;
  let duplicatedRuns = 0;
  let duplicatedEpochs = 0;
  for (const tally of tallies) {
    const length = stored.get(tally.runId)?.epochsStored ?? 0;
    if (tally.ackedEpochs > length) {
      lostEpochs += tally.ackedEpochs - length;
      lostBatches += Math.ceil((tally.ackedEpochs - length) / batchEpochs);
    }
    if (length > tally.sentEpochs) {
      duplicatedRuns++;
      duplicatedEpochs += length - tally.sentEpochs;
    }
  }
  let corruptedRuns = 0;
  let storedEpochs = 0;
  for (const run of results.runs) {
    storedEpochs += run.epochsStored;
    if (run.losses.length === 0) continue; // not checked yet: nothing to compare
    const honest = curves.get(configKey(run.config));
    if (!honest || run.losses.some((loss, epoch) => !same(loss, honest[epoch]))) corruptedRuns++;
  }
  return {
    lostBatches,
    lostEpochs,
    duplicatedRuns,
    duplicatedEpochs,
    corruptedRuns,
    storedRuns: results.runs.length,
    storedEpochs,
  };
}

function same(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return a === b;
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
}
