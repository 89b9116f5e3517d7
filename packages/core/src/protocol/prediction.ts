// Predict, then run: before a run a student may say what will come of it, whether it will diverge or in which
// decade its final training loss will land, for the learning rate they chose. The prediction travels with
// run:start and is stored with the run; the review page sets each one against the run's result.
import { z } from "zod";
import type { RunStatus } from "./views.ts";

/**
 * The decades of final training loss a student can name: decade e is 10^e <= loss < 10^(e+1). The lowest also
 * takes every smaller loss (an exact fit's 0 included), the highest every larger one.
 */
export const PREDICTION_DECADES = { lowest: -6, highest: 6 } as const;

export const runPredictionSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("diverges") }),
  z.object({
    outcome: z.literal("finishes"),
    decade: z.number().int().min(PREDICTION_DECADES.lowest).max(PREDICTION_DECADES.highest),
  }),
]);
export type RunPrediction = z.infer<typeof runPredictionSchema>;

/** The decade a final training loss lands in (see PREDICTION_DECADES). */
export function lossDecade(loss: number): number {
  const decade = loss > 0 ? Math.floor(Math.log10(loss)) : PREDICTION_DECADES.lowest;
  return Math.min(PREDICTION_DECADES.highest, Math.max(PREDICTION_DECADES.lowest, decade));
}

/** 10^e in plain notation, written digit by digit: 0.001, 1, 1000. */
function power(exponent: number): string {
  return exponent < 0 ? `0.${"0".repeat(-exponent - 1)}1` : `1${"0".repeat(exponent)}`;
}

/** A prediction in words: "it diverges", "final loss between 0.01 and 0.1", "final loss below 0.00001". */
export function describePrediction(prediction: RunPrediction): string {
  if (prediction.outcome === "diverges") return "it diverges";
  const { decade } = prediction;
  if (decade === PREDICTION_DECADES.lowest) return `final loss below ${power(decade + 1)}`;
  if (decade === PREDICTION_DECADES.highest) return `final loss of ${power(decade)} or more`;
  return `final loss between ${power(decade)} and ${power(decade + 1)}`;
}

/** What a run came to, as far as a prediction is concerned. */
export interface PredictedRunResult {
  readonly status: RunStatus;
  /** The server's training loss at the run's final parameters. */
  readonly trainLoss: number | null;
}

/**
 * Whether the run came out as predicted: a diverged run holds "diverges", a verified one the decade its final
 * training loss lands in. Null while there is nothing to compare: a run still going, rejected or left unfinished.
 */
export function predictionHeld(prediction: RunPrediction, result: PredictedRunResult): boolean | null {
  if (result.status === "diverged") return prediction.outcome === "diverges";
  if (result.status !== "verified" || result.trainLoss === null || !Number.isFinite(result.trainLoss)) return null;
  return prediction.outcome === "finishes" && prediction.decade === lossDecade(result.trainLoss);
}
