// A worker thread that replays runs with the shared engine, so a long replay never blocks the event loop
// that carries every student's acknowledgements and broadcasts.
import { parentPort } from "node:worker_threads";
import {
  createProblem,
  replayRun,
  type Problem,
  type ProblemSpec,
  type Replay,
  type RunConfig,
  type Split,
} from "@downhill/core";

/** One replay; a worker replays one at a time, so its answers need no id. */
export interface ReplayRequest {
  readonly problem: ProblemSpec;
  readonly config: RunConfig;
  /** The round's held-out rows, to record the test curve on; null for none. */
  readonly testSplit: Split | null;
}

/** The replay, or why the engine could not replay the run. */
export type ReplayResponse =
  { readonly type: "replayed"; readonly replay: Replay } | { readonly type: "failed"; readonly message: string };

// Building a problem generates its dataset; sessions replay many runs of the same one.
const problems = new Map<string, Problem>();
const MAX_CACHED_PROBLEMS = 64;

function problemFor(spec: ProblemSpec): Problem {
  const key = JSON.stringify(spec);
  let problem = problems.get(key);
  if (!problem) {
    if (problems.size >= MAX_CACHED_PROBLEMS) problems.delete(problems.keys().next().value!);
    problem = createProblem(spec);
    problems.set(key, problem);
  }
  return problem;
}

parentPort?.on("message", (request: ReplayRequest) => {
  try {
    const replay = replayRun(problemFor(request.problem), request.config, request.testSplit);
    const response: ReplayResponse = { type: "replayed", replay };
    // The arrays were made by the replay (slices), so their buffers can move to the main thread without a copy.
    const buffers = [replay.losses, replay.params, ...(replay.testLosses ? [replay.testLosses] : [])];
    parentPort!.postMessage(
      response,
      buffers.map((array) => array.buffer as ArrayBuffer),
    );
  } catch (error) {
    const response: ReplayResponse = {
      type: "failed",
      message: error instanceof Error ? error.message : String(error),
    };
    parentPort!.postMessage(response);
  }
});
