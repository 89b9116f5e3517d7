// The ranked table of each student's best verified run. Live it ranks by training loss; after the reveal of a
// hidden-test challenge it ranks by test loss. With `podium`, the top three also stand on a podium.
import type { LeaderboardEntry, LeaderboardView } from "@downhill/core";
import { formatAccuracy, formatBatchShort, formatLoss, formatLr } from "./format.ts";
import { OPTIMIZER_LABELS } from "./palette.ts";

const PLACES = ["1st", "2nd", "3rd"] as const;

export function Leaderboard({
  view,
  highlightStudentId,
  podium,
}: {
  view: LeaderboardView | null;
  highlightStudentId?: string;
  podium?: boolean;
}) {
  const splitLabel = view?.split === "test" ? "Hidden test split" : "Training loss";
  const phase = view?.final ? "Final" : "Live";
  const entries = view?.entries ?? [];
  const top = podium ? entries.slice(0, 3) : [];
  // Classification runs carry an accuracy beside the loss; regression runs have none.
  const withAccuracy = entries.some((entry) => entry.accuracy !== null);

  return (
    <section className="leaderboard" aria-label="Leaderboard" data-testid="leaderboard">
      <p className="leaderboard__meta">
        <span className={`badge ${view?.final ? "badge--final" : "badge--live"}`}>{phase}</span>
        <span>{splitLabel}</span>
        {view ? (
          <span className="leaderboard__total">
            {view.entries.length} of {view.total} ranked
          </span>
        ) : null}
      </p>
      {top.length > 0 ? (
        <ol className="podium" aria-label="Podium">
          {/* Visual order 2nd, 1st, 3rd; the list order stays 1st, 2nd, 3rd for screen readers. */}
          {top.map((entry, index) => (
            <li
              key={entry.studentId}
              className={`podium__step podium__step--${index + 1}${entry.studentId === highlightStudentId ? " is-self" : ""}`}
            >
              <span className="podium__place">{PLACES[index]}</span>
              <span className="podium__name">{entry.name}</span>
              <span className="podium__loss">{formatLoss(entry.loss)}</span>
              <span className="podium__config">
                {OPTIMIZER_LABELS[entry.optimizer]} · lr {formatLr(entry.lr)}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      {entries.length === 0 ? (
        <p className="empty">No verified runs yet.</p>
      ) : (
        // Focusable, so a keyboard can scroll the table where it is wider than its panel.
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Leaderboard table">
          <table className="table leaderboard__table">
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Name</th>
                <th scope="col" className="num">
                  {view?.split === "test" ? "Test loss" : "Loss"}
                </th>
                {withAccuracy ? (
                  <th scope="col" className="num">
                    {view?.split === "test" ? "Test accuracy" : "Accuracy"}
                  </th>
                ) : null}
                <th scope="col">Optimizer</th>
                <th scope="col" className="num">
                  <abbr title="learning rate">LR</abbr>
                </th>
                <th scope="col">Batch</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <Row
                  key={entry.studentId}
                  entry={entry}
                  self={entry.studentId === highlightStudentId}
                  withAccuracy={withAccuracy}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Row({ entry, self, withAccuracy }: { entry: LeaderboardEntry; self: boolean; withAccuracy: boolean }) {
  return (
    <tr className={self ? "is-self" : undefined} data-testid="leaderboard-row" aria-current={self ? "true" : undefined}>
      <td>{entry.rank}</td>
      <th scope="row">
        {entry.name}
        {self ? <span className="sr-only"> (you)</span> : null}
      </th>
      <td className="num">{formatLoss(entry.loss)}</td>
      {withAccuracy ? <td className="num">{formatAccuracy(entry.accuracy)}</td> : null}
      <td>{OPTIMIZER_LABELS[entry.optimizer]}</td>
      <td className="num">{formatLr(entry.lr)}</td>
      <td>{formatBatchShort(entry.batchSize)}</td>
    </tr>
  );
}
