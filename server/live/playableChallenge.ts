// The checks a challenge passes before anyone plays it, beyond its schema: the same for a new session
// (POST /api/sessions) and for another round of one (the host's `newRound` command).
import { randomInt } from "node:crypto";
import { createProblem, verificationCost, type Challenge, type Problem } from "@downhill/core";
import { SessionError } from "./SessionError.ts";

/**
 * A challenge scored on a hidden test split gets a dataset seed drawn here when it names none: under the default
 * seed anyone could regenerate the whole set, whose rows outside a student's training rows are the test rows.
 * The seed has 53 random bits, beyond a search of every seed against the training rows; it stays on the server and
 * with the host, and students receive only the training rows.
 */
export function withSecretSeed(challenge: Challenge): Challenge {
  const { dataset } = challenge;
  if (challenge.scoring !== "test" || ("seed" in dataset && dataset.seed !== undefined)) return challenge;
  const seed = randomInt(2 ** 21) * 2 ** 32 + randomInt(2 ** 32);
  return { ...challenge, dataset: { ...dataset, seed } };
}

/** A challenge as it will be played, with the problem built from it (its dataset is built once, here). */
export interface PlayableChallenge {
  readonly challenge: Challenge;
  readonly problem: Problem;
}

/**
 * The challenge as it will be played (with its secret seed) and its problem; throws
 * SessionError("invalid_challenge") when it cannot run, or when verifying a class of it would cost the server more
 * than VERIFY_BUDGET (the message says what to change).
 */
export function playableChallenge(asked: Challenge): PlayableChallenge {
  const challenge = withSecretSeed(asked);
  let problem: Problem;
  try {
    problem = createProblem({ dataset: challenge.dataset, model: challenge.model });
    if (challenge.scoring === "test" && !problem.dataset.test) {
      throw new Error(`dataset "${problem.dataset.name}" has no test split to score on; set a testFraction above 0`);
    }
    // The server replays every run it is sent: a class's verification must fit the documented budget.
    const cost = verificationCost(problem, challenge);
    if (!cost.withinBudget) throw new Error(cost.advice!);
  } catch (error) {
    throw new SessionError("invalid_challenge", error instanceof Error ? error.message : String(error));
  }
  return { challenge, problem };
}
