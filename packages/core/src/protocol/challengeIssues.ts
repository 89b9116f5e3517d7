// What is wrong with a challenge, field by field, in words for the instructor: the builder shows each message
// beside its input, and the server answers a refused challenge with the same list (`invalid_challenge`, `fields`).
import type { z } from "zod";
import { CSV_LIMITS } from "../datasets/parseCsv.ts";
import { challengeSchema } from "./challenge.ts";
import type { ErrorBody } from "./errors.ts";

/** The places of a challenge a message can stand beside: its fields, the dataset's and the model's options. */
export const CHALLENGE_FIELDS = [
  "challenge",
  "title",
  "dataset",
  "dataset.size",
  "dataset.noise",
  "dataset.testFraction",
  "dataset.csv",
  "model",
  "model.degree",
  "model.hidden",
  "model.activation",
  "optimizers",
  "lrMin",
  "lrMax",
  "epochs",
  "batchSizes",
  "attempts",
  "timeLimitSeconds",
  "scoring",
  "schedules",
  "nesterov",
  "leaderboard",
  "leaderboard.size",
  "start",
] as const;
export type ChallengeField = (typeof CHALLENGE_FIELDS)[number];

/** One problem of a challenge: where it is, and a sentence saying what to change. */
export interface FieldIssue {
  readonly field: ChallengeField;
  readonly message: string;
}

/** An `invalid_challenge` error: its message sums up the problems, `fields` places each one. */
export interface ChallengeErrorBody extends ErrorBody {
  readonly code: "invalid_challenge";
  readonly fields: readonly FieldIssue[];
}

type Issue = z.core.$ZodIssue;

/** How a field is named in a sentence, and how its numbers read (seconds as minutes, fractions as percents). */
interface FieldWords {
  readonly name: string;
  readonly amount?: (value: number) => string;
  /** The sentence for an empty text or list. */
  readonly empty?: string;
}

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return plural(seconds / 3600, "hour");
  if (seconds % 60 === 0) return plural(seconds / 60, "minute");
  return plural(seconds, "second");
}

const WORDS: Record<ChallengeField, FieldWords> = {
  challenge: { name: "The challenge" },
  title: { name: "The title", empty: "Give the challenge a title." },
  dataset: { name: "The dataset" },
  "dataset.size": { name: "The number of rows" },
  "dataset.noise": { name: "The noise" },
  "dataset.testFraction": { name: "The share held out as a test split", amount: (f) => `${Math.round(f * 100)}%` },
  "dataset.csv": { name: "The CSV" },
  model: { name: "The model" },
  "model.degree": { name: "The polynomial's degree" },
  "model.hidden": { name: "Each hidden layer", amount: (units) => plural(units, "unit") },
  "model.activation": { name: "The activation" },
  optimizers: { name: "The allowed optimizers", empty: "Allow at least one optimizer." },
  lrMin: { name: "The smallest learning rate" },
  lrMax: { name: "The largest learning rate" },
  epochs: { name: "The epoch budget", amount: (epochs) => plural(epochs, "epoch") },
  batchSizes: { name: "The allowed batch sizes", empty: "Allow at least one batch size." },
  attempts: { name: "Attempts per student" },
  timeLimitSeconds: { name: "The time limit", amount: duration },
  scoring: { name: "The scoring" },
  schedules: { name: "The allowed schedules" },
  nesterov: { name: "Nesterov momentum" },
  leaderboard: { name: "What students see of the leaderboard" },
  "leaderboard.size": { name: "The number of students on the board", amount: (n) => plural(n, "student") },
  start: { name: "The starting parameters" },
};

const KNOWN = new Set<string>(CHALLENGE_FIELDS);

/** The field an issue's path falls in: its first two named steps when the form has such a field, else its first. */
function fieldOf(path: readonly PropertyKey[]): ChallengeField {
  const named = path.filter((step): step is string => typeof step === "string");
  const two = named.slice(0, 2).join(".");
  if (KNOWN.has(two)) return two as ChallengeField;
  const one = named[0];
  return one !== undefined && KNOWN.has(one) ? (one as ChallengeField) : "challenge";
}

