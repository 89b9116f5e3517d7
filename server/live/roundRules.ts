// What a round's challenge makes of its data, built once per round: on the event loop for a round loaded from the
// store or started by the host, on a worker thread for a new session (see prepareSession.ts), which sends it back
// as RoundRulesData.
import {
  createModel,
  createProblem,
  largestStableLearningRate,
  studentChallenge,
  studentProblemSpec,
  type Challenge,
  type Dataset,
  type Problem,
  type StudentChallenge,
  type StudentProblemSpec,
} from "@downhill/core";

/**
 * What a round's challenge makes of its data, built once per round. Each run keeps the rules of the round it
 * started in: it is replayed, checked and scored under them, never under a later round's.
 */
export interface RoundRules {
  readonly round: number;
  readonly challenge: Challenge;
  /** The whole problem, test split included: the server's alone. */
  readonly problem: Problem;
  /**
   * The training rows students descend on, without the recipe that rebuilds the test split. Runs are replayed on
   * it, so that the replay descends on exactly the numbers the student's browser did.
   */
  readonly studentSpec: StudentProblemSpec;
  /** The challenge as students receive it: its rules and `studentSpec`'s rows. */
  readonly studentChallenge: StudentChallenge;
  /** The edge of stability of plain full-batch gradient descent on the training rows, or null (see views.ts). */
  readonly edgeOfStability: number | null;
}

/** The rules of `challenge` as round `round`; `problem` when it has been built already (it builds the dataset). */
export function roundRules(
  round: number,
  challenge: Challenge,
  problem: Problem = createProblem({ dataset: challenge.dataset, model: challenge.model }),
): RoundRules {
  const studentSpec = studentProblemSpec(problem);
  return {
    round,
    challenge,
    problem,
    studentSpec,
    studentChallenge: studentChallenge(challenge, studentSpec),
    edgeOfStability: largestStableLearningRate(problem),
  };
}

/**
 * A round's rules as plain data that a worker thread can post: the problem's dataset and optimum in place of the
 * problem, whose model holds functions (and costs nothing to build again).
 */
export interface RoundRulesData {
  readonly round: number;
  readonly challenge: Challenge;
  readonly dataset: Dataset;
  readonly optimumLoss: number | null;
  readonly studentSpec: StudentProblemSpec;
  readonly edgeOfStability: number | null;
}

export function roundRulesData(rules: RoundRules): RoundRulesData {
  const { round, challenge, problem, studentSpec, edgeOfStability } = rules;
  return { round, challenge, dataset: problem.dataset, optimumLoss: problem.optimumLoss, studentSpec, edgeOfStability };
}

/** The rules again from their data: the same numbers, bit for bit, as the rules the data was taken from. */
export function roundRulesFrom(data: RoundRulesData): RoundRules {
  const { round, challenge, dataset, optimumLoss, studentSpec, edgeOfStability } = data;
  const problem: Problem = {
    spec: { dataset: challenge.dataset, model: challenge.model },
    dataset,
    model: createModel(challenge.model, dataset.features, dataset.task),
    optimumLoss,
  };
  return {
    round,
    challenge,
    problem,
    studentSpec,
    studentChallenge: studentChallenge(challenge, studentSpec),
    edgeOfStability,
  };
}
