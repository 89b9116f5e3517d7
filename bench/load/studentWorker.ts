// A forked process running a share of bench:load's simulated students (see runStudentWorker.ts): they stream the
// honest curves of curves.ts, and "done" carries every sample, run tally and rejoin for the parent to check.
import { honestCurves } from "./curves.ts";
import type { WorkerMessage } from "./messages.ts";
import { runStudentWorker } from "./runStudentWorker.ts";

runStudentWorker<WorkerMessage>({
  curves: honestCurves,
  ready: ({ students }, joined, joinMs) => ({
    type: "ready",
    joined,
    failed: students.length - joined,
    joinMs,
    studentIds: students.map((student) => [student.index, student.studentId]),
  }),
  done: ({ students, counters, samples }, cpuMs) => ({
    type: "done",
    samples: samples.toArray(),
    runs: students.flatMap((student) => student.tallies),
    counters,
    connected: students.filter((student) => student.connected).length,
    resyncedAt: students.map((student) => [student.index, student.resyncedAt]),
    lostOnRejoin: students.reduce((sum, student) => sum + student.lostEpochs, 0),
    cpuMs,
  }),
});
