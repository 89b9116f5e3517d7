import type { DatasetRef } from "../datasets/Dataset.ts";
import { datasetRefSchema } from "../protocol/challenge.ts";
import type { ProblemSpec } from "../training/Problem.ts";
import { runConfigSchema, type RunConfig, type RunConfigInput } from "../training/RunConfig.ts";
import { ACTIVATIONS, MODEL_KINDS, type ModelSpec } from "../models/Model.ts";

export type ParsedDescendArgs =
  | { readonly ok: true; readonly problem: ProblemSpec; readonly config: RunConfig }
  | { readonly ok: false; readonly flag: string; readonly message: string };

/** Every flag `descend` knows, with a one-line description for --help. */
export const DESCEND_FLAGS = {
  "--dataset": "dataset name (default seed-line)",
  "--rows": "a JSON file of the training rows a student receives (the join reply's challenge.dataset)",
  "--size": "rows for generated datasets",
  "--noise": "noise for generated datasets",
  "--data-seed": "seed of the dataset and its split (default 1)",
  "--test-fraction": "share of rows held out for testing",
  "--standardize": "standardize features (true or false)",
  "--model": `model: ${MODEL_KINDS.join(", ")} (default linear)`,
  "--bias": "whether the linear model has a bias b (true or false; default true): false is y = w x",
  "--degree": "polynomial degree (default 2)",
  "--hidden": "MLP hidden layer sizes, comma separated (default 4,2)",
  "--activation": `MLP activation: ${ACTIVATIONS.join(", ")} (default tanh)`,
  "--optimizer": "sgd, adagrad, rmsprop or adam (default sgd)",
  "--lr": "learning rate (default 0.01)",
  "--epochs": "number of epochs (default 1000)",
  "--batch-size": "a number, or full (default full)",
  "--momentum": "momentum for sgd and rmsprop (default 0)",
  "--nesterov": "Nesterov momentum (true or false)",
  "--schedule": "constant, step, exponential or cosine (default constant)",
  "--step-size": "epochs between decays for the step schedule (default 100)",
  "--gamma": "decay factor for step and exponential schedules (default 0.1 and 0.99)",
  "--min-lr": "final learning rate for the cosine schedule (default 0)",
  "--seed": "seed of the run: random initialisation and shuffling (default 1)",
  "--init": "zeros or random (default zeros)",
  "--start": "starting parameters in the model's layout, comma separated (w,b for a line; w alone without a bias)",
} as const;

type Flag = keyof typeof DESCEND_FLAGS;
const isFlag = (name: string): name is Flag => Object.hasOwn(DESCEND_FLAGS, name);
const BOOLEAN_FLAGS = new Set<Flag>(["--nesterov", "--standardize", "--bias"]);

class FlagError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
  }
}

function number(flags: Map<Flag, string>, flag: Flag): number | undefined {
  const text = flags.get(flag);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value))
    throw new FlagError(flag, `${flag} must be a number, got "${text}"`);
  return value;
}

function boolean(flags: Map<Flag, string>, flag: Flag): boolean | undefined {
  const text = flags.get(flag);
  if (text === undefined) return undefined;
  if (text === "true") return true;
  if (text === "false") return false;
  throw new FlagError(flag, `${flag} must be true or false, got "${text}"`);
}

function modelSpec(flags: Map<Flag, string>): ModelSpec {
  const kind = flags.get("--model") ?? "linear";
  const bias = boolean(flags, "--bias");
  if (bias !== undefined && kind !== "linear") throw new FlagError("--bias", "--bias applies to the linear model only");
  switch (kind) {
    case "linear":
      return bias === false ? { kind, bias } : { kind };
    case "logistic":
      return { kind };
    case "polynomial":
      return { kind, degree: number(flags, "--degree") ?? 2 };
    case "mlp": {
      const hiddenText = flags.get("--hidden") ?? "4,2";
      const hidden = hiddenText.split(",").map(Number);
      if (hidden.some((units) => !Number.isInteger(units) || units < 1)) {
        throw new FlagError(
          "--hidden",
          `--hidden must be positive whole numbers separated by commas, got "${hiddenText}"`,
        );
      }
      const activation = flags.get("--activation") ?? "tanh";
      if (!(ACTIVATIONS as readonly string[]).includes(activation)) {
        throw new FlagError(
          "--activation",
          `--activation must be one of ${ACTIVATIONS.join(", ")}, got "${activation}"`,
        );
      }
      return { kind, hidden, activation: activation as (typeof ACTIVATIONS)[number] };
    }
    default:
      throw new FlagError("--model", `--model must be one of ${MODEL_KINDS.join(", ")}, got "${kind}"`);
  }
}

