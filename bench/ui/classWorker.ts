// A forked process running a share of the simulated class (bench/load's runStudentWorker.ts): the students stream
// the spread of descents of classCurves.ts, and "done" carries only the counters.
import type { FatalMessage, WorkerCounters } from "../load/messages.ts";
import { runStudentWorker } from "../load/runStudentWorker.ts";
import { classCurves } from "./classCurves.ts";

export type ClassWorkerMessage =
  | { readonly type: "ready"; readonly joined: number; readonly failed: number }
  | { readonly type: "done"; readonly counters: WorkerCounters }
  | FatalMessage;

runStudentWorker<ClassWorkerMessage>({
  curves: classCurves,
  ready: ({ students }, joined) => ({ type: "ready", joined, failed: students.length - joined }),
  done: ({ counters }) => ({ type: "done", counters }),
});
