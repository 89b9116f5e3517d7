// Every run of the session: who, which configuration, how it ended and why.
import { formatAccuracy, formatBatch, formatLoss, formatLr } from "../../components/class/format.ts";
import { OPTIMIZER_LABELS } from "../../components/class/palette.ts";
import type { ResultRun } from "./api.ts";

function config(run: ResultRun): string {
  const parts = [formatBatch(run.config.batchSize)];
  if (run.config.momentum > 0) parts.push(`momentum ${run.config.momentum}${run.config.nesterov ? " (Nesterov)" : ""}`);
  if (run.config.schedule.kind !== "constant") parts.push(`${run.config.schedule.kind} schedule`);
  return parts.join(", ");
}

export function RunsTable({ runs, showTest }: { runs: readonly ResultRun[]; showTest: boolean }) {
  if (runs.length === 0) return <p className="empty">No runs were started in this session.</p>;
  // Classification runs carry accuracies; regression runs have none.
  const withAccuracy = runs.some((run) => run.trainAccuracy !== null);
  return (
    // Focusable, so a keyboard can scroll the table where it is wider than its panel.
    <div className="table-scroll" tabIndex={0} role="region" aria-label="All runs table">
      <table className="table runs-table">
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col" className="num">
              Attempt
            </th>
            <th scope="col">Optimizer</th>
            <th scope="col" className="num">
              Learning rate
            </th>
            <th scope="col">Settings</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Train loss
            </th>
            {showTest ? (
              <th scope="col" className="num">
                Test loss
              </th>
            ) : null}
            {withAccuracy ? (
              <th scope="col" className="num">
                Train accuracy
              </th>
            ) : null}
            {withAccuracy && showTest ? (
              <th scope="col" className="num">
                Test accuracy
              </th>
            ) : null}
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.runId} data-testid="results-run-row">
              <th scope="row">{run.name}</th>
              <td className="num">{run.attempt}</td>
              <td>{OPTIMIZER_LABELS[run.config.optimizer]}</td>
              <td className="num">{formatLr(run.config.lr)}</td>
              <td>{config(run)}</td>
              <td>
                <span className={`pill pill--${run.status}`}>{run.status}</span>
              </td>
              <td className="num">{formatLoss(run.trainLoss)}</td>
              {showTest ? <td className="num">{formatLoss(run.testLoss)}</td> : null}
              {withAccuracy ? <td className="num">{formatAccuracy(run.trainAccuracy)}</td> : null}
              {withAccuracy && showTest ? <td className="num">{formatAccuracy(run.testAccuracy)}</td> : null}
              <td className="runs-table__reason">
                {run.reason ?? (run.divergedAt !== null ? `diverged at epoch ${run.divergedAt}` : "")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
