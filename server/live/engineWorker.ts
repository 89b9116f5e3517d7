// A worker thread for the shared engine's dear, pure work, so that it never blocks the event loop that carries
// every student's acknowledgements and broadcasts: replaying runs, and preparing a new session from its request's
// body (prepareSession.ts).
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
import { prepareSession, type PreparedOrRefused } from "./prepareSession.ts";

/** One job; a worker does one at a time, so its answers need no id. */
export type EngineRequest =
  | {
      readonly type: "replay";
      readonly problem: ProblemSpec;
      readonly config: RunConfig;
      /** The round's held-out rows, to record the test curve on; null for none. */
      readonly testSplit: Split | null;
    }
  | { readonly type: "prepareSession"; readonly body: Uint8Array };

/** The job's result, or why the engine could not do it. */
export type EngineResponse =
  | { readonly type: "replayed"; readonly replay: Replay }
  | PreparedOrRefused
  | { readonly type: "failed"; readonly message: string };

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

function replay(problem: ProblemSpec, config: RunConfig, testSplit: Split | null): void {
  const replay = replayRun(problemFor(problem), config, testSplit);
  const response: EngineResponse = { type: "replayed", replay };
  // The arrays were made by the replay (slices), so their buffers can move to the main thread without a copy.
  const arrays = [replay.losses, replay.params, ...(replay.testLosses ? [replay.testLosses] : [])];
  parentPort!.postMessage(
    response,
    arrays.map((array) => array.buffer as ArrayBuffer),
  );
}

parentPort?.on("message", (request: EngineRequest) => {
  try {
    if (request.type === "replay") {
      replay(request.problem, request.config, request.testSplit);
    } else {
      // Copied, not moved: the dataset's arrays are a few hundred kilobytes at most, and a copy needs no proof
      // that nothing else here holds them.
      const response: EngineResponse = prepareSession(request.body);
      parentPort!.postMessage(response);
    }
  } catch (error) {
    const response: EngineResponse = {
      type: "failed",
      message: error instanceof Error ? error.message : String(error),
    };
    parentPort!.postMessage(response);
  }
});
