// `npm run bench:ui -- [--students 1000] [--epochs 1000] [--duration 30] [--rate 2] [--batch-epochs 50]
//  [--workers W] [--profile FILE.cpuprofile] [--screenshot FILE.png] [--browser-nice=N] [--json]`
import { parseArgs } from "node:util";

export interface UiOptions {
  readonly students: number;
  /** The challenge's epoch budget: every honest run has exactly this many epochs. */
  readonly epochs: number;
  /** Seconds of streaming after every student has joined. */
  readonly duration: number;
  /** Progress batches per second per student. */
  readonly rate: number;
  /** Epochs per progress batch. */
  readonly batchEpochs: number;
  readonly workers: number;
  readonly json: boolean;
  /** Where to write a CPU profile of the page over the streaming window; null: no profile. */
  readonly profile: string | null;
  /** Where to save a screenshot of the dashboard as a 1920x1080 screen shows it, at the end of the window. */
  readonly screenshot: string | null;
  /** Nice value for the browser's processes (-20..19); null leaves them at the bench's own. */
  readonly browserNice: number | null;
}

export const USAGE =
  "usage: npm run bench:ui -- [--students N] [--epochs E] [--duration S] [--rate R] [--batch-epochs B]\n" +
  "       [--workers W] [--profile FILE.cpuprofile] [--screenshot FILE.png] [--browser-nice=N] [--json]";

/** Parses the bench's flags; throws an Error naming the bad one. */
export function parseUiArgs(argv: readonly string[]): UiOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      students: { type: "string" },
      epochs: { type: "string" },
      duration: { type: "string" },
      rate: { type: "string" },
      "batch-epochs": { type: "string" },
      workers: { type: "string" },
      json: { type: "boolean" },
      profile: { type: "string" },
      screenshot: { type: "string" },
      "browser-nice": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) throw new Error(USAGE);
  const number = (flag: keyof typeof values, fallback: number, min: number, max: number, integer = true) => {
    const raw = values[flag];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new Error(`--${flag} must be ${integer ? "an integer" : "a number"} in ${min}..${max} (got "${raw}")`);
    }
    return value;
  };
  const students = number("students", 1000, 1, 10_000);
  return {
    students,
    epochs: number("epochs", 1000, 10, 10_000),
    duration: number("duration", 30, 2, 600, false),
    rate: number("rate", 2, 0.1, 20, false),
    batchEpochs: number("batch-epochs", 50, 1, 500),
    workers: number("workers", Math.min(4, Math.ceil(students / 500)), 1, 16),
    json: values.json === true,
    profile: values.profile ?? null,
    screenshot: values.screenshot ?? null,
    browserNice: values["browser-nice"] === undefined ? null : number("browser-nice", 0, -20, 19),
  };
}
