// `npm run bench:core`: epochs per second and time per epoch of the engine's hot loop on this machine.
// Figures, not pass/fail: the README records the latest run.
// Each scenario runs in a process of its own, as a student's Web Worker runs one problem: in a shared process the
// engine optimises the Trainer for the scenarios run before (and may then leave a later model's loss uninlined).
import { execFileSync } from "node:child_process";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import {
  createModel,
  createProblem,
  estimateReplaySeconds,
  Random,
  replayRun,
  runConfigSchema,
  Trainer,
  type Dataset,
  type Problem,
  type ProblemSpec,
  type RunConfigInput,
} from "@downhill/core";

/** A regression dataset of `n` rows and `features` standard-normal inputs, y = sum(x) + noise. */
function syntheticRegression(n: number, features: number): Dataset {
  const random = new Random(42);
  const x = new Float64Array(n * features);
  const y = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    let sum = 0;
    for (let j = 0; j < features; j++) {
      const value = random.normal();
      x[row * features + j] = value;
      sum += value;
    }
    y[row] = sum + 0.1 * random.normal();
  }
  return {
    name: `synthetic-${n}x${features}`,
    title: "benchmark regression",
    task: "regression",
    featureNames: Array.from({ length: features }, (_, j) => `x${j}`),
    targetName: "y",
    features,
    train: { n, x, y },
    test: null,
    standardization: null,
  };
}

function linearProblem(n: number, features: number): Problem {
  const dataset = syntheticRegression(n, features);
  return {
    spec: { dataset: { name: "csv" }, model: { kind: "linear" } },
    dataset,
    model: createModel({ kind: "linear" }, features, "regression"),
    optimumLoss: null,
  };
}

interface Scenario {
  readonly name: string;
  /** Built only in the scenario's own process. */
  readonly problem: () => Problem;
  readonly config: RunConfigInput;
  readonly targetMicroseconds?: number;
  /**
   * "step": one Trainer stepped epoch by epoch, best of five rounds (the hot loop alone). "worker": each round builds a
   * Trainer and runs it to its end, as a student's Web Worker does, median of five rounds.
   */
  readonly path: "step" | "worker";
}

/** Warm-up length: long enough for the engine to finish optimising the hot loop, however fast an epoch is. */
const WARM_UP_MS = 300;

/**
 * Runs `epochs` epochs (at most RUN_LIMITS.maxEpochs) after a warm-up; microseconds per epoch of five rounds (the best
 * on the step path, the median on the worker path; see Scenario), and the median heap growth of the rounds: an allocation in the loop shows in every round, while a one-off one by
 * the engine's compiler, or a collection that shrinks the heap, falls in one round at most.
 */
function measure(scenario: Scenario, epochs: number): { perEpochUs: number; heapGrowthKb: number } {
  const problem = scenario.problem();
  const parsed = runConfigSchema.parse({ ...scenario.config, epochs });
  const warmUntil = performance.now() + WARM_UP_MS;
  do new Trainer(problem, parsed).runToEnd();
  while (performance.now() < warmUntil);
  const perEpochUs: number[] = [];
  const heapGrowthKb: number[] = [];
  for (let round = 0; round < 5; round++) {
    // The step path builds its Trainer outside the timed part; the worker path times the building too.
    const stepped = scenario.path === "step" ? new Trainer(problem, parsed) : null;
    const heapBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    if (stepped) for (let epoch = 0; epoch < epochs; epoch++) stepped.step();
    else new Trainer(problem, parsed).runToEnd();
    const elapsed = performance.now() - start;
    heapGrowthKb.push(Math.max(0, (process.memoryUsage().heapUsed - heapBefore) / 1024));
    perEpochUs.push((elapsed * 1000) / epochs);
  }
  perEpochUs.sort((a, b) => a - b);
  return {
    perEpochUs: scenario.path === "worker" ? perEpochUs[2]! : perEpochUs[0]!,
    heapGrowthKb: heapGrowthKb.sort((a, b) => a - b)[2]!,
  };
}

