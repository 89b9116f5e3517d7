/** The shapes every dataset, generator and model agrees on. */

export type Task = "regression" | "classification";

/** One split of a dataset: `n` rows of `features` inputs, row-major in `x` (x[row * features + j]), targets in `y`. */
export interface Split {
  readonly n: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** Mean and standard deviation per feature, computed on the training split only. */
export interface Standardization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** A dataset ready for training: a train split and an optional held-out test split. */
export interface Dataset {
  readonly name: string;
  readonly title: string;
  readonly task: Task;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  /** Number of input features per row. */
  readonly features: number;
  readonly train: Split;
  /** Null when the dataset has no test split (the textbook line). */
  readonly test: Split | null;
  /** Null when features are used as they are. */
  readonly standardization: Standardization | null;
}

/** Raw rows before splitting: what a generator, a shipped file or an instructor's CSV yields. */
export interface RawData {
  readonly featureNames: readonly string[];
  readonly targetName: string;
  /** rows[i][j] is feature j of row i. */
  readonly rows: readonly (readonly number[])[];
  readonly targets: readonly number[];
}

/**
 * A training split as plain numbers, already split off and standardized: what a student receives in place of a
 * recipe, so that nothing they hold rebuilds the rows held out for testing. It builds a dataset with no test split.
 */
export interface TrainingRows extends RawData {
  /** The title of the dataset the rows were taken from. */
  readonly title: string;
  readonly task: Task;
}

/** Where a real dataset comes from and under which licence it is shipped. */
export interface DatasetSourceNote {
  readonly citation: string;
  readonly licence: string;
}

/**
 * Names a dataset and how to build it. Everyone in a session builds from the same ref, so everyone gets the
 * same rows and the same split. Unset fields take the dataset's own defaults.
 */
export interface DatasetRef {
  /**
   * A key of the `datasets` registry, "csv" for an instructor's upload carried in `csv`, or "rows" for training
   * rows carried, ready to use, in `rows` (which take none of the options below).
   */
  readonly name: string;
  /** Seeds generation, noise and the train/test split: an integer from 0 to 2^53 - 1. */
  readonly seed?: number;
  /** Number of rows for generated sets. */
  readonly size?: number;
  /** Noise level for generated sets (standard deviation of the added noise, in the set's own units). */
  readonly noise?: number;
  /** Share of rows held out as the test split, in [0, 0.9]. */
  readonly testFraction?: number;
  readonly standardize?: boolean;
  readonly csv?: RawData;
  readonly rows?: TrainingRows;
}
