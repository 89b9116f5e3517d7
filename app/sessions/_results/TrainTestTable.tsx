// After the reveal, each student's best training run with its training and test figures side by side, as TensorFlow
// Playground puts training and test loss together: how far the test split sits from what the student trained on.
import { Fragment } from "react";
import { formatAccuracy, formatLoss } from "../../components/class/format.ts";
import type { ResultRun, SessionResults } from "./api.ts";

/** The two splits side by side: each names its columns' heading, its run fields and its accuracy cells' test id. */
const SPLITS = [
  { split: "train", heading: "Training split", loss: "trainLoss", accuracy: "trainAccuracy" },
  { split: "test", heading: "Test split", loss: "testLoss", accuracy: "testAccuracy" },
] as const;

/** The run each student ranks with on the training board, in its order. */
function bestTrainingRuns(results: SessionResults): ResultRun[] {
  const byId = new Map(results.runs.map((run) => [run.runId, run]));
  return results.leaderboards.train.flatMap((entry) => {
    const run = byId.get(entry.runId);
    return run ? [run] : [];
  });
}

export function TrainTestTable({ results }: { results: SessionResults }) {
  const runs = bestTrainingRuns(results);
  if (runs.length === 0) return <p className="empty">No verified runs to compare.</p>;
  const withAccuracy = runs.some((run) => run.trainAccuracy !== null);
  const span = withAccuracy ? 2 : 1;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Training and test figures">
      <table className="table train-test-table" data-testid="train-test-table">
        <thead>
          <tr>
            <td />
            {SPLITS.map(({ split, heading }) => (
              <th key={split} scope="colgroup" colSpan={span}>
                {heading}
              </th>
            ))}
          </tr>
          <tr>
            <th scope="col">Student</th>
            {SPLITS.map(({ split }) => (
              <Fragment key={split}>
                <th scope="col" className="num">
                  Loss
                </th>
                {withAccuracy ? (
                  <th scope="col" className="num">
                    Accuracy
                  </th>
                ) : null}
              </Fragment>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.runId} data-testid="train-test-row">
              <th scope="row">{run.name}</th>
              {SPLITS.map(({ split, loss, accuracy }) => (
                <Fragment key={split}>
                  <td className="num">{formatLoss(run[loss])}</td>
                  {withAccuracy ? (
                    <td className="num" data-testid={`${split}-accuracy`}>
                      {formatAccuracy(run[accuracy])}
                    </td>
                  ) : null}
                </Fragment>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
