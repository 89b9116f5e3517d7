// The frame of a bench's main process (bench:load, bench:ui): whatever the bench started ends on a signal, at exit
// and at an overall time limit, and the report goes to stdout as a table or as one JSON object.
import { joinBudgetMs } from "./WorkerPool.ts";

export interface Bench<O, R> {
  /** The npm script's name, at the head of every error line. */
  readonly name: string;
  readonly options: O;
  run(options: O): Promise<R>;
  format(report: R): string;
  /** Ends whatever the bench started; synchronous, since it also runs at exit, and safe to call twice. */
  cleanup(): void;
  /** The last lines of the bench's own server, shown when the bench fails or runs out of time (null: none). */
  serverLog(): readonly string[] | null;
}

/** The options `parse` reads from the command line; on a bad argument, the usage and exit code 2. */
export function optionsOrExit<O>(name: string, usage: string, parse: (argv: string[]) => O): O {
  try {
    return parse(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(message === usage ? `${usage}\n` : `${name}: ${message}\n${usage}\n`);
    process.exit(2);
  }
}

/** Runs the bench once, prints its report and exits: 0 on a report, 1 on an error or the time limit. */
export async function runBench<O extends { students: number; duration: number; json: boolean }, R>(
  bench: Bench<O, R>,
): Promise<never> {
  const { name, options } = bench;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      bench.cleanup();
      process.exit(130);
    });
  }
  process.on("exit", () => bench.cleanup());
  // Whatever happens, the bench ends: the join budget, the window, the settling and the checks, plus a margin.
  const overall = setTimeout(
    () => {
      process.stderr.write(`${name}: gave up (overall time limit)\n`);
      printServerLog(bench);
      process.exit(1);
    },
    joinBudgetMs(options.students) + (options.duration + 240) * 1000,
  );
  try {
    const report = await bench.run(options);
    process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : bench.format(report));
    clearTimeout(overall);
    bench.cleanup();
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    printServerLog(bench);
    process.exit(1);
  }
}

/** The last lines of the server the bench started, on stderr, when it started one. */
function printServerLog(bench: { serverLog(): readonly string[] | null }): void {
  const lines = bench.serverLog();
  if (lines) process.stderr.write(`server log tail:\n${lines.join("\n")}\n`);
}
