// Where the student's run stands, in words: its status (announced to screen readers), the verified loss, how far
// it sits above the best possible loss, and a plain explanation when it diverged or barely moved.
import type { RunView } from "../../play/RunController.ts";
import type { Reading } from "../../play/diagnosis.ts";
import { formatLoss } from "../class/format.ts";

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

export function RunReport({
  run,
  reading,
  currentLoss,
  gap,
  optimumLoss,
}: {
  run: RunView | null;
  reading: Reading;
  currentLoss: number | null;
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
      {reading.kind === "diverged" ? (
        <p className="descent-callout descent-callout--bad" role="alert" data-testid="divergence-message">
          {reading.message}
        </p>
      ) : verdict?.status === "diverged" ? (
        <p className="descent-callout descent-callout--bad" role="alert" data-testid="divergence-message">
          {verdict.reason ?? "The loss exploded"}. Each step overshoots the valley and lands higher up the other side:
          try a smaller learning rate.
        </p>
      ) : null}
      {reading.kind === "barely-moved" ? (
        <p className="descent-callout descent-callout--warn" role="status" data-testid="barely-moved-message">
          {reading.message}
        </p>
      ) : null}
      {run?.note ? <p className="descent-report__note">{run.note}</p> : null}
      {optimumLoss !== null ? (
        <dl className="descent-gap" data-testid="optimum-gap">
          <dt>Your loss now</dt>
          <dd>{formatLoss(currentLoss)}</dd>
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
