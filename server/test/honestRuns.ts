// Honest runs for the live server's integration tests: what a student's browser computes with the same engine, and
// its losses streamed to the server batch by batch or through the headless client's RunStream.
import {
  challengeSchema,
  createProblem,
  evaluateAccuracy,
  evaluateLoss,
  runConfigSchema,
  Trainer,
  type AckOf,
  type ChallengeInput,
  type Problem,
  type RunConfig,
  type RunConfigInput,
  type RunPrediction,
} from "@downhill/core";
import { callOver, RunStream } from "@downhill/client";
import { call, expectOk, WAIT_MS, type OkAck, type TestSocket } from "./clients.ts";

export interface HonestRun {
  readonly config: RunConfig;
  /** losses[i]: the training loss at the start of epoch i, null where not finite; shorter when the run diverged. */
  readonly losses: (number | null)[];
  readonly params: number[];
  readonly status: "finished" | "diverged";
  readonly divergedAt: number | null;
  /** Training and test loss of the final parameters, as the server recomputes them. */
  readonly trainLoss: number;
  readonly testLoss: number | null;
  /** Accuracy of the final parameters on each split (classification only), as the server recomputes it. */
  readonly trainAccuracy: number | null;
  readonly testAccuracy: number | null;
}

const problems = new Map<string, Problem>();

function problemOf(challengeInput: ChallengeInput): Problem {
  const challenge = challengeSchema.parse(challengeInput);
  const key = JSON.stringify([challenge.dataset, challenge.model]);
  let problem = problems.get(key);
  if (!problem) {
    problem = createProblem({ dataset: challenge.dataset, model: challenge.model });
    problems.set(key, problem);
  }
  return problem;
}

/** What a student's browser computes for a configuration: the same engine, run to the end. */
export function honestRun(challenge: ChallengeInput, configInput: RunConfigInput): HonestRun {
  const problem = problemOf(challenge);
  const config = runConfigSchema.parse(configInput);
  const trainer = new Trainer(problem, config);
  const status = trainer.runToEnd();
  return {
    config,
    losses: trainer.recordedLosses(),
    params: Array.from(trainer.params),
    status: status === "diverged" ? "diverged" : "finished",
    divergedAt: trainer.divergedAt,
    trainLoss: evaluateLoss(problem, trainer.params, "train"),
    testLoss: problem.dataset.test ? evaluateLoss(problem, trainer.params, "test") : null,
    trainAccuracy: evaluateAccuracy(problem, trainer.params, "train"),
    testAccuracy: evaluateAccuracy(problem, trainer.params, "test"),
  };
}

/** A run id as a client makes one. */
export function newRunId(): string {
  return crypto.randomUUID();
}

/**
 * Streams `losses` as progress batches of `batchSize` epochs starting at batch `fromSeq` (epoch `fromSeq *
 * batchSize`), waiting for each acknowledgement; returns the last one.
 */
export async function sendProgress(
  socket: TestSocket,
  runId: string,
  losses: readonly (number | null)[],
  batchSize: number,
  fromSeq = 0,
): Promise<OkAck<AckOf<"run:progress">>> {
  let last: OkAck<AckOf<"run:progress">> | null = null;
  for (let seq = fromSeq; seq * batchSize < losses.length; seq++) {
    const fromEpoch = seq * batchSize;
    last = expectOk(
      await call(socket, "run:progress", {
        runId,
        seq,
        fromEpoch,
        losses: losses.slice(fromEpoch, fromEpoch + batchSize),
      }),
    );
  }
  if (!last) throw new Error("no batch to send");
  return last;
}

/**
 * Starts one honest run, streams it through the headless client's RunStream in batches of `batchSize` epochs, and
 * finishes it; resolves with the finish acknowledgement, and throws when the stream stops short of a verdict.
 */
export async function playRun(
  socket: TestSocket,
  run: HonestRun,
  options: { runId?: string; batchSize?: number; prediction?: RunPrediction } = {},
): Promise<OkAck<AckOf<"run:finish">>> {
  const runId = options.runId ?? newRunId();
  expectOk(await call(socket, "run:start", { runId, config: run.config, prediction: options.prediction }));
  const stream: RunStream = new RunStream({
    runId,
    call: (event, payload, timeoutMs) => callOver(socket, event, payload, timeoutMs ?? WAIT_MS),
    // A test's socket never joins again by itself: a stream that lost track of the server fails the test.
    requestRejoin: () => stream.stop(null, "the server and the stream disagree on what is stored"),
  });
  const batchSize = options.batchSize ?? 10;
  for (let from = 0; from < run.losses.length; from += batchSize)
    stream.append(from, run.losses.slice(from, from + batchSize), { flush: true });
  stream.complete(run.params);
  const end = await stream.ended;
  if (end.kind === "stopped") throw new Error(`the stream stopped: ${end.code ?? "no code"}: ${end.message}`);
  return { ok: true, ...end.verdict };
}