/** The dataset name the input asks for, if it names one. */
function datasetName(input: unknown): unknown {
  if (typeof input !== "object" || input === null || !("dataset" in input)) return undefined;
  const { dataset } = input;
  return typeof dataset === "object" && dataset !== null && "name" in dataset ? dataset.name : dataset;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? "" : "."}`;
}

/** One issue in words. */
function describe(issue: Issue, field: ChallengeField, input: unknown): string {
  const words = WORDS[field];
  const amount = words.amount ?? String;
  // The sizes of a CSV's parts are one rule, said once.
  if (field === "dataset.csv") {
    return `The CSV needs a header row, ${CSV_LIMITS.minRows} to ${CSV_LIMITS.maxRows} rows and 1 to ${CSV_LIMITS.maxFeatures} feature columns, every cell a number.`;
  }
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string" || issue.origin === "array") {
        if (words.empty && Number(issue.minimum) <= 1) return words.empty;
        if (field === "model.hidden") return "A network needs at least one hidden layer.";
        return `${words.name} needs at least ${String(issue.minimum)}${issue.origin === "string" ? " characters" : ""}.`;
      }
      return `${words.name} must be ${issue.inclusive ? "at least" : "above"} ${amount(Number(issue.minimum))}.`;
    case "too_big":
      if (issue.origin === "string") return `${words.name} has at most ${String(issue.maximum)} characters.`;
      if (issue.origin === "array") {
        if (field === "model.hidden") return `A network has at most ${String(issue.maximum)} hidden layers.`;
        return `${words.name} may list at most ${String(issue.maximum)}.`;
      }
      return `${words.name} must be ${issue.inclusive ? "at most" : "below"} ${amount(Number(issue.maximum))}.`;
    case "invalid_type":
      if (issue.path.length === 0 && field === "challenge") return "The challenge must be an object of settings.";
      if (/received undefined/.test(issue.message)) return `${words.name} is missing.`;
      if (issue.expected === "int") return `${words.name} must be a whole number.`;
      if (issue.expected === "number") return `${words.name} must be a number.`;
      return `${words.name} has the wrong kind of value.`;
    case "invalid_value":
    case "invalid_union":
      return field === "dataset"
        ? "Choose one of the datasets, or your own CSV."
        : `${words.name} is not one of the choices offered.`;
    case "custom":
      if (field === "dataset" && datasetName(input) === "csv") return "Upload a CSV file or paste CSV text first.";
      if (field === "lrMin") return "The smallest learning rate must not be above the largest.";
      return sentence(issue.message);
    default:
      return sentence(`${words.name}: ${issue.message}`);
  }
}

/**
 * A union none of whose options matched names the option that came closest: the one whose problems all lie inside
 * the value (a polynomial without its degree), not at its root (not the string shorthand).
 */
function closestOption(issue: Issue): Issue {
  if (issue.code !== "invalid_union") return issue;
  const inside = issue.errors.filter((option) => option.length > 0 && option.every((sub) => sub.path.length > 0));
  const first = inside.length === 1 ? inside[0]![0]! : null;
  return first ? closestOption({ ...first, path: [...issue.path, ...first.path] }) : issue;
}

/** Each problem of a zod parse of a challenge, at most one per field, in words. */
export function describeChallengeIssues(issues: readonly Issue[], input: unknown): FieldIssue[] {
  const byField = new Map<ChallengeField, FieldIssue>();
  for (const raw of issues) {
    const issue = closestOption(raw);
    const field = fieldOf(issue.path);
    if (!byField.has(field)) byField.set(field, { field, message: describe(issue, field, input) });
  }
  return [...byField.values()];
}

/** What keeps `input` from being a challenge, field by field in words; empty when `challengeSchema` accepts it. */
export function challengeIssues(input: unknown): FieldIssue[] {
  const parsed = challengeSchema.safeParse(input);
  return parsed.success ? [] : describeChallengeIssues(parsed.error.issues, input);
}

/** Problems named in a message before the rest are counted: keeps a reply short whatever a client sent. */
const ISSUES_IN_MESSAGE = 3;

/** The `invalid_challenge` error for these problems (at least one). */
export function challengeError(fields: readonly FieldIssue[]): ChallengeErrorBody {
  const named = fields.slice(0, ISSUES_IN_MESSAGE).map((issue) => issue.message);
  const more = fields.length - named.length;
  const message = `${named.join(" ")}${more > 0 ? ` (and ${plural(more, "more problem")})` : ""}`;
  return { code: "invalid_challenge", message, fields };
}