const mlpScenario = {
  problem: () =>
    createProblem({
      dataset: { name: "moons", size: 250, testFraction: 0 },
      model: { kind: "mlp", hidden: [4, 2], activation: "tanh" },
    }),
  config: { optimizer: "sgd", lr: 0.03, epochs: 1, batchSize: 10, init: "random" },
} as const;

const scenarios: { scenario: Scenario; epochs: number }[] = [
  {
    scenario: {
      name: "linear regression, full batch, 1,000 points x 8 features",
      problem: () => linearProblem(1_000, 8),
      config: { optimizer: "sgd", lr: 0.01, epochs: 1, batchSize: "full" },
      targetMicroseconds: 5,
      path: "step",
    },
    epochs: 10_000,
  },
  {
    scenario: {
      name: "linear regression, full batch, 1,000 points x 1 feature",
      problem: () => linearProblem(1_000, 1),
      config: { optimizer: "sgd", lr: 0.01, epochs: 1, batchSize: "full" },
      targetMicroseconds: 5,
      path: "step",
    },
    epochs: 10_000,
  },
  {
    scenario: {
      name: "linear regression, full batch, 100,000 points x 8 features",
      problem: () => linearProblem(100_000, 8),
      config: { optimizer: "sgd", lr: 0.01, epochs: 1, batchSize: "full" },
      path: "step",
    },
    epochs: 200,
  },
  {
    scenario: {
      name: "MLP 2-4-2-1 tanh, 250 points, batch size 10",
      ...mlpScenario,
      targetMicroseconds: 40,
      path: "step",
    },
    epochs: 10_000,
  },
  {
    scenario: {
      name: "the same MLP as the worker runs it: new Trainer(…).runToEnd(), median of 5",
      ...mlpScenario,
      targetMicroseconds: 39,
      path: "worker",
    },
    epochs: 5_000,
  },
];

/**
 * Replays whose time calibrates REPLAY_NS_PER_UNIT (packages/core/src/training/replayCost.ts): each is replayed once,
 * cold, in a process of its own, as the server's first replay of a challenge is; its time is printed beside the
 * estimate. The constant is right when no ratio measured/estimated is above 1.
 */
const replays: { spec: ProblemSpec; config: RunConfigInput }[] = [
  ...(
    [
      [{ kind: "mlp", hidden: [16, 16, 16, 16], activation: "tanh" }, 1_000, 300, "full"],
      [{ kind: "mlp", hidden: [16, 16, 16, 16], activation: "tanh" }, 1_000, 100, 8],
      [{ kind: "mlp", hidden: [8, 8], activation: "tanh" }, 200, 1_000, "full"],
      [{ kind: "mlp", hidden: [8, 8], activation: "tanh" }, 200, 300, 16],
      [{ kind: "mlp", hidden: [8, 8], activation: "relu" }, 200, 300, 1],
      [{ kind: "mlp", hidden: [2], activation: "tanh" }, 200, 2_000, 1],
      [{ kind: "logistic" }, 200, 2_000, 1],
    ] as const
  ).map(([model, size, epochs, batchSize]) => ({
    spec: { dataset: { name: "moons", size }, model },
    config: { optimizer: "adam", lr: 0.001, epochs, batchSize, init: "random" } as const,
  })),
  {
    spec: { dataset: { name: "line", size: 5_000 }, model: { kind: "linear" } },
    config: { optimizer: "adam", lr: 0.001, epochs: 300, batchSize: 1 },
  },
  {
    spec: { dataset: { name: "line", size: 5_000 }, model: { kind: "linear" } },
    config: { optimizer: "sgd", lr: 0.001, epochs: 10_000, batchSize: "full" },
  },
  {
    spec: { dataset: { name: "cars" }, model: { kind: "polynomial", degree: 8 } },
    config: { optimizer: "adam", lr: 0.001, epochs: 2_000, batchSize: 4 },
  },
];

/**
 * One cold replay, as verification ran it before test curves ("plain"), or as it runs now for a challenge with a
 * held-out split ("test"): the same replay that also takes the loss on the test rows at every epoch.
 */
