// The student's run settings as typed into the form, and their check against the shared schema and the
// challenge's rules before anything is sent: the same checks the server makes.
import {
  checkRunAgainstChallenge,
  DEFAULT_LEARNING_RATES,
  initializationFor,
  MOMENTUM_OPTIMIZERS,
  runConfigSchema,
  type Challenge,
  type OptimizerName,
  type RunConfig,
} from "@downhill/core";
import { formatBatch, formatLr } from "../components/class/format.ts";
import { OPTIMIZER_LABELS } from "../components/class/palette.ts";

export interface RunForm {
  readonly lr: string;
  readonly optimizer: OptimizerName;
  /** "full" or a number, as the select's value. */
  readonly batchSize: string;
  readonly momentum: string;
  readonly seed: string;
}

/** The form that would start `config`: what a reloaded page shows for the run it resumes or last ran. */
export function runFormFromConfig(config: RunConfig): RunForm {
  return {
    lr: String(config.lr),
    optimizer: config.optimizer,
    batchSize: String(config.batchSize),
    momentum: String(config.momentum),
    seed: String(config.seed),
  };
}

/** A first form for a challenge: its first optimizer, that optimizer's usual rate pulled into the allowed range. */
export function initialRunForm(challenge: Challenge): RunForm {
  const optimizer = challenge.optimizers[0]!;
  const usual = DEFAULT_LEARNING_RATES[optimizer];
  const lr = Math.min(challenge.lrMax, Math.max(challenge.lrMin, usual));
  return {
    lr: String(lr),
    optimizer,
    batchSize: String(challenge.batchSizes[0]!),
    momentum: "0",
    seed: "1",
  };
}

/** The form's fields a problem can stand beside. */
export type RunField = "lr" | "optimizer" | "batchSize" | "momentum" | "seed";

export type CheckedForm =
  | { readonly ok: true; readonly config: RunConfig }
  /** `field`: where the reason is shown; null for a rule no one field breaks. */
  | { readonly ok: false; readonly field: RunField | null; readonly reason: string };

const MAX_SEED = 2_147_483_647;
const MAX_MOMENTUM = 0.999;

const list = (names: readonly string[]) => names.join(", ");

/**
 * Checks the form field by field against the challenge, in words for the student, then parses it with
 * `runConfigSchema` and checks it with `checkRunAgainstChallenge`: the same checks the server makes.
 */
export function checkRunForm(form: RunForm, challenge: Challenge): CheckedForm {
  const refuse = (field: RunField | null, reason: string): CheckedForm => ({ ok: false, field, reason });
  const lr = Number(form.lr);
  if (form.lr.trim() === "" || !Number.isFinite(lr)) return refuse("lr", "Type a learning rate, such as 0.01.");
  if (lr < challenge.lrMin || lr > challenge.lrMax) {
    return refuse("lr", `Pick a learning rate from ${formatLr(challenge.lrMin)} to ${formatLr(challenge.lrMax)}.`);
  }
  if (!challenge.optimizers.includes(form.optimizer)) {
    const allowed = list(challenge.optimizers.map((name) => OPTIMIZER_LABELS[name]));
    return refuse("optimizer", `This challenge allows ${allowed} only.`);
  }
  const batchSize = form.batchSize === "full" ? "full" : Number(form.batchSize);
  if (!challenge.batchSizes.includes(batchSize)) {
    return refuse("batchSize", `This challenge allows ${list(challenge.batchSizes.map(formatBatch))} only.`);
  }
  const hasMomentum = MOMENTUM_OPTIMIZERS.includes(form.optimizer);
  const momentum = hasMomentum ? Number(form.momentum.trim() || "0") : 0;
  if (!(momentum >= 0 && momentum <= MAX_MOMENTUM)) {
    return refuse("momentum", `Momentum is a number from 0 (none) to ${MAX_MOMENTUM}.`);
  }
  const seed = Number(form.seed.trim() || "0");
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    return refuse("seed", `The seed is a whole number from 0 to ${MAX_SEED}.`);
  }
  const parsed = runConfigSchema.safeParse({
    optimizer: form.optimizer,
    lr,
    epochs: challenge.epochs,
    batchSize,
    momentum,
    seed,
    init: initializationFor(challenge.model),
    start: challenge.start,
  });
  // The checks above cover every field the form has; what is left is a rule of the engine the form cannot break.
  if (!parsed.success) return refuse(null, "These settings cannot run; reload the page.");
  const rules = checkRunAgainstChallenge(parsed.data, challenge);
  if (!rules.ok) return refuse(null, `Not allowed in this challenge: ${rules.reason}.`);
  return { ok: true, config: parsed.data };
}

/** Position 0..SLIDER_STEPS of a learning rate on the log-scale slider over [lrMin, lrMax], and back. */
export const SLIDER_STEPS = 1000;

export function lrToSlider(lr: number, challenge: Challenge): number {
  const lo = Math.log10(challenge.lrMin);
  const hi = Math.log10(challenge.lrMax);
  if (!(lr > 0) || hi === lo) return 0;
  const t = (Math.log10(lr) - lo) / (hi - lo);
  return Math.round(Math.min(1, Math.max(0, t)) * SLIDER_STEPS);
}

export function sliderToLr(position: number, challenge: Challenge): number {
  const lo = Math.log10(challenge.lrMin);
  const hi = Math.log10(challenge.lrMax);
  const lr = 10 ** (lo + (position / SLIDER_STEPS) * (hi - lo));
  // Three significant digits, kept inside the range the rounding may have left.
  const rounded = Number(lr.toPrecision(3));
  return Math.min(challenge.lrMax, Math.max(challenge.lrMin, rounded));
}