function schedule(flags: Map<Flag, string>): RunConfigInput["schedule"] {
  const kind = flags.get("--schedule") ?? "constant";
  switch (kind) {
    case "constant":
      return { kind };
    case "step":
      return { kind, stepSize: number(flags, "--step-size") ?? 100, gamma: number(flags, "--gamma") ?? 0.1 };
    case "exponential":
      return { kind, gamma: number(flags, "--gamma") ?? 0.99 };
    case "cosine":
      return { kind, minLr: number(flags, "--min-lr") ?? 0 };
    default:
      throw new FlagError("--schedule", `--schedule must be constant, step, exponential or cosine, got "${kind}"`);
  }
}

/** `--start 1` or `--start 0.5,-1`: the starting parameters. */
function start(flags: Map<Flag, string>): number[] | undefined {
  const text = flags.get("--start");
  if (text === undefined) return undefined;
  const values = text.split(",").map((part) => (part.trim() === "" ? Number.NaN : Number(part)));
  if (values.some((value) => !Number.isFinite(value))) {
    throw new FlagError("--start", `--start must be numbers separated by commas, got "${text}"`);
  }
  return values;
}

function batchSize(flags: Map<Flag, string>): number | "full" {
  const text = flags.get("--batch-size");
  return text === undefined || text === "full" ? "full" : (number(flags, "--batch-size") ?? "full");
}

/** Reads `--flag value` and `--flag=value` pairs; boolean flags may stand alone. */
function readFlags(argv: readonly string[]): Map<Flag, string> {
  const flags = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const equals = arg.indexOf("=");
    const name = equals < 0 ? arg : arg.slice(0, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    if (!isFlag(name)) throw new FlagError(name, `unknown flag ${name}`);
    if (inline !== undefined) {
      flags.set(name, inline);
    } else if (BOOLEAN_FLAGS.has(name) && (argv[i + 1] === undefined || argv[i + 1]!.startsWith("--"))) {
      flags.set(name, "true");
    } else {
      const value = argv[++i];
      if (value === undefined) throw new FlagError(name, `${name} needs a value`);
      flags.set(name, value);
    }
  }
  return flags;
}

/** The dataset of `--rows`: a JSON dataset ref of kind "rows", read with `readText`. */
function rowsDataset(path: string, readText: (path: string) => string): DatasetRef {
  let json: unknown;
  try {
    json = JSON.parse(readText(path));
  } catch (error) {
    throw new FlagError(
      "--rows",
      `--rows: cannot read ${path} as JSON (${error instanceof Error ? error.message : ""})`,
    );
  }
  const parsed = datasetRefSchema.safeParse(json);
  if (!parsed.success || parsed.data.name !== "rows") {
    throw new FlagError("--rows", `--rows: ${path} holds no { "name": "rows", "rows": ... } dataset`);
  }
  return parsed.data;
}

/**
 * Turns `descend`'s command-line flags into a problem and a validated run configuration. `readText` reads the file
 * of `--rows` (core reads no files itself).
 */
export function parseDescendArgs(
  argv: readonly string[],
  readText: (path: string) => string = () => {
    throw new Error("this caller reads no files");
  },
): ParsedDescendArgs {
  try {
    const flags = readFlags(argv);
    const rowsFile = flags.get("--rows");
    const problem: ProblemSpec = {
      dataset: rowsFile
        ? rowsDataset(rowsFile, readText)
        : {
            name: flags.get("--dataset") ?? "seed-line",
            seed: number(flags, "--data-seed"),
            size: number(flags, "--size"),
            noise: number(flags, "--noise"),
            testFraction: number(flags, "--test-fraction"),
            standardize: boolean(flags, "--standardize"),
          },
      model: modelSpec(flags),
    };
    const parsed = runConfigSchema.safeParse({
      optimizer: flags.get("--optimizer") ?? "sgd",
      lr: number(flags, "--lr") ?? 0.01,
      epochs: number(flags, "--epochs") ?? 1000,
      batchSize: batchSize(flags),
      momentum: number(flags, "--momentum"),
      nesterov: boolean(flags, "--nesterov"),
      schedule: schedule(flags),
      seed: number(flags, "--seed"),
      init: flags.get("--init"),
      start: start(flags),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = String(issue.path[0] ?? "");
      const flag = field === "lr" ? "--lr" : `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      return { ok: false, flag, message: `${flag}: ${issue.message}` };
    }
    return { ok: true, problem, config: parsed.data };
  } catch (error) {
    if (error instanceof FlagError) return { ok: false, flag: error.flag, message: error.message };
    throw error;
  }
}
