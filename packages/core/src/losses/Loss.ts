/** A per-example loss paired with its derivative with respect to the model's raw output. */
export interface Loss {
  readonly name: "mse" | "bce";
  /**
   * Loss of one example. For MSE `output` is the prediction; for BCE it is the logit z, and the
   * probability is sigmoid(z), so that the value stays finite for large |z|.
   */
  value(output: number, target: number): number;
  /** d value / d output. */
  derivative(output: number, target: number): number;
}
