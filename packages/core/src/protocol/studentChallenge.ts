// What a student receives of a challenge: its rules and its training rows, never a recipe from which the rows
// held out for testing could be rebuilt (a generated set's seed, the split's test fraction, an upload's other rows).
import type { Problem, ProblemSpec } from "../training/Problem.ts";
import type { Challenge, TrainingRowsData } from "./challenge.ts";

/** A dataset ref that carries the training rows themselves. */
export interface StudentDatasetRef {
  readonly name: "rows";
  readonly rows: TrainingRowsData;
}

/** The challenge as students receive it: every rule, and the training rows in place of the dataset's recipe. */
export type StudentChallenge = Omit<Challenge, "dataset"> & { readonly dataset: StudentDatasetRef };

/** The problem students descend on, and the one the server replays their runs on. */
export interface StudentProblemSpec extends ProblemSpec {
  readonly dataset: StudentDatasetRef;
}

/** JSON writes -0 as 0; sending +0 keeps the student's rows and the server's replay on the same bits. */
const positiveZero = (value: number): number => (value === 0 ? 0 : value);

/**
 * The problem's training split as a "rows" ref: its rows in order, standardized as they are trained on, so that a
 * descent on it matches a descent on the whole problem step for step. It carries no seed, no test fraction, no
 * standardization statistics and no test row.
 */
export function studentProblemSpec(problem: Problem): StudentProblemSpec {
  const { dataset } = problem;
  const { n, x, y } = dataset.train;
  const width = dataset.features;
  const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * width, (i + 1) * width), positiveZero));
  return {
    dataset: {
      name: "rows",
      rows: {
        title: dataset.title,
        task: dataset.task,
        featureNames: [...dataset.featureNames],
        targetName: dataset.targetName,
        rows,
        targets: Array.from(y, positiveZero),
      },
    },
    model: problem.spec.model,
  };
}

/** The challenge a student receives: `challenge` with its dataset replaced by the student spec's training rows. */
export function studentChallenge(challenge: Challenge, studentSpec: StudentProblemSpec): StudentChallenge {
  return { ...challenge, dataset: studentSpec.dataset };
}
