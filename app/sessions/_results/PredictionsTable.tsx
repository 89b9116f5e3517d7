// Predict, then run, for the class: each prediction a student made before a run, beside what the run came to
// and whether it held (the results API's `predictionHeld`), sorted by learning rate so the class sees where
// its guesses about the edge of stability went wrong.
import { describePrediction } from "@downhill/core";
import { formatLoss, formatLr } from "../../components/class/format.ts";
import type { ResultRun } from "./api.ts";

const HELD_TEXT = { true: "held", false: "did not hold", null: "no result" } as const;

function resultText(run: ResultRun): string {
  if (run.status === "diverged") return "diverged";
  if (run.status === "verified") return `final loss ${formatLoss(run.trainLoss)}`;
  return run.status;
}

export function PredictionsTable({ runs }: { runs: readonly ResultRun[] }) {
  const predicted = runs.filter((run) => run.prediction !== null).sort((a, b) => a.config.lr - b.config.lr);
  if (predicted.length === 0) return <p className="empty">No student predicted a run in this session.</p>;
  const judged = predicted.filter((run) => run.predictionHeld !== null);
  const held = judged.filter((run) => run.predictionHeld === true).length;
  return (
    <>
      <p data-testid="predictions-summary">
        {held} of {judged.length} predictions with a result held.
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Predictions table">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col" className="num">
                Attempt
              </th>
              <th scope="col" className="num">
                Learning rate
              </th>
              <th scope="col">Predicted</th>
              <th scope="col">Result</th>
              <th scope="col">Prediction</th>
            </tr>
          </thead>
          <tbody>
            {predicted.map((run) => (
              <tr key={run.runId} data-testid="prediction-row">
                <th scope="row">{run.name}</th>
                <td className="num">{run.attempt}</td>
                <td className="num">{formatLr(run.config.lr)}</td>
                <td>{run.prediction ? describePrediction(run.prediction) : ""}</td>
                <td>{resultText(run)}</td>
                <td>{HELD_TEXT[`${run.predictionHeld}`]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
