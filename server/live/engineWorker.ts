// A worker thread for the shared engine's dear, pure work, so that it never blocks the event loop that carries
// every student's acknowledgements and broadcasts: replaying runs, and preparing a new session from its request's
// body (prepareSession.ts).
import { parentPort } from "node:worker_threads";
import { createProblem, replayRun, type Problem, type ProblemSpec, type Replay, type RunConfig } from "@downhill/core";
import { prepareSession, type PreparedOrRefused } from "./prepareSession.ts";

/** One job; a worker does one at a time, so its answers need no id. */
export type EngineRequest =
  | { readonly type: "replay"; readonly problem: ProblemSpec; readonly config: RunConfig }
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

function replay(problem: ProblemSpec, config: RunConfig): void {
  const replay = replayRun(problemFor(problem), config);
  const response: EngineResponse = { type: "replayed", replay };
  // Both arrays were made by the replay (slices), so their buffers can move to the main thread without a copy.
  parentPort!.postMessage(response, [replay.losses.buffer as ArrayBuffer, replay.params.buffer as ArrayBuffer]);
}

parentPort?.on("message", (request: EngineRequest) => {
  try {
    if (request.type === "replay") {
      replay(request.problem, request.config);
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
