import { Random, type RandomState } from "../random.ts";
import type { Optimizer, OptimizerState } from "../optimizers/Optimizer.ts";
import { createOptimizer } from "../optimizers/registry.ts";
import type { Problem } from "./Problem.ts";
import type { RunConfig } from "./RunConfig.ts";
import { learningRateAt } from "./schedules.ts";

/**
 * A run diverges when its training loss stops being a finite number or grows past this many times its
 * starting loss (or past this many times 1e-3, when it started below that).
 */
export const DIVERGENCE_RATIO = 1e4;

export type TrainerStatus = "running" | "finished" | "diverged";

/** A run's complete state, JSON-serialisable: restoring it continues the run bit for bit. */
export interface TrainerSnapshot {
  readonly epoch: number;
  readonly params: readonly number[];
  readonly optimizer: OptimizerState;
  readonly random: RandomState;
  /** losses[i] is the training loss at the start of epoch i; non-finite losses are stored as null. */
  readonly losses: readonly (number | null)[];
  readonly status: TrainerStatus;
  readonly divergedAt: number | null;
}

/**
 * Descends epoch by epoch. Each `step()` records the loss on the whole training split with the parameters at
 * the start of the epoch (as in the source text's NumPy loop), then makes one update per batch.
 */
export class Trainer {
  readonly params: Float64Array;
  /** losses[i] for i < epoch: the training loss at the start of epoch i. */
  readonly losses: Float64Array;
  private readonly grad: Float64Array;
  private readonly order: Uint32Array;
  private readonly optimizer: Optimizer;
  private readonly random: Random;
  private readonly batchSize: number;
  private currentEpoch = 0;
  private currentStatus: TrainerStatus = "running";
  private divergedEpoch: number | null = null;
  private lastLoss = Number.NaN;

  constructor(
    readonly problem: Problem,
    readonly config: RunConfig,
  ) {
    const { model, dataset } = problem;
    this.params = new Float64Array(model.paramCount);
    this.grad = new Float64Array(model.paramCount);
    this.losses = new Float64Array(config.epochs);
    this.order = new Uint32Array(dataset.train.n);
    const n = dataset.train.n;
    this.batchSize = config.batchSize === "full" ? n : Math.min(config.batchSize, n);
    this.optimizer = createOptimizer(config.optimizer, model.paramCount, {
      momentum: config.momentum,
      nesterov: config.nesterov,
    });
    this.random = new Random(config.seed);
    model.initialize(this.params, config.init, this.random);
    if (config.start !== undefined) {
      if (config.start.length !== model.paramCount) {
        const counts = `the model has ${model.paramCount}, start gives ${config.start.length}`;
        throw new Error(`start needs one value per parameter: ${counts}`);
      }
      this.params.set(config.start);
    }
  }

  /** Restores a run saved by `snapshot()` for the same problem and configuration. */
  static restore(problem: Problem, config: RunConfig, snapshot: TrainerSnapshot): Trainer {
    const trainer = new Trainer(problem, config);
    if (snapshot.params.length !== trainer.params.length) {
      throw new Error(`snapshot has ${snapshot.params.length} parameters, the model has ${trainer.params.length}`);
    }
    if (snapshot.epoch < 0 || snapshot.epoch > config.epochs || snapshot.losses.length !== snapshot.epoch) {
      throw new Error("snapshot epoch and losses do not agree with the configuration");
    }
    trainer.params.set(snapshot.params);
    trainer.losses.set(snapshot.losses.map((loss) => loss ?? Number.NaN));
    trainer.optimizer.setState(snapshot.optimizer);
    trainer.random.setState(snapshot.random);
    trainer.currentEpoch = snapshot.epoch;
    trainer.currentStatus = snapshot.status;
    trainer.divergedEpoch = snapshot.divergedAt;
    return trainer;
  }

  /** Number of epochs completed. */
  get epoch(): number {
    return this.currentEpoch;
  }

  get status(): TrainerStatus {
    return this.currentStatus;
  }

  /** The epoch whose starting loss showed the divergence, or null. */
  get divergedAt(): number | null {
    return this.divergedEpoch;
  }

  /** The training loss recorded at the start of the last epoch stepped (NaN before the first step). */
  get lastRecordedLoss(): number {
    return this.lastLoss;
  }

  /** Runs one epoch, or detects divergence at its start and stops. Returns the status afterwards. */
  step(): TrainerStatus {
    if (this.currentStatus !== "running") return this.currentStatus;
    const { model, dataset } = this.problem;
    const train = dataset.train;
    const epoch = this.currentEpoch;
    const full = this.batchSize >= train.n;
    // In full-batch descent the one gradient pass also yields the epoch's starting loss: no second pass.
    const loss = full
      ? model.lossAndGradient(this.params, train, null, 0, train.n, this.grad)
      : model.loss(this.params, train);
    this.losses[epoch] = loss;
    this.lastLoss = loss;
    this.currentEpoch = epoch + 1;
    if (this.isDivergent(loss)) {
      this.currentStatus = "diverged";
      this.divergedEpoch = epoch;
      return this.currentStatus;
    }
    // A constant schedule needs no call (whose returned number the engine would box once per epoch).
    const schedule = this.config.schedule;
    const lr =
      schedule.kind === "constant"
        ? this.config.lr
        : learningRateAt(schedule, this.config.lr, epoch, this.config.epochs);
    if (full) {
      this.optimizer.step(this.params, this.grad, lr);
    } else {
      // A fresh permutation every epoch, from the generator alone, so a restored run shuffles identically.
      for (let i = 0; i < this.order.length; i++) this.order[i] = i;
      this.random.shuffle(this.order);
      // The batches' own losses are not recorded: a model that can skip computing them does.
      const gradientOnly = model.gradient !== undefined;
      for (let start = 0; start < train.n; start += this.batchSize) {
        const end = Math.min(start + this.batchSize, train.n);
        if (gradientOnly) model.gradient(this.params, train, this.order, start, end, this.grad);
        else model.lossAndGradient(this.params, train, this.order, start, end, this.grad);
        this.optimizer.step(this.params, this.grad, lr);
      }
    }
    if (this.currentEpoch === this.config.epochs) this.finish();
    return this.currentStatus;
  }

  /** Steps until the run finishes or diverges. */
  runToEnd(): TrainerStatus {
    while (this.currentStatus === "running") this.step();
    return this.currentStatus;
  }

  /** The training loss with the current parameters. */
  currentLoss(): number {
    return this.problem.model.loss(this.params, this.problem.dataset.train);
  }

  /** The losses recorded so far, as a plain array with non-finite values as null (JSON-safe). */
  recordedLosses(): (number | null)[] {
    return Array.from(this.losses.subarray(0, this.currentEpoch), (loss) => (Number.isFinite(loss) ? loss : null));
  }

  snapshot(): TrainerSnapshot {
    return {
      epoch: this.currentEpoch,
      params: Array.from(this.params),
      optimizer: this.optimizer.getState(),
      random: this.random.getState(),
      losses: this.recordedLosses(),
      status: this.currentStatus,
      divergedAt: this.divergedEpoch,
    };
  }

  /** After the last epoch the final parameters' loss can still have exploded: that run diverged too. */
  private finish(): void {
    if (this.isDivergent(this.currentLoss())) {
      this.currentStatus = "diverged";
      this.divergedEpoch = this.config.epochs;
    } else {
      this.currentStatus = "finished";
    }
  }

  private isDivergent(loss: number): boolean {
    // losses[0] is always recorded before the first check.
    return !Number.isFinite(loss) || loss > DIVERGENCE_RATIO * Math.max(this.losses[0]!, 1e-3);
  }
}
