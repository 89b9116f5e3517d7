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

export type CheckedForm =
  { readonly ok: true; readonly config: RunConfig } | { readonly ok: false; readonly reason: string };

/** Parses the form with `runConfigSchema` and checks it against the challenge; the reason says what to fix. */
export function checkRunForm(form: RunForm, challenge: Challenge): CheckedForm {
  const lr = Number(form.lr);
  if (form.lr.trim() === "" || !Number.isFinite(lr)) return { ok: false, reason: "Enter a learning rate." };
  const parsed = runConfigSchema.safeParse({
    optimizer: form.optimizer,
    lr,
    epochs: challenge.epochs,
    batchSize: form.batchSize === "full" ? "full" : Number(form.batchSize),
    momentum: MOMENTUM_OPTIMIZERS.includes(form.optimizer) ? Number(form.momentum || "0") : 0,
    seed: Number(form.seed || "0"),
    init: initializationFor(challenge.model),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "settings";
    return { ok: false, reason: `${field}: ${issue?.message ?? "not valid"}` };
  }
  const rules = checkRunAgainstChallenge(parsed.data, challenge);
  if (!rules.ok) return { ok: false, reason: `Not allowed in this challenge: ${rules.reason}.` };
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