function measureReplay(index: number, mode: "plain" | "test"): string {
  const { spec, config } = replays[index]!;
  const problem = createProblem(spec);
  const parsed = runConfigSchema.parse(config);
  const testSplit = mode === "test" ? problem.dataset.test : null;
  const start = performance.now();
  replayRun(problem, parsed, testSplit);
  const measuredMs = performance.now() - start;
  const estimatedMs =
    1000 *
    estimateReplaySeconds({
      quadratic: spec.model.kind === "linear" || spec.model.kind === "polynomial",
      paramCount: problem.model.paramCount,
      trainRows: problem.dataset.train.n,
      epochs: parsed.epochs,
      batchSize: parsed.batchSize,
      testRows: testSplit?.n ?? 0,
    });
  if (mode === "test") return `${measuredMs.toFixed(0)} ${estimatedMs.toFixed(0)} ${testSplit?.n ?? 0}`;
  const model =
    spec.model.kind === "mlp" ? `mlp ${spec.model.hidden.join("-")} ${spec.model.activation}` : spec.model.kind;
  return `| ${spec.dataset.name} ${model}, ${problem.dataset.train.n} rows, ${parsed.epochs} epochs, batch ${parsed.batchSize} | ${measuredMs.toFixed(0)} | ${estimatedMs.toFixed(0)} | ${(measuredMs / estimatedMs).toFixed(2)} |`;
}

const only = process.argv[2];
if (only?.startsWith("replay-test-")) {
  process.stdout.write(measureReplay(Number(only.slice("replay-test-".length)), "test"));
} else if (only?.startsWith("replay-")) {
  process.stdout.write(measureReplay(Number(only.slice("replay-".length)), "plain"));
} else if (only !== undefined) {
  const { scenario, epochs } = scenarios[Number(only)]!;
  const { perEpochUs, heapGrowthKb } = measure(scenario, epochs);
  const target = scenario.targetMicroseconds ? `≤ ${scenario.targetMicroseconds} µs` : "—";
  console.log(
    `| ${scenario.name} | ${Math.round(1e6 / perEpochUs).toLocaleString("en")} | ${perEpochUs.toFixed(2)} | ${target} | ${heapGrowthKb.toFixed(0)} KiB over ${epochs.toLocaleString("en")} epochs |`,
  );
} else {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  console.log("| scenario | epochs/s | µs/epoch | target | heap growth over the run |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  // The same node and loader flags (tsx's) for each child, running this file with the scenario's index.
  const script = fileURLToPath(import.meta.url);
  for (let index = 0; index < scenarios.length; index++) {
    const row = execFileSync(process.execPath, [...process.execArgv, script, String(index)], { encoding: "utf8" });
    process.stdout.write(row);
  }
  console.log("\nreplay cost (one cold replay per process; REPLAY_NS_PER_UNIT is right when no ratio is above 1)");
  console.log("with the test curve: the same replay also taking the loss on the held-out rows at every epoch,");
  console.log("as the server's verification does for a challenge with a test split; its estimate counts that pass");
  console.log(
    "| replay | measured ms | estimated ms | measured / estimated | test rows | with test curve ms | added | estimated ms | measured / estimated |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  const run = (argument: string) =>
    execFileSync(process.execPath, [...process.execArgv, script, argument], { encoding: "utf8" });
  for (let index = 0; index < replays.length; index++) {
    const plain = run(`replay-${index}`);
    const [testMs, testEstimateMs, testRows] = run(`replay-test-${index}`).split(" ").map(Number) as [
      number,
      number,
      number,
    ];
    const plainMs = Number(plain.split("|")[2]);
    const added = testRows === 0 ? "—" : `${(((testMs - plainMs) / plainMs) * 100).toFixed(0)}%`;
    const ratio = (testMs / testEstimateMs).toFixed(2);
    process.stdout.write(`${plain} ${testRows} | ${testMs} | ${added} | ${testEstimateMs} | ${ratio} |\n`);
  }
}
