// Where the student's run stands, in words: its status (announced to screen readers), the verified loss, how far
// it sits above the best possible loss, and the server's diagnosis: what happened and one thing to try next.
import {
  describePrediction,
  predictionHeld,
  type Diagnosis,
  type DiagnosisVerdict,
  type RunPrediction,
} from "@downhill/core";
import type { ShownLoss } from "../../play/lossGap.ts";
import type { RunView } from "../../play/RunController.ts";
import { formatAccuracy, formatLoss } from "../class/format.ts";

const PHASE_TEXT: Record<RunView["phase"], string> = {
  starting: "starting",
  running: "running",
  paused: "paused",
  verifying: "verifying",
  verified: "verified",
  diverged: "diverged",
  rejected: "rejected",
  unfinished: "unfinished",
  stopped: "stopped",
};

/** How each verdict is framed: a run that went wrong, one that could do better, or one that got there. */
const VERDICT_TONE: Record<DiagnosisVerdict, "bad" | "warn" | "good"> = {
  diverged: "bad",
  stuck: "bad",
  "too-slow": "warn",
  oscillating: "warn",
  noisy: "warn",
  converged: "good",
};

/** The diagnosis in three short parts: what happened, what to try, and what the server saw on the way. */
function DiagnosisCallout({ diagnosis }: { diagnosis: Diagnosis }) {
  return (
    <div
      className={`descent-callout descent-callout--${VERDICT_TONE[diagnosis.verdict]} descent-diagnosis`}
      role="status"
      data-testid="diagnosis"
      data-verdict={diagnosis.verdict}
    >
      <p className="descent-diagnosis__sentence">{diagnosis.sentence}</p>
      <p className="descent-diagnosis__try">
        <strong>Try this:</strong> {diagnosis.tryThis}
      </p>
      {diagnosis.seen.length > 0 ? (
        <p className="descent-diagnosis__seen">Seen on the way: {diagnosis.seen.join("; ")}.</p>
      ) : null}
    </div>
  );
}

/** The student's own prediction against what the run came to (core's predictionHeld). */
function PredictionCheck({ prediction, verdict }: { prediction: RunPrediction; verdict: RunView["verdict"] }) {
  const held = verdict ? predictionHeld(prediction, verdict) : null;
  const outcome =
    held === null
      ? verdict
        ? "This run has no result to set it against."
        : "The result will tell."
      : held
        ? "It held."
        : "It did not hold.";
  return (
    <p
      className="descent-report__prediction"
      data-testid="own-prediction"
      data-held={held === null ? "" : String(held)}
    >
      You predicted: <strong>{describePrediction(prediction)}</strong>. {outcome}
    </p>
  );
}

export function RunReport({
  run,
  loss,
  gap,
  optimumLoss,
}: {
  run: RunView | null;
  loss: ShownLoss | null;
  gap: { readonly difference: number; readonly ratio: number | null } | null;
  optimumLoss: number | null;
}) {
  const verdict = run?.verdict ?? null;
  return (
    <section className="descent-card descent-report" aria-labelledby="report-heading">
      <h2 id="report-heading">Your run</h2>
      <p className="descent-report__status" aria-live="polite">
        Status:{" "}
        <strong data-testid="run-status" className={`descent-status descent-status--${run?.phase ?? "idle"}`}>
          {run ? PHASE_TEXT[run.phase] : "ready"}
        </strong>
        {run && (run.phase === "running" || run.phase === "paused" || run.phase === "verifying") ? (
          <span className="descent-report__epoch">
            {" "}
            · epoch {run.epoch} of {run.config.epochs} · {run.epochsStored} sent
          </span>
        ) : null}
      </p>
      {verdict?.status === "verified" ? (
        <p className="descent-report__verdict">
          Verified by the server. Final training loss:{" "}
          <strong data-testid="run-loss">{formatLoss(verdict.trainLoss)}</strong>
          {verdict.trainAccuracy !== null ? (
            <>
              {" "}
              · training accuracy: <strong data-testid="run-accuracy">{formatAccuracy(verdict.trainAccuracy)}</strong>
            </>
          ) : null}
        </p>
      ) : null}
      {verdict?.status === "rejected" ? (
        <p className="descent-report__verdict descent-report__verdict--bad" role="alert">
          The server rejected this run: {verdict.reason ?? "it did not match the server's replay"}.
        </p>
      ) : null}
      {verdict?.status === "unfinished" ? (
        <p className="descent-report__verdict" data-testid="run-unfinished">
          {verdict.reason ?? "The round ended before this run was verified"}: it is not scored.
        </p>
      ) : null}
      {verdict?.diagnosis ? (
        <DiagnosisCallout diagnosis={verdict.diagnosis} />
      ) : verdict?.status === "diverged" ? (
        // A run verified before a server restart has its diagnosis read again shortly; until then, the reason.
        <p className="descent-report__verdict descent-report__verdict--bad">
          Diverged: {verdict.reason ?? "the loss exploded"}.
        </p>
      ) : null}
      {run?.prediction ? <PredictionCheck prediction={run.prediction} verdict={verdict} /> : null}
      {run?.note ? <p className="descent-report__note">{run.note}</p> : null}
      {optimumLoss !== null ? (
        <dl className="descent-gap" data-testid="optimum-gap">
          <dt data-testid="shown-loss-label">
            {loss?.measured === "epoch-start"
              ? `Loss at the start of epoch ${loss.epoch + 1} (before its update)`
              : "Your final loss"}
          </dt>
          <dd data-testid="shown-loss">{formatLoss(loss?.loss ?? null)}</dd>
          <dt>Best possible</dt>
          <dd>{formatLoss(optimumLoss)}</dd>
          <dt>Gap</dt>
          <dd>
            {gap ? formatLoss(gap.difference) : "\u2014"}
            {gap?.ratio != null && Number.isFinite(gap.ratio) ? ` (${formatLoss(gap.ratio)}× the best)` : null}
          </dd>
        </dl>
      ) : null}
    </section>
  );
}
