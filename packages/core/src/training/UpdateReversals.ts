/** Epochs in a row whose update reverses the previous one before the run counts as oscillating there. */
export const MIN_REVERSALS_IN_A_ROW = 3;

/** A stretch of epochs in which every update pointed against the one before. */
export interface ReversalSpan {
  /** First and last epoch (1-based: the epoch whose update reversed) of the stretch. */
  readonly from: number;
  readonly to: number;
}

/**
 * Watches a descent's parameter path for oscillation across a valley: an epoch's update Δ_t = w_t - w_{t-1}
 * reverses the previous one when Δ_t · Δ_{t-1} < 0, as when gradient descent with a learning rate between 1/λ and
 * 2/λ overshoots the bottom along a direction of curvature λ and lands on the other side, again and again.
 * Feed it the parameters after each epoch; it allocates nothing per epoch.
 */
export class UpdateReversals {
  private readonly previous: Float64Array;
  private readonly lastUpdate: Float64Array;
  private observed = 0;
  private streakStart = 0;
  private streak = 0;
  private readonly found: ReversalSpan[] = [];

  constructor(initialParams: Float64Array) {
    this.previous = Float64Array.from(initialParams);
    this.lastUpdate = new Float64Array(initialParams.length);
  }

  /** Records the parameters after the next epoch. */
  observe(params: Float64Array): void {
    this.observed++;
    let dot = 0;
    for (let i = 0; i < params.length; i++) {
      const update = params[i]! - this.previous[i]!;
      dot += update * this.lastUpdate[i]!;
      this.lastUpdate[i] = update;
      this.previous[i] = params[i]!;
    }
    if (dot < 0) {
      if (this.streak === 0) this.streakStart = this.observed;
      this.streak++;
    } else {
      this.closeStreak();
    }
  }

  /** The stretches of at least MIN_REVERSALS_IN_A_ROW reversals, in order, the one still going included. */
  spans(): ReversalSpan[] {
    const spans = [...this.found];
    if (this.streak >= MIN_REVERSALS_IN_A_ROW) spans.push({ from: this.streakStart, to: this.observed });
    return spans;
  }

  /** True when the updates were still reversing at the last epoch observed. */
  get reversingAtEnd(): boolean {
    return this.streak >= MIN_REVERSALS_IN_A_ROW;
  }

  private closeStreak(): void {
    if (this.streak >= MIN_REVERSALS_IN_A_ROW) {
      this.found.push({ from: this.streakStart, to: this.streakStart + this.streak - 1 });
    }
    this.streak = 0;
  }
}
