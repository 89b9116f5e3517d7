// Times the live views for a large session: 1,000 students, each with one finished 1,000-epoch run, a quarter of
// them with a second run still streaming. Run with `npx tsx scripts/bench-views.ts`; prints milliseconds per call.
import { OPTIMIZER_NAMES, Random } from "@downhill/core";
import {
  buildChart,
  buildLeaderboard,
  buildRoster,
  countSessions,
  type ViewRun,
  type ViewStudent,
} from "../server/live/views.ts";

const STUDENTS = 1_000;
const EPOCHS = 1_000;

const random = new Random(42);
const students: ViewStudent[] = [];
const runs: ViewRun[] = [];
for (let s = 0; s < STUDENTS; s++) {
  const id = `student-${s}`;
  students.push({ id, name: `nick ${s}`, joinOrder: s + 1, kicked: s % 97 === 0, connected: s % 5 !== 0 });
  const attempts = s % 4 === 0 ? 2 : 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const running = attempt === 2;
    const diverged = !running && s % 10 === 0;
    const stored = running ? Math.floor(random.next() * EPOCHS) : EPOCHS;
    const rate = 0.001 + 0.01 * random.next();
    const floor = 0.01 + 0.1 * random.next();
    const losses = new Float64Array(EPOCHS);
    for (let i = 0; i < stored; i++) {
      losses[i] = diverged && i > 500 ? Number.NaN : floor + Math.exp(-rate * i) * (1 + 0.05 * random.next());
    }
    const last = losses[stored - 1] ?? Number.NaN;
    runs.push({
      id: `run-${s}-${attempt}`,
      studentId: id,
      attempt,
      optimizer: OPTIMIZER_NAMES[s % OPTIMIZER_NAMES.length]!,
      lr: rate * 10,
      batchSize: "full",
      status: running ? "running" : diverged ? "diverged" : "verified",
      reason: null,
      trainLoss: running || diverged ? null : last,
      testLoss: running || diverged ? null : last * (1 + 0.1 * random.next()),
      trainAccuracy: null,
      testAccuracy: null,
      divergedAt: diverged ? 501 : null,
      startedAt: 1_000 * s + attempt,
      finishedAt: running ? null : 1_000 * s + 500 + attempt,
      losses,
      epochsStored: stored,
      verifiedEpochs: stored,
      verdict: running ? null : diverged ? "diverged" : "converged",
    });
  }
}

function time(label: string, fn: () => unknown): void {
  for (let i = 0; i < 20; i++) fn();
  const iterations = 200;
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const ms = (performance.now() - start) / iterations;
  console.log(`${label.padEnd(18)} ${ms.toFixed(3)} ms/call`);
}

console.log(`${STUDENTS} students x ${EPOCHS} epochs, ${runs.length} runs`);
time("buildChart", () => buildChart(students, runs, { anonymized: false, epochs: EPOCHS }));
time("buildLeaderboard", () =>
  buildLeaderboard(students, runs, { split: "train", final: false, anonymized: false, limit: 20 }),
);
time("buildRoster", () => buildRoster(students, runs, false));
time("countSessions", () => countSessions(students, runs));
