import type { Problem } from "./Problem.ts";
import type { RunConfig } from "./RunConfig.ts";
import { learningRateAt } from "./schedules.ts";
import { parameterNames, stepFormulas, type StepFormulas } from "./stepFormulas.ts";

/** Models with at most this many parameters have each one's step written out; larger ones get a summary. */
export const STEP_PARAMS_WRITTEN_OUT = 4;
/** At most this many rows have their prediction written out. */
export const STEP_ROWS_WRITTEN_OUT = 5;

/** One training row and the model's prediction for it at the start of the step. */
export interface RowPrediction {
  readonly x: readonly number[];
  readonly y: number;
  readonly prediction: number;
}

/** One parameter's step: `next` is `old - lr × gradient` under plain descent, null under another rule. */
export interface ParameterStep {
  readonly name: string;
  readonly old: number;
  readonly gradient: number;
  readonly next: number | null;
}

/**
 * How the epoch moves the parameters. `plain`: one full-batch step of plain gradient descent, new = old - lr × gradient.
 * `optimizer`: one full-batch step of another rule (momentum, Adam, ...), which starts from the same gradient.
 * `mini-batch`: several steps, one per batch, each from its own batch's gradient.
 */
export type StepRule = "plain" | "optimizer" | "mini-batch";

/** The arithmetic of one epoch, in the source text's terms, as the Trainer computes it. */
export interface StepExplanation {
  /** The epoch this step is (0 for the first). */
  readonly epoch: number;
  readonly rule: StepRule;
  /** The learning rate of this epoch (after the schedule). */
  readonly lr: number;
  readonly formulas: StepFormulas;
  /** The first rows (at most STEP_ROWS_WRITTEN_OUT) with their predictions; `rowCount` is how many there are. */
  readonly rows: readonly RowPrediction[];
  readonly rowCount: number;
  /** The training loss at the start of the epoch: the Trainer's losses[epoch]. */
  readonly loss: number;
  /** Each parameter's step, when the model has at most STEP_PARAMS_WRITTEN_OUT; else empty. */
  readonly params: readonly ParameterStep[];
  readonly paramCount: number;
  /** The length of the full-batch gradient vector, √(Σ gradient²). */
  readonly gradientNorm: number;
  /** Under plain descent, the largest |new - old| of any parameter; null under another rule. */
  readonly largestChange: number | null;
}

/**
 * The numbers of epoch `epoch` of a run, from the parameters at its start: each row's prediction, the loss, the
 * full-batch gradient of each parameter and, under plain full-batch gradient descent, new = old - lr × gradient.
 * They are computed by the same calls, in the same order, as `Trainer.step()`, so they equal its numbers bit for
 * bit (the loss its losses[epoch], `next` its parameters after the step).
 */
export function explainStep(problem: Problem, config: RunConfig, params: Float64Array, epoch: number): StepExplanation {
  const { model, dataset } = problem;
  const train = dataset.train;
  const grad = new Float64Array(model.paramCount);
  const loss = model.lossAndGradient(params, train, null, 0, train.n, grad);
  const lr =
    config.schedule.kind === "constant" ? config.lr : learningRateAt(config.schedule, config.lr, epoch, config.epochs);
  const fullBatch = config.batchSize === "full" || config.batchSize >= train.n;
  const plainRule = config.optimizer === "sgd" && config.momentum === 0;
  const rule: StepRule = !fullBatch ? "mini-batch" : plainRule ? "plain" : "optimizer";

  const names = parameterNames(model.spec, model.inputs, model.paramCount);
  let squares = 0;
  let largestChange = 0;
  const steps: ParameterStep[] = [];
  for (let i = 0; i < model.paramCount; i++) {
    const old = params[i]!;
    const gradient = grad[i]!;
    squares += gradient * gradient;
    // As sgd.ts writes it without momentum or weight decay: p = p - lr * g.
    const next = rule === "plain" ? old - lr * gradient : null;
    if (next !== null) largestChange = Math.max(largestChange, Math.abs(next - old));
    if (model.paramCount <= STEP_PARAMS_WRITTEN_OUT) steps.push({ name: names[i]!, old, gradient, next });
  }

  const rows: RowPrediction[] = [];
  const features = model.inputs;
  for (let row = 0; row < Math.min(train.n, STEP_ROWS_WRITTEN_OUT); row++) {
    const x = Array.from(train.x.subarray(row * features, (row + 1) * features));
    rows.push({ x, y: train.y[row]!, prediction: model.predict(params, x) });
  }

  return {
    epoch,
    rule,
    lr,
    formulas: stepFormulas(model.spec, names),
    rows,
    rowCount: train.n,
    loss,
    params: steps,
    paramCount: model.paramCount,
    gradientNorm: Math.sqrt(squares),
    largestChange: rule === "plain" ? largestChange : null,
  };
}
